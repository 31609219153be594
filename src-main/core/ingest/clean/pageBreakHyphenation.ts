/**
 * Words hyphenated across a page break ("rep-" ending page 3, "resentations" starting page 4) are
 * rejoined like words broken at a line end, with one difference: a citation points to a page, so the
 * word is completed on the page where it starts and its second half leaves the next page. Each page
 * keeps its own text and offsets; the next page's first block simply starts one word later (or
 * disappears if that word was all it held). Runs after running headers and footers are removed, or
 * the page number would sit between the two halves.
 */
import { isBrokenWord, type Vocabulary } from './hyphenation';
import type { TextEdit } from './textEdits';

/** Edits per page (same order as `pages`). */
export function pageBreakHyphenationEdits(pages: string[], vocabulary?: Vocabulary): TextEdit[][] {
  const edits = pages.map((): TextEdit[] => []);
  for (let i = 0; i + 1 < pages.length; i++) {
    const body = pages[i].trimEnd();
    // Only the end of the page is looked at: a word is never longer than this.
    const tail = body.slice(-200);
    const left = /(\p{L}[\p{L}-]*)-$/u.exec(tail)?.[1];
    const right = /^\s*(\S+)[ \t]*/u.exec(pages[i + 1]);
    if (!left || !right) continue;
    // The next page is not emptied of its only word (and cannot also lose its own last word).
    if (right[0].length >= pages[i + 1].trimEnd().length) continue;
    const word = right[1];
    // A compound split at its hyphen ("well-" / "known") keeps it; anything not lower-case stays apart.
    const joined = isBrokenWord(left, word, vocabulary) ? word : /^\p{Ll}/u.test(word) ? `-${word}` : null;
    if (joined === null) continue;
    const hyphen = body.length - 1;
    edits[i].push({ start: hyphen, end: hyphen + 1, replacement: joined });
    edits[i + 1].push({ start: 0, end: right[0].length, replacement: '' });
  }
  return edits;
}
