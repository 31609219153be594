/**
 * The cleaning every extracted document goes through before chunking: NFC, ligatures, invisible
 * characters, words broken at line ends, running headers and footers, words broken across pages,
 * whitespace. Page texts are rewritten and the blocks' offsets follow, so chunk offsets keep pointing
 * into the text that `library.text` returns; a block left empty (a header line on its own) disappears.
 */
import type { ExtractedDocument, TextBlock } from '../extract/types';
import { hyphenationEdits, lazyVocabulary } from './hyphenation';
import { ligatureEdits } from './ligatures';
import { pageBreakHyphenationEdits } from './pageBreakHyphenation';
import { repeatedLineEdits } from './repeatedLines';
import { applyEdits, type TextEdit } from './textEdits';
import { invisibleCharacterEdits, nfcEdits } from './unicode';
import { whitespaceEdits } from './whitespace';

/** Formats whose pages are physical pages with running headers and footers. */
const PAGINATED = new Set<string>(['pdf', 'image']);

export function cleanDocument(doc: ExtractedDocument): ExtractedDocument {
  const texts = doc.pages.map((p) => p.text);
  // Offsets of every block, per page: [start0, end0, start1, end1, ...].
  const blocksByPage = doc.pages.map(() => [] as TextBlock[]);
  for (const b of doc.blocks) blocksByPage[b.page - 1]?.push(b);
  const offsets = blocksByPage.map((blocks) => blocks.flatMap((b) => [b.start, b.end]));

  const step = (editsOf: (text: string, page: number) => TextEdit[]) => {
    texts.forEach((text, i) => {
      texts[i] = applyEdits(text, editsOf(text, i), offsets[i]);
    });
  };
  step(invisibleCharacterEdits);
  step(nfcEdits);
  step(ligatureEdits);
  const vocabulary = lazyVocabulary(texts);
  step((text) => hyphenationEdits(text, vocabulary));
  if (PAGINATED.has(doc.format)) {
    const repeated = repeatedLineEdits(texts);
    step((_, i) => repeated[i]);
    const acrossPages = pageBreakHyphenationEdits(texts, vocabulary);
    step((_, i) => acrossPages[i]);
  }
  step(whitespaceEdits);

  const blocks: TextBlock[] = [];
  // Every block carries its headings: each different one is cleaned once.
  const cleanHeadings = new Map<string, string>();
  const cleanHeading = (heading: string) => {
    let clean = cleanHeadings.get(heading);
    if (clean === undefined) cleanHeadings.set(heading, (clean = cleanLine(heading)));
    return clean;
  };
  blocksByPage.forEach((pageBlocks, i) => {
    pageBlocks.forEach((b, j) => {
      let start = offsets[i][2 * j];
      let end = offsets[i][2 * j + 1];
      const text = texts[i];
      while (start < end && /\s/.test(text[start])) start++;
      while (end > start && /\s/.test(text[end - 1])) end--;
      if (end > start) blocks.push({ ...b, start, end, headingPath: b.headingPath.map(cleanHeading) });
    });
  });
  blocks.sort((a, b) => a.page - b.page || a.start - b.start);
  return {
    ...doc,
    title: doc.title === null ? null : cleanLine(doc.title) || null,
    pages: doc.pages.map((p, i) => ({ ...p, text: texts[i] })),
    blocks,
  };
}

/** The same cleaning for a title or heading (one line, no offsets to keep). */
export function cleanLine(text: string): string {
  let t = text;
  for (const edits of [invisibleCharacterEdits, nfcEdits, ligatureEdits]) t = applyEdits(t, edits(t), []);
  return t.replace(/\s+/g, ' ').trim();
}
