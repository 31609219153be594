/**
 * A windowed list with a fixed row height: only the rows in view (plus a small margin) are in the DOM,
 * absolutely placed inside a spacer as tall as the whole list, so 10,000 documents scroll as smoothly
 * as 10. Keyboard: the parent moves the active row; `activeIndex` is scrolled into view.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { scrollToShow, visibleRows } from './virtualWindow';

interface Props {
  count: number;
  rowHeight: number;
  /** Viewport height in pixels (the list scrolls inside it). */
  height: number;
  renderRow(index: number): ReactNode;
  /** Row kept in view (keyboard navigation). */
  activeIndex?: number | null;
  /**
   * Changed by the parent when the keyboard moved the active row: the element marked `data-row-focus`
   * in that row gets the focus as soon as the row is rendered (after a long jump, once scrolled).
   */
  focusRequest?: number;
  overscan?: number;
  className?: string;
  label: string;
  onKeyDown?(event: KeyboardEvent<HTMLDivElement>): void;
  testId?: string;
}

export function VirtualList({ count, rowHeight, height, renderRow, activeIndex = null, focusRequest = 0, overscan = 6, className, label, onKeyDown, testId }: Props) {
  const viewport = useRef<HTMLDivElement>(null);
  const focusPending = useRef(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(height);

  // The real height once laid out (CSS may make it smaller than asked on a small window).
  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewportHeight(el.clientHeight || height));
    observer.observe(el);
    return () => observer.disconnect();
  }, [height]);

  useEffect(() => {
    const el = viewport.current;
    if (!el || activeIndex === null || activeIndex < 0) return;
    const next = scrollToShow(activeIndex, el.scrollTop, el.clientHeight || height, rowHeight);
    if (next !== null) el.scrollTop = next;
  }, [activeIndex, rowHeight, height]);

  useEffect(() => {
    if (focusRequest !== 0) focusPending.current = focusRequest;
  }, [focusRequest]);
  // Runs after every render of the list, including the one its own scrolling causes.
  useEffect(() => {
    if (!focusPending.current || activeIndex === null) return;
    const target = viewport.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"] [data-row-focus]`);
    if (!target) return;
    focusPending.current = 0;
    target.focus();
  });

  const { start, end } = visibleRows({ scrollTop, viewportHeight, rowHeight, count, overscan });
  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <div
        key={i}
        role="listitem"
        aria-setsize={count}
        aria-posinset={i + 1}
        className="vlist-row"
        style={{ position: 'absolute', top: i * rowHeight, height: rowHeight, left: 0, right: 0 }}
        data-index={i}
      >
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div
      ref={viewport}
      className={`vlist ${className ?? ''}`}
      style={{ height, overflowY: 'auto', position: 'relative' }}
      role="list"
      aria-label={label}
      data-testid={testId}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: count * rowHeight, position: 'relative' }}>{rows}</div>
    </div>
  );
}
