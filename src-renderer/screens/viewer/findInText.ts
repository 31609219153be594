/**
 * Find in a document's text, as the viewer's search does: every occurrence of the query on every
 * page, in page order, ignoring case and accents ("etat" finds "État") and treating any run of
 * spaces or line breaks as one space. Offsets are in the page's own text, for the highlight.
 */
import type { PageText } from '../../../src-shared/domain';

export interface FindMatch {
  page: number;
  start: number;
  end: number;
}

/** At most this many matches are listed (a one-letter query in a long book). */
export const MAX_MATCHES = 2000;

/** One character as compared: lower case, accents taken off ('É' → 'e', 'œ' stays 'œ'). */
function foldChar(c: string): string {
  return c.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The folded text and, for each of its characters, where it came from in the original. */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let inSpace = false;
  let i = 0;
  for (const c of text) {
    if (/\s/.test(c)) {
      if (!inSpace) {
        folded += ' ';
        origin.push(i);
      }
      inSpace = true;
    } else {
      inSpace = false;
      for (const f of foldChar(c)) {
        folded += f;
        origin.push(i);
      }
    }
    i += c.length;
  }
  origin.push(i);
  return { folded, origin };
}

export function normalizeQuery(query: string): string {
  return fold(query.trim()).folded;
}

export function findMatches(pages: readonly PageText[], query: string, max = MAX_MATCHES): FindMatch[] {
  const needle = normalizeQuery(query);
  if (!needle) return [];
  const matches: FindMatch[] = [];
  for (const page of [...pages].sort((a, b) => a.page - b.page)) {
    const { folded, origin } = fold(page.text);
    let from = 0;
    for (;;) {
      const at = folded.indexOf(needle, from);
      if (at < 0) break;
      const last = at + needle.length - 1;
      // The end is just after the original character the match's last folded character came from.
      const lastOrigin = origin[last];
      const end = lastOrigin + (page.text.codePointAt(lastOrigin)! > 0xffff ? 2 : 1);
      matches.push({ page: page.page, start: origin[at], end });
      if (matches.length >= max) return matches;
      from = at + needle.length;
    }
  }
  return matches;
}
