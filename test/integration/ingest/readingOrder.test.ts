/**
 * Reading order and page-break hyphenation through the real PDFium: the corpus's two-column paper
 * (ACM, drawn column by column), the same paper's text runs put in row-by-row order (as other
 * producers draw), a PDF written row by row across two columns, and words split across pages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OCR } from '../../../src-main/core/ocr/ocrOptions';
import { extractDocument } from '../../../src-main/core/ingest/extract/extractDocument';
import { inReadingOrder } from '../../../src-main/core/ingest/extract/pdfReadingOrder';
import { openPdfium } from '../../../src-main/core/pdf/pdfium';
import { pageTextRuns } from '../../../src-main/core/pdf/pdfiumText';
import type { ExtractedDocument } from '../../../src-main/core/ingest/extract/types';
import { corpusFile } from '../../helpers/paths';
import { textPdf, type PdfLine } from './textPdf';

const extract = (bytes: Uint8Array, file: string) => extractDocument('pdf', bytes, { file, ocr: { ...DEFAULT_OCR, mode: 'never' } });
const tracemonkey = corpusFile('pdf', 'pdfjs_tracemonkey.pdf');
let tracemonkeyDoc: Promise<ExtractedDocument> | null = null;
const extractTracemonkey = () => (tracemonkeyDoc ??= extract(new Uint8Array(readFileSync(tracemonkey)), tracemonkey));
const blockTexts = (doc: ExtractedDocument, page: number) => doc.blocks.filter((b) => b.page === page).map((b) => doc.pages[page - 1].text.slice(b.start, b.end));

describe('two-column PDF pages in reading order', () => {
  // A sentence over three lines of page 1's left column, the last line of that column's body text
  // and the first line of the right column.
  const sentence = 'Our method provides cheap inter-procedural type specialization, and an elegant and efficient way of incrementally compiling';
  const leftEnd = 'standard for client-side web programming';
  const rightStart = 'and is used for the application logic';

  it('reads the corpus paper left column, then right column', async () => {
    const page = (await extractTracemonkey()).pages[0].text;
    expect(page).toContain(sentence);
    expect(page).toContain('Dynamic languages such as JavaScript are more difficult to compile than statically typed ones.');
    expect(page.indexOf(leftEnd)).toBeGreaterThan(page.indexOf(sentence));
    expect(page.indexOf(rightStart)).toBeGreaterThan(page.indexOf(leftEnd));
    expect(page.indexOf('Trace-based Just-in-Time Type Specialization')).toBe(0);
  });

  it('restores the columns of the same page when its runs come row by row', async () => {
    const pdf = await openPdfium(new Uint8Array(readFileSync(tracemonkey)));
    try {
      const runs = pdf.withPage(1, (page) => pageTextRuns(pdf.module, page));
      // Top to bottom, then left to right: both columns interleaved line by line.
      const rowwise = [...runs].sort((a, b) => Math.round(b.transform[5]) - Math.round(a.transform[5]) || a.transform[4] - b.transform[4]);
      const text = (list: typeof runs) => list.map((r) => r.str).join(' ').replace(/\s+/g, ' ');
      expect(text(runs)).toContain(sentence);
      expect(text(rowwise)).not.toContain(sentence);
      const restored = text(inReadingOrder(rowwise));
      expect(restored).toContain(sentence);
      expect(restored.indexOf(leftEnd)).toBeGreaterThan(restored.indexOf(sentence));
      expect(restored.indexOf(rightStart)).toBeGreaterThan(restored.indexOf(leftEnd));
    } finally {
      pdf.close();
    }
  });

  it('reads a PDF drawn row by row across its two columns as two columns', async () => {
    const left = ['The left column begins with a sentence that', 'runs across several lines of the column and', 'ends here, after the third line of the left.'];
    const right = ['The right column starts at the top of the page', 'with its own sentence, which the reader meets', 'only after the whole of the left column is read.'];
    const page: PdfLine[] = [{ x: 150, y: 740, text: 'A Title That Spans Both Columns of the Page', size: 16 }];
    left.forEach((text, i) => page.push({ x: 54, y: 700 - 12 * i, text }, { x: 320, y: 700 - 12 * i, text: right[i] }));
    page.push({ x: 303, y: 40, text: '7' });
    const doc = await extract(new Uint8Array(textPdf([page])), 'rows.pdf');
    expect(blockTexts(doc, 1)).toEqual(['A Title That Spans Both Columns of the Page', left.join(' '), right.join(' '), '7']);
  });
});

describe('a sentence that goes on in the next column', () => {
  it('is one paragraph again on the corpus paper, its footnote after it', async () => {
    const doc = await extractTracemonkey();
    const blocks = blockTexts(doc, 1);
    const joined = blocks.findIndex((b) => b.includes('standard for client-side web programming and is used for the application logic'));
    expect(joined).toBeGreaterThanOrEqual(0);
    expect(blocks[joined + 1]).toMatch(/^Permission to make digital or hard copies/);
  });

  it('joins the foot of the left column to the head of the right one only when the sentence is open', async () => {
    const filler = Array.from({ length: 9 }, (_, i) => `line ${i + 1} of the running text that fills the left column`);
    const page = (left: string[], right: string[]): PdfLine[] => [
      ...[...filler, ...left].map((text, i) => ({ x: 54, y: 700 - 12 * i, text })),
      ...right.map((text, i) => ({ x: 320, y: 700 - 12 * i, text })),
    ];
    const left = ['The survey covered every district of the region', 'and its results were published in a report that', 'the council discussed at length during its'];
    const right = ['spring session, before the vote on the budget.', 'The second part of the report describes the', 'methods that the survey teams used in the field.'];
    const open = await extract(new Uint8Array(textPdf([page(left, right)])), 'open.pdf');
    expect(blockTexts(open, 1)).toEqual([[...filler, ...left, ...right].join(' ')]);

    const closedLeft = [...left.slice(0, 2), 'the council discussed at length in the spring.'];
    const closed = await extract(new Uint8Array(textPdf([page(closedLeft, right)])), 'closed.pdf');
    expect(blockTexts(closed, 1)).toEqual([[...filler, ...closedLeft].join(' '), right.join(' ')]);

    const capitalRight = ['Spring came early that year, and the teams', 'went back to the field to finish their work on', 'the remaining districts before the summer.'];
    const capital = await extract(new Uint8Array(textPdf([page(left, capitalRight)])), 'capital.pdf');
    expect(blockTexts(capital, 1)).toEqual([[...filler, ...left].join(' '), capitalRight.join(' ')]);
  });
});

describe('words hyphenated across a page break', () => {
  it('completes the word on the page where it starts', async () => {
    const pages: PdfLine[][] = [
      [
        { x: 72, y: 700, text: 'The committee published its final report and the' },
        { x: 72, y: 688, text: 'text ends with its most important recom-' },
      ],
      [
        { x: 72, y: 700, text: 'mendation, which the board adopted without' },
        { x: 72, y: 688, text: 'changes at its next meeting.' },
      ],
    ];
    const doc = await extract(new Uint8Array(textPdf(pages)), 'break.pdf');
    expect(blockTexts(doc, 1)).toEqual(['The committee published its final report and the text ends with its most important recommendation,']);
    expect(blockTexts(doc, 2)).toEqual(['which the board adopted without changes at its next meeting.']);
  });

  it('rejoins the corpus paper\'s "rep-" / "resentations" on the page where it starts', async () => {
    const doc = await extractTracemonkey();
    const page = doc.pages.findIndex((p) => p.text.endsWith('objects’ representations'));
    expect(page).toBeGreaterThanOrEqual(0);
    expect(doc.pages[page + 1].text.startsWith('are assigned an integer key')).toBe(true);
    const last = doc.blocks.filter((b) => b.page === page + 1).at(-1)!;
    expect(doc.pages[page].text.slice(last.start, last.end).endsWith('representations')).toBe(true);
  });
});
