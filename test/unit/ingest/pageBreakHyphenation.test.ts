/**
 * Words hyphenated across a page break, through the whole cleaning: the word is completed on the
 * page where it starts, and every block's offsets still point at its own text.
 */
import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../../src-main/core/ingest/clean/cleanDocument';
import type { ExtractedDocument, TextBlock } from '../../../src-main/core/ingest/extract/types';

/** A document whose pages are made of blocks (paragraphs), as the PDF extractor builds them. */
function paginated(pages: string[][], format: ExtractedDocument['format'] = 'pdf'): ExtractedDocument {
  const blocks: TextBlock[] = [];
  const texts = pages.map((paragraphs, i) => {
    let text = '';
    for (const p of paragraphs) {
      if (text) text += '\n\n';
      blocks.push({ page: i + 1, start: text.length, end: text.length + p.length, kind: 'paragraph', headingPath: [] });
      text += p;
    }
    return text;
  });
  return { format, mime: 'application/pdf', title: null, pages: texts.map((text, i) => ({ page: i + 1, text })), blocks };
}

const blockTexts = (doc: ExtractedDocument) => doc.pages.map((p) => doc.blocks.filter((b) => b.page === p.page).map((b) => p.text.slice(b.start, b.end)));

describe('words hyphenated across a page break', () => {
  it('completes the word, with its punctuation, on the page where it starts', () => {
    const doc = cleanDocument(paginated([['Intro.', 'The committee made a recom-'], ['mendation, then left.', 'Next part.']]));
    expect(blockTexts(doc)).toEqual([['Intro.', 'The committee made a recommendation,'], ['then left.', 'Next part.']]);
  });

  it('drops a block that held only the second half', () => {
    const doc = cleanDocument(paginated([['A long story about infor-'], ['mation.', 'Then more.']]));
    expect(blockTexts(doc)).toEqual([['A long story about information.'], ['Then more.']]);
  });

  it('keeps the hyphen of a compound and leaves capitals and dashes apart', () => {
    expect(blockTexts(cleanDocument(paginated([['Il viendra peut-'], ['être demain.']])))).toEqual([['Il viendra peut-être'], ['demain.']]);
    expect(blockTexts(cleanDocument(paginated([['Signed by Jean-'], ['Pierre Martin.']])))).toEqual([['Signed by Jean-'], ['Pierre Martin.']]);
    expect(blockTexts(cleanDocument(paginated([['Three items -'], ['one, two.']])))).toEqual([['Three items -'], ['one, two.']]);
  });

  it('leaves a page alone when the word is all it holds', () => {
    expect(blockTexts(cleanDocument(paginated([['The end of a chap-'], ['ter'], ['New page.']])))).toEqual([['The end of a chap-'], ['ter'], ['New page.']]);
  });

  it('only joins physical pages', () => {
    const doc = cleanDocument(paginated([['Slide about recom-'], ['mendations.']], 'pptx'));
    expect(blockTexts(doc)).toEqual([['Slide about recom-'], ['mendations.']]);
  });
});
