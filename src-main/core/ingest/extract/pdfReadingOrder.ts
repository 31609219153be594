/**
 * Two-column pages in reading order. pdf.js returns text items in the order the PDF draws them; many
 * producers draw a two-column page column by column, but others draw it row by row across both
 * columns, or the right column first, and then a sentence of the left column is interleaved with
 * lines of the right one. The page is cut into horizontal bands at lines that cross the gutter
 * (title, authors, a full-width abstract or figure caption, a centred page number); inside a band
 * that really is two columns of text, every item of the left column comes before every item of the
 * right one. Anything else keeps the order pdf.js gave, so single-column pages, forms and tables
 * come out exactly as before: a wrong cut mixes text worse than no cut.
 */

/** What this needs of a pdf.js text item. */
export interface PositionedItem {
  str: string;
  /** [a, b, c, d, x, y]: x and y are the start of the baseline, in PDF units (y grows upwards). */
  transform: number[];
  width?: number;
  height: number;
}

interface Fragment {
  x0: number;
  x1: number;
  y: number;
  height: number;
  chars: number;
  items: number[];
}

type Side = 'left' | 'right';

/** Horizontal gap, in line heights, that ends a run of text: wider than a word space, narrower than a gutter. */
const FRAGMENT_GAP = 1.2;
/** The gutter is looked for between these shares of the text's width (columns need not be equal). */
const GUTTER_RANGE = [0.3, 0.7] as const;
/** Narrowest gutter, in line heights. */
const MIN_GUTTER = 0.8;
/** Lines of text each column of a band must have. */
const MIN_COLUMN_LINES = 3;
/** Characters of a line of running text (a table cell or a figure label has fewer). */
const MIN_LINE_CHARS = 20;

/**
 * The items in reading order: the same array when the page is not (partly) two columns of text,
 * otherwise a permutation in which each two-column band reads left column, then right column.
 */
export function inReadingOrder<T extends PositionedItem>(items: T[]): T[] {
  const fragments = toFragments(items);
  if (fragments.length < 2 * MIN_COLUMN_LINES) return items;
  const gutter = findGutter(fragments);
  if (gutter === null) return items;

  // Rows top-down; a row with a fragment across the gutter is full-width and closes the band above it.
  const rows = toRows(fragments);
  const bands: { columns: boolean; fragments: Fragment[] }[] = [];
  let open: Fragment[] = [];
  const close = () => {
    if (open.length) bands.push({ columns: isTwoColumns(open, gutter.middle), fragments: open });
    open = [];
  };
  for (const row of rows) {
    if (row.some((f) => f.x0 < gutter.middle && f.x1 > gutter.middle)) {
      close();
      bands.push({ columns: false, fragments: row });
    } else {
      open.push(...row);
    }
  }
  close();
  if (!bands.some((b) => b.columns)) return items;

  // Each item gets a rank (band, then column); a stable sort keeps pdf.js's order inside a rank.
  const rank = new Array<number>(items.length).fill(-1);
  bands.forEach((band, b) => {
    for (const f of band.fragments) {
      const column = band.columns && sideOf(f, gutter.middle) === 'right' ? 1 : 0;
      for (const i of f.items) rank[i] = 2 * b + column;
    }
  });
  // Spaces, empty end-of-line markers and rotated text have no useful box: they follow the item
  // drawn before them (or, at the start of the page, the one drawn after).
  let previous = rank.find((r) => r >= 0) ?? 0;
  for (let i = 0; i < rank.length; i++) {
    if (rank[i] < 0) rank[i] = previous;
    else previous = rank[i];
  }
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => rank[a.i] - rank[b.i] || a.i - b.i)
    .map((e) => e.item);
}

/** Runs of text on one baseline, split where the gap is wider than a word space. */
function toFragments(items: PositionedItem[]): Fragment[] {
  const boxes: { i: number; x0: number; x1: number; y: number; height: number; chars: number }[] = [];
  items.forEach((item, i) => {
    const [a, b, c, d, x, y] = item.transform.map((v) => Number(v) || 0);
    const text = item.str.trim();
    // Rotated or mirrored text (a margin stamp, a rotated table header) is not part of a column.
    if (!text || Math.abs(b) > 1e-3 || Math.abs(c) > 1e-3 || a <= 0 || d <= 0) return;
    const height = Math.abs(item.height) || d;
    const width = Math.abs(Number(item.width) || 0) || text.length * height * 0.5;
    boxes.push({ i, x0: x, x1: x + width, y, height, chars: text.length });
  });
  const fragments: Fragment[] = [];
  for (const row of toRows(boxes)) {
    row.sort((p, q) => p.x0 - q.x0);
    let current: Fragment | null = null;
    for (const box of row) {
      const gap = current ? box.x0 - current.x1 : Infinity;
      if (current && gap <= FRAGMENT_GAP * Math.max(current.height, box.height)) {
        current.x1 = Math.max(current.x1, box.x1);
        current.height = Math.max(current.height, box.height);
        current.chars += box.chars;
        current.items.push(box.i);
      } else {
        current = { x0: box.x0, x1: box.x1, y: box.y, height: box.height, chars: box.chars, items: [box.i] };
        fragments.push(current);
      }
    }
  }
  return fragments;
}

/** Groups boxes whose baselines are within half a line height (superscripts stay on their line), top-down. */
function toRows<B extends { y: number; height: number }>(boxes: B[]): B[][] {
  const sorted = [...boxes].sort((p, q) => q.y - p.y);
  const rows: B[][] = [];
  let row: B[] = [];
  let top = 0;
  let height = 0;
  for (const box of sorted) {
    if (row.length && top - box.y > Math.max(height, box.height) * 0.5) {
      rows.push(row);
      row = [];
    }
    if (!row.length) {
      top = box.y;
      height = box.height;
    }
    row.push(box);
  }
  if (row.length) rows.push(row);
  return rows;
}

/**
 * The gutter: the vertical strip, in the central part of the text, that stays free of text down the
 * longest run of rows with text on both sides of it (counted per side, as the two columns' baselines
 * need not line up). Looking down runs of rows rather than the whole page finds the gutter under a
 * full-width figure or listing, whose ragged lines end anywhere. Null when no strip is wide and
 * long enough.
 */
function findGutter(fragments: Fragment[]): { start: number; end: number; middle: number } | null {
  const minX = Math.min(...fragments.map((f) => f.x0));
  const maxX = Math.max(...fragments.map((f) => f.x1));
  const width = maxX - minX;
  const heights = fragments.map((f) => f.height).sort((p, q) => p - q);
  const lineHeight = heights[Math.floor(heights.length / 2)];
  if (width < 8 * lineHeight) return null;
  const rows = toRows(fragments);
  let best: { score: number; x: number; from: number; to: number } | null = null;
  for (let x = Math.floor(minX + GUTTER_RANGE[0] * width); x <= minX + GUTTER_RANGE[1] * width; x++) {
    let from = 0;
    let left = 0;
    let right = 0;
    rows.forEach((row, r) => {
      if (row.some((f) => f.x0 < x && f.x1 > x)) {
        from = r + 1;
        left = right = 0;
        return;
      }
      if (row.some((f) => f.x1 <= x)) left++;
      if (row.some((f) => f.x0 >= x)) right++;
      const score = Math.min(left, right);
      if (!best || score > best.score) best = { score, x, from, to: r };
    });
  }
  if (!best) return null;
  const { score, x, from, to } = best as { score: number; x: number; from: number; to: number };
  if (score < MIN_COLUMN_LINES) return null;
  const run = rows.slice(from, to + 1).flat();
  const start = Math.max(...run.filter((f) => f.x1 <= x).map((f) => f.x1));
  const end = Math.min(...run.filter((f) => f.x0 >= x).map((f) => f.x0));
  if (end - start < MIN_GUTTER * lineHeight) return null;
  return { start, end, middle: (start + end) / 2 };
}

function sideOf(fragment: Fragment, gutter: number): Side {
  return fragment.x1 <= gutter ? 'left' : 'right';
}

/**
 * Whether a band without full-width lines is two columns of running text rather than a table, a
 * form or a figure: on each side, most of the characters are in lines of text, each alone on its
 * row and filling most of the column. A listing or a figure inside a column is allowed; table
 * cells are short, vary in length and share their rows with other cells.
 */
function isTwoColumns(fragments: Fragment[], gutter: number): boolean {
  for (const side of ['left', 'right'] as const) {
    const own = fragments.filter((f) => sideOf(f, gutter) === side);
    if (own.length < MIN_COLUMN_LINES) return false;
    const x0 = Math.min(...own.map((f) => f.x0));
    const x1 = Math.max(...own.map((f) => f.x1));
    const textLines = toRows(own)
      .filter((row) => row.length === 1)
      .flat()
      .filter((f) => f.x1 - f.x0 >= 0.7 * (x1 - x0) && f.chars >= MIN_LINE_CHARS);
    if (textLines.length < MIN_COLUMN_LINES) return false;
    const chars = (list: Fragment[]) => list.reduce((sum, f) => sum + f.chars, 0);
    if (chars(textLines) < 0.5 * chars(own)) return false;
  }
  return true;
}
