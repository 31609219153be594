/**
 * Which rows of a fixed-row-height list are worth rendering: those in the viewport plus a few on
 * each side (so a fast scroll does not show blank space). Pure, so it is tested without a browser.
 */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan: number;
}

/** Rows `start` (included) to `end` (excluded). */
export interface RowWindow {
  start: number;
  end: number;
}

export function visibleRows({ scrollTop, viewportHeight, rowHeight, count, overscan }: WindowInput): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}

/** The scroll position that brings row `index` into view, or null when it is already fully visible. */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return null;
}
