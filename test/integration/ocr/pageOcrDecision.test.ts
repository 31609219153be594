/**
 * Which PDF pages OCR reads, and why (issue 12 "Wrong 7", issue 13 §2), on PDFs written by the test
 * and read by the real PDFium and tesseract:
 * - a text PDF whose cover holds a few characters and no picture, and a blank page, are not OCR'd;
 * - a page with a tiny text layer (a caption) and a big picture of text is, with its reason recorded
 *   on the page and the document, shown by `phare docs show` (JSON and text, English and French);
 * - a picture too small to hold text (a logo) does not send its page to OCR;
 * - OCR pages run beside the text pages: every text page is out while the picture page is still read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main';
import { extractPdf } from '../../../src-main/core/ingest/extract/pdf';
import type { GrayImage } from '../../../src-main/core/ocr/grayImage';
import { decidePageOcr, pictureCouldHoldText, pictureDpi, textPictureResolution } from '../../../src-main/core/ocr/pageOcrDecision';
import { openPdfium } from '../../../src-main/core/pdf/pdfium';
import { pagePictures } from '../../../src-main/core/pdf/pdfiumPictures';
import type { DocumentRecord, PageSummary } from '../../../src-shared/domain';
import { corpusFile } from '../../helpers/paths';
import { captureIo } from '../cli/captureIo';
import { firstPage } from './images';
import { mixedPdf, prosePage } from './mixedPdf';

let root: string;
let data: string;
let photo: GrayImage;

async function phare(args: string[], lang = 'en_US.UTF-8') {
  const io = captureIo({ LANG: lang }, root);
  const code = await runCli([...args, '--data', data], io);
  return { code, out: io.out, err: io.err };
}

async function ingestShown(name: string, bytes: Buffer): Promise<DocumentRecord & { pages: PageSummary[]; id: string }> {
  const file = join(root, name);
  writeFileSync(file, bytes);
  const ingested = await phare(['ingest', file, '--json']);
  expect(ingested.code, ingested.err).toBe(0);
  const [result] = JSON.parse(ingested.out) as Array<{ documentId: string; status: string }>;
  expect(result.status).toBe('ready');
  const shown = await phare(['docs', 'show', result.documentId, '--json']);
  expect(shown.code, shown.err).toBe(0);
  return JSON.parse(shown.out) as DocumentRecord & { pages: PageSummary[]; id: string };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-ocr-decision-'));
  data = join(root, 'library');
  // 640 x 480 pixels of typed English (the corpus's tesseract test picture).
  photo = await firstPage(corpusFile('ocr', 'en', 'tessocr_phototest.tif'));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the per-page OCR decision', () => {
  it('does not OCR a cover of six characters without a picture, nor a blank page', async () => {
    const pdf = mixedPdf([{ lines: [{ x: 250, y: 600, text: 'Manual', size: 28 }] }, prosePage(2), {}, prosePage(4)]);
    const doc = await ingestShown('cover.pdf', pdf);
    expect(doc.pages.map((p) => p.ocr)).toEqual([false, false, false, false]);
    expect(doc.ocrPages).toBe(0);
    expect(doc.ocrReasons).toEqual([]);
    expect(doc.pages.every((p) => p.ocrReason === null)).toBe(true);
    const text = await phare(['docs', 'show', doc.id]);
    expect(text.out).toMatch(/^ocr pages\s+0$/m);
  });

  it('OCRs a page with a caption and a picture of text, and says which page and why', async () => {
    const pdf = mixedPdf([
      prosePage(1),
      // A caption of five characters over a picture of text drawn 4.4 x 3.3 inches (150 ppi).
      { lines: [{ x: 56, y: 80, text: 'Fig 1' }], picture: { image: photo, x: 56, y: 120, width: 307.2, height: 230.4 } },
      prosePage(3),
    ]);
    const doc = await ingestShown('figure.pdf', pdf);
    expect(doc.pages.map((p) => p.ocr)).toEqual([false, true, false]);
    expect(doc.pages[1].ocrReason).toBe('no-text-layer');
    expect(doc.ocrPages).toBe(1);
    expect(doc.ocrReasons).toEqual([{ reason: 'no-text-layer', pages: [2] }]);
    const page = await phare(['docs', 'text', doc.id]);
    expect(page.out).toMatch(/quick brown (dog|fox)/);

    const en = await phare(['docs', 'show', doc.id]);
    expect(en.out).toMatch(/^ocr pages\s+1 \(p\. 2: no text layer, a picture that could hold text\)$/m);
    expect(en.out).toMatch(/^\s+2\s+\d+ chars\s+OCR \d+% \(no text layer, a picture that could hold text\)$/m);
    const fr = await phare(['docs', 'show', doc.id], 'fr_FR.UTF-8');
    expect(fr.out).toContain('p. 2: pas de couche texte, une image pouvant contenir du texte');
  }, 300_000);

  it('leaves a page whose only picture is too small to hold text (a logo) to its text layer', async () => {
    const logo: GrayImage = { width: 24, height: 24, data: new Uint8Array(24 * 24).fill(40) };
    const pdf = mixedPdf([{ lines: [{ x: 250, y: 600, text: 'Acme' }], picture: { image: logo, x: 280, y: 650, width: 36, height: 36 } }, prosePage(2)]);
    const doc = await ingestShown('logo.pdf', pdf);
    expect(doc.ocrPages).toBe(0);
    expect(doc.pages[0].ocr).toBe(false);
  });

  it('lists the pictures of a page with their drawn size and pixels (PDFium page objects)', async () => {
    const pdf = await openPdfium(
      new Uint8Array(mixedPdf([{ picture: { image: photo, x: 10, y: 20, width: 320, height: 240 } }, { lines: [{ x: 10, y: 10, text: 'text only' }] }])),
    );
    try {
      const [first, second] = [1, 2].map((n) => pdf.withPage(n, (page) => pagePictures(pdf.module, page)));
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({ pixelWidth: 640, pixelHeight: 480 });
      expect(first[0].width).toBeCloseTo(320, 0);
      expect(first[0].height).toBeCloseTo(240, 0);
      expect(second).toEqual([]);
    } finally {
      pdf.close();
    }
  });

  it('decides from the text layer first, then from the pictures, and draws low-resolution pictures at less than 300 dpi', () => {
    const page = 612 * 792;
    const scan = { width: 612, height: 792, pixelWidth: 2550, pixelHeight: 3300 };
    const icon = { width: 20, height: 20, pixelWidth: 64, pixelHeight: 64 };
    const strip = { width: 612, height: 10, pixelWidth: 2550, pixelHeight: 40 };
    expect(pictureCouldHoldText(scan)).toBe(true);
    expect(pictureCouldHoldText(icon)).toBe(false);
    expect(textPictureResolution([icon], page)).toBeNull();
    expect(textPictureResolution([scan, icon], page)).toBeCloseTo(300, 0);
    // A scan cut into thin strips that cover the page together.
    expect(textPictureResolution(Array.from({ length: 79 }, () => strip), page)).not.toBeNull();
    expect(pictureDpi(300)).toBe(300);
    expect(pictureDpi(72)).toBe(150);
    expect(pictureDpi(96)).toBe(192);

    const never = () => {
      throw new Error('pictures listed for nothing');
    };
    const prose = 'The library keeps every document and the passages that answer a question, with their pages and titles.';
    expect(decidePageOcr('auto', prose, never)).toEqual({ read: false });
    expect(decidePageOcr('never', '', never)).toEqual({ read: false });
    expect(decidePageOcr('always', prose, never)).toEqual({ read: true, reason: 'ocr-always', dpi: 300 });
    expect(decidePageOcr('auto', '#$%& *+<=> @^_| ~#$% &*+< =>@^ _|~# $%&* +<=>@ ^_|~', never)).toEqual({ read: true, reason: 'garbled-text-layer', dpi: 300 });
    expect(decidePageOcr('auto', 'debian', () => null)).toEqual({ read: false });
    expect(decidePageOcr('auto', '', () => 72)).toEqual({ read: true, reason: 'no-text-layer', dpi: 150 });
  });
});

describe('OCR pages beside the text pages', () => {
  it('has every text page out while the picture page is still being read, and keeps page order', async () => {
    const pages = [{ picture: { image: photo, x: 56, y: 200, width: 480, height: 360 } }, ...Array.from({ length: 40 }, (_, i) => prosePage(i + 2, 10))];
    const seen: number[] = [];
    const doc = await extractPdf(new Uint8Array(mixedPdf(pages)), { file: 'beside.pdf', onPage: (done) => seen.push(done) });
    expect(doc.pages.map((p) => p.page)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(doc.pages[0]).toMatchObject({ ocr: true, ocrReason: 'no-text-layer' });
    expect(doc.pages.slice(1).every((p) => !p.ocr)).toBe(true);
    // The 40 text pages were all done (40 of 41) before the picture page (the first) finished.
    expect(seen.some((v) => v >= 40 && v < 41)).toBe(true);
    expect(seen.at(-1)).toBe(41);
    // Blocks come in page order, the OCR'd page's first.
    const blockPages = doc.blocks.map((b) => b.page);
    expect(blockPages).toEqual([...blockPages].sort((a, b) => a - b));
    expect(blockPages[0]).toBe(1);
  }, 300_000);
});
