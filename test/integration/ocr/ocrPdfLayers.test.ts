/**
 * Which PDF pages are OCR'd: in mode auto, a page whose text layer is garbage (symbols where words
 * should be, as unmapped fonts give) is read by OCR, while a page with a good layer keeps it; mode
 * always reads it anyway. PDFs are written by the test around a corpus scan (scanPdf.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngestJob } from '../../../src-shared/ingestJob';
import { corpusFile } from '../../helpers/paths';
import { openTestCore, type TestCore } from '../../helpers/testCore';
import { firstPage } from './images';
import { scanPdf } from './scanPdf';

let t: TestCore;
let dir: string;
beforeAll(async () => {
  t = await openTestCore();
  dir = mkdtempSync(join(tmpdir(), 'phare-ocr-pdf-'));
});
afterAll(async () => {
  await t?.dispose();
});

async function ingestPdf(name: string, bytes: Buffer, ocr?: 'auto' | 'always' | 'never') {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const { results } = await runIngestJob(t.client, { method: 'library.ingestPaths', input: { paths: [file], ocr } });
  expect(results[0].status).toBe('ready');
  const doc = await t.client.call('library.get', { id: results[0].documentId! });
  const text = await t.client.call('library.text', { id: doc.id });
  return { doc, page: text.pages[0] };
}

describe('PDF text layers and OCR', () => {
  it('reads a page with a garbage text layer by OCR (auto), and keeps a good layer unless asked (always)', async () => {
    const scan = await firstPage(corpusFile('ocr', 'en', 'tessocr_phototest.tif'));
    const garbage = '#$%& *+<=> @^_| ~#$% &*+< =>@^ _|~# $%&* +<=>@ ^_|~ #$%&*+ <=>@^_|~'.repeat(2);
    const good = 'This is a lot of fun typing text for the optical character recognition of this page.';

    const broken = await ingestPdf('garbage-layer.pdf', scanPdf(scan, garbage));
    expect(broken.page.ocr).toBe(true);
    expect(broken.page.text).toMatch(/quick brown dog/);
    expect(broken.doc.ocrPages).toBe(1);
    expect(broken.page.ocrReason).toBe('garbled-text-layer');
    expect(broken.doc.ocrReasons).toEqual([{ reason: 'garbled-text-layer', pages: [1] }]);

    const kept = await ingestPdf('good-layer.pdf', scanPdf(scan, good));
    expect(kept.page.ocr).toBe(false);
    expect(kept.page.text).toContain('optical character recognition');
    expect(kept.doc.ocrPages).toBe(0);

    const always = await ingestPdf('good-layer-always.pdf', scanPdf(scan, `${good} Again.`), 'always');
    expect(always.page.ocr).toBe(true);
    expect(always.page.text).toMatch(/quick brown dog/);
    expect(always.doc.ocrMode).toBe('always');
    expect(always.doc.ocrReasons).toEqual([{ reason: 'ocr-always', pages: [1] }]);
  });
});
