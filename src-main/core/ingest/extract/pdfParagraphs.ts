/**
 * A PDF page's text runs to paragraphs: runs in reading order (pdfReadingOrder.ts) become lines where
 * the baseline moves, lines become paragraphs where the gap between them is larger than the page's
 * usual line spacing, and words hyphenated across lines are rejoined (otherwise "recom-" and
 * "mendation" never match a search for the word).
 *
 * A sentence that runs from the foot of one column to the head of the next is one paragraph again,
 * even when a footnote sits between them at the foot of the first column: a chunk boundary there
 * would cut the sentence in two, and neither half answers a question about it.
 */
// "recom-" + "mendation" -> "recommendation", but "peut-" + "être" keeps its hyphen.
import { joinLines } from '../clean/hyphenation';
import { foldSpaces } from './pageBuilder';
import { inReadingOrder, type PositionedItem } from './pdfReadingOrder';

interface Line {
  text: string;
  /** Start of the first run: x of its origin, y of its baseline (PDF units, y upwards). */
  x: number;
  y: number;
  height: number;
}

interface Paragraph {
  text: string;
  first: Line;
  last: Line;
  /** The most common line height of the paragraph: its body size. */
  height: number;
}

/** Text of the page, paragraph by paragraph. */
export function pageParagraphs(runs: PositionedItem[]): string[] {
  return joinColumnBreaks(toParagraphs(toLines(runs))).map((p) => p.text);
}

function toLines(items: PositionedItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  for (const item of inReadingOrder(items)) {
    const x = Number(item.transform[4]) || 0;
    const y = Number(item.transform[5]) || 0;
    const height = Math.abs(Number(item.height)) || Math.abs(Number(item.transform[3])) || 0;
    // A new line when the baseline moves by more than half a line height.
    if (current && item.str && Math.abs(y - current.y) > Math.max(current.height, height, 1) * 0.5) {
      lines.push(current);
      current = null;
    }
    if (!current) current = { text: '', x, y, height };
    current.text += item.str;
    current.height = Math.max(current.height, height);
  }
  if (current) lines.push(current);
  return lines.map((l) => ({ ...l, text: foldSpaces(l.text) })).filter((l) => l.text.length > 0);
}

function toParagraphs(lines: Line[]): Paragraph[] {
  if (lines.length === 0) return [];
  // The usual distance between consecutive baselines on this page: the median of the downward gaps.
  const gaps = lines
    .slice(1)
    .map((l, i) => lines[i].y - l.y)
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  const spacing = gaps.length ? gaps[Math.floor(gaps.length / 2)] : 0;
  const paragraphs: Paragraph[] = [];
  let members: Line[] = [lines[0]];
  let text = lines[0].text;
  const close = () => paragraphs.push({ text, first: members[0], last: members[members.length - 1], height: commonHeight(members) });
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1];
    const line = lines[i];
    const gap = prev.y - line.y;
    // A larger gap than usual, or a jump upwards (next column, next box), starts a paragraph.
    const breaks = gap <= 0 || (spacing > 0 && gap > spacing * 1.45) || gap > Math.max(prev.height, line.height) * 2.2;
    if (breaks) {
      close();
      members = [line];
      text = line.text;
    } else {
      members.push(line);
      // The paragraph so far ends with the previous line (whatever joinLines did, it ends with its
      // right side): asking the joined text whether it ends with a hyphen would flatten it at every line.
      text = prev.text.endsWith('-') ? joinLines(text, line.text) : `${text} ${line.text}`;
    }
  }
  close();
  return paragraphs;
}

function commonHeight(lines: Line[]): number {
  const counts = new Map<number, number>();
  for (const l of lines) {
    const h = Math.round(l.height * 10) / 10;
    counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
}

/** Ends that close a sentence (or a title, a list item): anything else may go on in the next column. */
const CLOSED = /[.!?:;…"”»)\]}]$/u;
/** Lines (in body heights) the head of the next column is above the foot of the first, at least. */
const MIN_COLUMN_JUMP = 10;
/** Paragraphs that may sit between the two halves (footnotes, a small caption at the column's foot). */
const MAX_FLOATS = 2;

/**
 * Joins a paragraph left open at the foot of a column with its end at the head of the next: the next
 * one starts higher on the page and to the right, in the same body size, with a lower-case letter;
 * only smaller text (footnotes) may come between them, and it is kept after the joined paragraph.
 */
function joinColumnBreaks(paragraphs: Paragraph[]): Paragraph[] {
  const out = [...paragraphs];
  for (let i = 0; i < out.length; i++) {
    const open = out[i];
    // Its last character is enough (CLOSED has no character outside the BMP), and a regular
    // expression anchored at the end is otherwise tried from every position of the paragraph.
    if (CLOSED.test(open.text.slice(-1))) continue;
    for (let j = i + 1; j < out.length && j <= i + 1 + MAX_FLOATS; j++) {
      const next = out[j];
      const sameBody = Math.abs(next.height - open.height) <= 0.1 * open.height;
      // Up by many lines and to the right: a column's head, not the next cell of a table row.
      const nextColumn = next.first.y > open.last.y + MIN_COLUMN_JUMP * open.height && next.first.x > open.last.x + 4 * open.height;
      if (sameBody && nextColumn && /^\p{Ll}/u.test(next.text)) {
        out[i] = { ...open, text: joinLines(open.text, next.text), last: next.last };
        out.splice(j, 1);
        // The joined paragraph may go on into a third column.
        i--;
        break;
      }
      // Only smaller text may come between the two halves.
      if (next.height >= 0.95 * open.height) break;
    }
  }
  return out;
}
