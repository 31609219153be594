/**
 * A three-column page through the real PDFium: a PDF written row by row across its three columns (as
 * some newsletter and report producers draw) comes out one column after the other, each column's
 * sentence whole.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_OCR } from '../../../src-main/core/ocr/ocrOptions';
import { extractDocument } from '../../../src-main/core/ingest/extract/extractDocument';
import type { ExtractedDocument } from '../../../src-main/core/ingest/extract/types';
import { textPdf, type PdfLine } from './textPdf';

const extract = (bytes: Uint8Array, file: string) => extractDocument('pdf', bytes, { file, ocr: { ...DEFAULT_OCR, mode: 'never' } });
const blockTexts = (doc: ExtractedDocument, page: number) => doc.blocks.filter((b) => b.page === page).map((b) => doc.pages[page - 1].text.slice(b.start, b.end));

describe('three-column PDF pages in reading order', () => {
  // One sentence per column, each ended by a full stop (an open one would be joined with the head of
  // the next column, which is the paragraph builder's business, not the reading order's). Lines of
  // about 30 characters at 10 pt are at most 160 pt wide: gutters of 20 pt between columns 180 pt apart.
  const columns = [
    ['The harbour board met on Monday', 'to discuss the plans for a new', 'quay, which the fishermen have', 'asked for since the old one was', 'damaged in the winter storms.'],
    ['Work on the quay will start in', 'the spring if the council agrees', 'to pay for half of the cost, and', 'the rest will come from a fund', 'set up by the regional office.'],
    ['Boats will use the north pier', 'while the works go on, and the', 'ferry to the island will leave', 'from the town beach for most of', 'the summer months of next year.'],
  ];
  const title = 'News from the Harbour Board and the Town Council';

  it('reads a page drawn row by row across its three columns one column after the other', async () => {
    const page: PdfLine[] = [{ x: 110, y: 740, text: title, size: 16 }];
    for (let i = 0; i < columns[0].length; i++) {
      columns.forEach((lines, c) => page.push({ x: 54 + 180 * c, y: 700 - 12 * i, text: lines[i] }));
    }
    const doc = await extract(new Uint8Array(textPdf([page])), 'three-columns.pdf');
    expect(blockTexts(doc, 1)).toEqual([title, ...columns.map((lines) => lines.join(' '))]);
  });

  it('keeps a page drawn column by column in its order', async () => {
    const page: PdfLine[] = columns.flatMap((lines, c) => lines.map((text, i) => ({ x: 54 + 180 * c, y: 700 - 12 * i, text })));
    const doc = await extract(new Uint8Array(textPdf([page])), 'three-columns-drawn-by-column.pdf');
    expect(blockTexts(doc, 1)).toEqual(columns.map((lines) => lines.join(' ')));
  });
});
