/**
 * Running headers and footers ("Guide du nouveau responsable Debian 3 / 58", "Page Proof Pending
 * Publication", "Cite as: 598 U. S. 17 (2023) 25") and bare page numbers repeat on most pages of a
 * PDF. Left in, they land inside chunks, match every query about the title and split sentences that
 * run across pages. A line is taken as one when, after page numbers are masked, the same text sits
 * among the first or last lines of enough pages.
 */
import type { TextEdit } from './textEdits';

/** Lines looked at, at the top and at the bottom of each page. */
const EDGE_LINES = 3;
/** Longer lines are body text even when repeated. */
const MAX_LINE_LENGTH = 200;
/** A line must repeat on this many pages, and on this share of the pages... */
const MIN_PAGES = 3;
const MIN_SHARE = 0.3;

interface Line {
  start: number;
  end: number;
  key: string;
}

/** The line with its numbers masked: "Page 3 / 58" and "Page 4 / 58" share a key. */
export function lineKey(line: string): string {
  return line
    .toLowerCase()
    .replace(/\b[ivxlcdm]+\b(?=\s*$)/g, '#')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

function edgeLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  for (const raw of text.split('\n')) {
    const start = pos;
    pos += raw.length + 1;
    const trimmed = raw.trim();
    if (trimmed && trimmed.length <= MAX_LINE_LENGTH) lines.push({ start, end: start + raw.length, key: lineKey(trimmed) });
    else if (trimmed) lines.push({ start, end: start + raw.length, key: '' });
  }
  if (lines.length <= EDGE_LINES * 2) return lines;
  return [...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)];
}

/** For each page, the edits removing its repeated header and footer lines. */
export function repeatedLineEdits(pages: string[]): TextEdit[][] {
  const none = pages.map(() => [] as TextEdit[]);
  if (pages.length < MIN_PAGES) return none;
  const perPage = pages.map(edgeLines);
  const pagesWithKey = new Map<string, number>();
  for (const lines of perPage) {
    for (const key of new Set(lines.map((l) => l.key))) if (key) pagesWithKey.set(key, (pagesWithKey.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(MIN_PAGES, Math.ceil(pages.length * MIN_SHARE));
  const repeated = new Set([...pagesWithKey].filter(([, n]) => n >= threshold).map(([key]) => key));
  if (repeated.size === 0) return none;
  return perPage.map((lines, i) =>
    lines
      .filter((l) => l.key && repeated.has(l.key))
      .map((l) => ({ start: l.start, end: Math.min(l.end + 1, pages[i].length), replacement: '' })),
  );
}
