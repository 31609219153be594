/**
 * Pages of two or three columns in reading order. Text runs come in the order the PDF draws them;
 * many producers draw a page of columns column by column, but others draw it row by row across the
 * columns, or the right column first, and then a sentence of one column is interleaved with lines
 * of the others. The page's gutters are found (one for two columns; two, roughly at a third and two
 * thirds of the text's width, for three), the page is cut into horizontal bands at rows that cross
 * a gutter (title, authors, a full-width abstract or figure caption, a page number centred under
 * two columns), and inside a band that really is columns of text, every item of a column comes
 * before every item of the column to its right (a line that crosses no gutter, such as a page
 * number centred under three columns, is read with the column it stands in). Anything else keeps
 * the drawing order, so single-column pages, forms and tables come out exactly as before: a wrong
 * cut mixes text worse than no cut. For the same reason a page is read as three columns only when
 * that puts more of its text in columns than reading it as two does; otherwise the two-column
 * reading stands, whatever the three-column search found.
 */

/** What this needs of a text run (PDFium's runs have the shape of pdf.js text items). */
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

interface Gutter {
  start: number;
  end: number;
  middle: number;
}

/** At x, the longest run of rows free of text there (rows `from` to `to`), scored by its lines on the weaker side. */
interface Strip {
  x: number;
  score: number;
  from: number;
  to: number;
}

interface Band {
  columns: boolean;
  fragments: Fragment[];
}

/** Horizontal gap, in line heights, that ends a run of text: wider than a word space, narrower than a gutter. */
const FRAGMENT_GAP = 1.2;
/** The gutter of two columns is looked for between these shares of the text's width (columns need not be equal). */
const GUTTER_RANGE = [0.3, 0.7] as const;
/** The gutters of three columns are looked for between these shares (columns need not be equal either). */
const THREE_COLUMN_RANGE = [0.15, 0.85] as const;
/** Narrowest middle column of three, as a share of the text's width. */
const MIN_MIDDLE_COLUMN = 0.15;
/** Narrowest gutter, in line heights. */
const MIN_GUTTER = 0.8;
/** Lines of text each column of a band must have. */
const MIN_COLUMN_LINES = 3;
/** Characters of a line of running text (a table cell or a figure label has fewer). */
const MIN_LINE_CHARS = 20;

/**
 * The items in reading order: the same array when the page is not (partly) columns of text,
 * otherwise a permutation in which each band of columns reads its columns from left to right.
 */
export function inReadingOrder<T extends PositionedItem>(items: T[]): T[] {
  const fragments = toFragments(items);
  if (fragments.length < 2 * MIN_COLUMN_LINES) return items;
  const rows = toRows(fragments);
  const { two, three } = findGutters(fragments, rows);
  if (!two && !three) return items;

  const twoBands = two ? toBands(rows, [two.middle]) : [];
  let middles = two ? [two.middle] : [];
  let bands = twoBands;
  if (three) {
    const threeBands = toBands(rows, three.map((g) => g.middle));
    if (columnChars(threeBands) > columnChars(twoBands)) {
      middles = three.map((g) => g.middle);
      bands = threeBands;
    }
  }
  if (!bands.some((b) => b.columns)) return items;

  // Each item gets a rank (band, then column); a stable sort keeps the drawing order inside a rank.
  const columns = middles.length + 1;
  const rank = new Array<number>(items.length).fill(-1);
  bands.forEach((band, b) => {
    for (const f of band.fragments) {
      const column = band.columns ? columnOf(f, middles) : 0;
      for (const i of f.items) rank[i] = columns * b + column;
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
    const t = item.transform;
    const a = Number(t[0]) || 0;
    const b = Number(t[1]) || 0;
    const c = Number(t[2]) || 0;
    const d = Number(t[3]) || 0;
    const x = Number(t[4]) || 0;
    const y = Number(t[5]) || 0;
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
 * The gutter of two columns, and the two gutters of three. A gutter is a vertical strip that stays
 * free of text down the longest run of rows with text on both sides of it (counted per side, as the
 * columns' baselines need not line up). Looking down runs of rows rather than the whole page finds
 * the gutter under a full-width figure or listing, whose ragged lines end anywhere. Null when no
 * strip is wide and long enough.
 *
 * Every page has its central part searched for the gutter of two columns. Only a page that seems to
 * have a middle column has the search widened towards the margins, where the gutters of three
 * columns may be: the best strip, and the best one at least a narrow column away from it.
 */
function findGutters(fragments: Fragment[], rows: Fragment[][]): { two: Gutter | null; three: [Gutter, Gutter] | null } {
  const none = { two: null, three: null };
  let minX = Infinity;
  let maxX = -Infinity;
  for (const f of fragments) {
    minX = Math.min(minX, f.x0);
    maxX = Math.max(maxX, f.x1);
  }
  const width = maxX - minX;
  const heights = fragments.map((f) => f.height).sort((p, q) => p - q);
  const lineHeight = heights[Math.floor(heights.length / 2)];
  if (width < 8 * lineHeight) return none;

  const maybeThree = hasMiddleColumn(fragments, minX + THREE_COLUMN_RANGE[0] * width, minX + THREE_COLUMN_RANGE[1] * width);
  const range = maybeThree ? THREE_COLUMN_RANGE : GUTTER_RANGE;
  const strips = scanStrips(rows, Math.floor(minX + range[0] * width), minX + range[1] * width);
  const gutterOf = (strip: Strip | null) => (strip ? toGutter(rows, strip, MIN_GUTTER * lineHeight) : null);

  // The same integer positions as a search of the central part alone, so two columns are found as
  // they always were.
  const twoFrom = Math.floor(minX + GUTTER_RANGE[0] * width);
  const two = gutterOf(bestStrip(strips.filter((s) => s.x >= twoFrom && s.x <= minX + GUTTER_RANGE[1] * width)));
  if (!maybeThree) return { two, three: null };

  const first = gutterOf(bestStrip(strips));
  if (!first) return { two, three: null };
  const apart = MIN_MIDDLE_COLUMN * width;
  const second = gutterOf(bestStrip(strips.filter((s) => s.x < first.start - apart || s.x > first.end + apart)));
  if (!second) return { two, three: null };
  return { two, three: first.middle < second.middle ? [first, second] : [second, first] };
}

/**
 * The cheap test before the wider search: the middle one of three columns has lines of running text
 * between the outer gutters' ranges, with as many lines of running text ending to their left and
 * starting to their right. A single column's lines start at the margin; two columns' have nothing
 * beside them on both sides.
 */
function hasMiddleColumn(fragments: Fragment[], from: number, to: number): boolean {
  const lines = fragments.filter((f) => f.chars >= MIN_LINE_CHARS);
  if (lines.length < 3 * MIN_COLUMN_LINES) return false;
  // A line has MIN_COLUMN_LINES lines wholly to its left when it starts at or after the
  // MIN_COLUMN_LINES-th smallest end, and as many to its right when it ends by the MIN_COLUMN_LINES-th largest start.
  const ends = lines.map((f) => f.x1).sort((p, q) => p - q);
  const starts = lines.map((f) => f.x0).sort((p, q) => q - p);
  const left = Math.max(from, ends[MIN_COLUMN_LINES - 1]);
  const right = Math.min(to, starts[MIN_COLUMN_LINES - 1]);
  return lines.filter((f) => f.x0 >= left && f.x1 <= right).length >= MIN_COLUMN_LINES;
}

/**
 * For each integer x from `fromX` to `toX`, the longest run of rows with text on both sides of x and
 * none across it; only the strips that can make a gutter (toGutter drops any scoring less than
 * MIN_COLUMN_LINES, and bestStrip keeps the first of the best), so only the x with at least that many
 * rows ending at or before it and as many starting at or after it are scanned. On a page of one
 * column (no row starts far from the left margin) that leaves none.
 */
function scanStrips(rows: Fragment[][], fromX: number, toX: number): Strip[] {
  if (rows.length < MIN_COLUMN_LINES) return [];
  // It runs for every x on every page: plain loops, and each row's earliest end and latest start
  // computed once (the row has text left of x when its earliest end is, right of x likewise).
  const firstEnd = rows.map((row) => Math.min(...row.map((f) => f.x1)));
  const lastStart = rows.map((row) => Math.max(...row.map((f) => f.x0)));
  const lowest = [...firstEnd].sort((p, q) => p - q)[MIN_COLUMN_LINES - 1];
  const highest = [...lastStart].sort((p, q) => q - p)[MIN_COLUMN_LINES - 1];
  const strips: Strip[] = [];
  // The same integer positions as a scan from `fromX`, from the first one at or after `lowest`.
  for (let x = fromX + Math.max(0, Math.ceil(lowest - fromX)); x <= toX && x <= highest; x++) {
    let from = 0;
    let left = 0;
    let right = 0;
    let best: Strip | null = null;
    for (let r = 0; r < rows.length; r++) {
      if (crosses(rows[r], x)) {
        from = r + 1;
        left = right = 0;
        continue;
      }
      if (firstEnd[r] <= x) left++;
      if (lastStart[r] >= x) right++;
      const score = Math.min(left, right);
      if (!best || score > best.score) best = { score, x, from, to: r };
    }
    if (best && best.score >= MIN_COLUMN_LINES) strips.push(best);
  }
  return strips;
}

function crosses(row: Fragment[], x: number): boolean {
  for (const f of row) if (f.x0 < x && f.x1 > x) return true;
  return false;
}

/** The first of the best-scoring strips (the leftmost: a gutter's strips all score the same). */
function bestStrip(strips: Strip[]): Strip | null {
  let best: Strip | null = null;
  for (const s of strips) if (!best || s.score > best.score) best = s;
  return best;
}

/** The free strip's edges: the columns' nearest ends down its run of rows. Null when too short or too narrow. */
function toGutter(rows: Fragment[][], strip: Strip, minWidth: number): Gutter | null {
  const { score, x, from, to } = strip;
  if (score < MIN_COLUMN_LINES) return null;
  const run = rows.slice(from, to + 1).flat();
  const start = Math.max(...run.filter((f) => f.x1 <= x).map((f) => f.x1));
  const end = Math.min(...run.filter((f) => f.x0 >= x).map((f) => f.x0));
  if (end - start < minWidth) return null;
  return { start, end, middle: (start + end) / 2 };
}

/** Rows top-down; a row with a fragment across a gutter is full-width and closes the band above it. */
function toBands(rows: Fragment[][], middles: number[]): Band[] {
  const bands: Band[] = [];
  let open: Fragment[] = [];
  const close = () => {
    if (open.length) bands.push({ columns: isColumns(open, middles), fragments: open });
    open = [];
  };
  for (const row of rows) {
    if (middles.some((m) => crosses(row, m))) {
      close();
      bands.push({ columns: false, fragments: row });
    } else {
      open.push(...row);
    }
  }
  close();
  return bands;
}

/** Characters a layout reads as columns: the evidence weighed between two and three columns. */
function columnChars(bands: Band[]): number {
  let chars = 0;
  for (const band of bands) if (band.columns) for (const f of band.fragments) chars += f.chars;
  return chars;
}

/** 0 for the leftmost column, 1 for the next... (a fragment of a band of columns crosses no gutter). */
function columnOf(fragment: Fragment, middles: number[]): number {
  return middles.filter((m) => fragment.x1 > m).length;
}

/**
 * Whether a band without full-width lines is columns of running text rather than a table, a form
 * or a figure: in each column, most of the characters are in lines of text, each alone on its row
 * and filling most of the column. A listing or a figure inside a column is allowed; table cells are
 * short, vary in length and share their rows with other cells.
 */
function isColumns(fragments: Fragment[], middles: number[]): boolean {
  for (let column = 0; column <= middles.length; column++) {
    const own = fragments.filter((f) => columnOf(f, middles) === column);
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
