/**
 * OCR through the whole pipeline, on real corpus files: a scanned (image-only) PDF, pictures in every
 * supported format (one sideways, one upside down), and pictures that are not pictures. Real
 * tesseract.js workers, real PDFium rendering, real LanceDB.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngestJob } from '../../../src-shared/ingestJob';
import { sharedOcrPool } from '../../../src-main/core/ocr/ocrPool';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, type TestCore } from '../../helpers/testCore';
import { bmp, firstPage, turned, webp } from './images';

let t: TestCore;
let dir: string;

beforeAll(async () => {
  t = await openTestCore();
  dir = mkdtempSync(join(tmpdir(), 'phare-ocr-'));
});
afterAll(async () => {
  await t?.dispose();
});

async function searchText(query: string): Promise<string> {
  const hits = await t.client.call('search.query', { query, mode: 'fulltext', topK: 5 });
  return hits.map((h) => h.text).join('\n');
}

describe('scanned PDF', () => {
  const pdf = () => corpusFile('pdf', 'ocrmypdf_scanned_linn.pdf');

  it('fails with NO_TEXT in mode never (nothing to read without OCR)', async () => {
    const { results } = await runIngestJob(t.client, { method: 'library.ingestPaths', input: { paths: [pdf()], ocr: 'never' } });
    expect(results[0].status).toBe('failed');
    expect(results[0].error?.code).toBe('NO_TEXT');
  });

  it('is read by OCR in mode auto, records its confidence, and is found by full-text search', async () => {
    const [result] = await ingest(t.client, [pdf()]);
    expect(result.status).toBe('ready');
    const doc = await t.client.call('library.get', { id: result.documentId! });
    expect(doc.ocrPages).toBe(1);
    expect(doc.ocrMode).toBe('auto');
    expect(doc.ocrMeanConfidence).toBeGreaterThan(60);
    expect(doc.lowConfidencePages).toEqual([]);
    const text = await t.client.call('library.text', { id: doc.id });
    expect(text.pages[0].ocr).toBe(true);
    expect(text.pages[0].confidence).toBeGreaterThan(60);
    expect(text.pages[0].text).toMatch(/LinnSequencer/);
    expect(await searchText('multi-track tape recorder')).toMatch(/tape recorder/i);
  });
});

describe('pictures', () => {
  it('reads PNG (sideways), TIFF, JPEG, WebP (upside down) and BMP, reusing the pool workers', async () => {
    const phototest = await firstPage(corpusFile('ocr', 'en', 'tessocr_phototest.tif'));
    const webpFile = join(dir, 'phototest-upside-down.webp');
    writeFileSync(webpFile, await webp(turned(phototest, 180)));
    const bmpFile = join(dir, 'phototest.bmp');
    writeFileSync(bmpFile, bmp(phototest));
    const files = [
      corpusFile('ocr', 'en', 'tessocr_phototest-rotated-L.png'),
      corpusFile('ocr', 'en', 'tessocr_eurotext.tif'),
      corpusFile('ocr', 'fr', 'tapus_07.jpg'),
      webpFile,
      bmpFile,
    ];
    const results = await ingest(t.client, files);
    // The BMP and the WebP hold the same picture as the TIFF phototest: distinct files, distinct content.
    expect(results.map((r) => r.status)).toEqual(['ready', 'ready', 'ready', 'ready', 'ready']);
    const texts = await Promise.all(results.map((r) => t.client.call('library.text', { id: r.documentId! })));
    const docs = await Promise.all(results.map((r) => t.client.call('library.get', { id: r.documentId! })));
    expect(docs.map((d) => d.mime)).toEqual(['image/png', 'image/tiff', 'image/jpeg', 'image/webp', 'image/bmp']);
    for (const d of docs) expect(d.ocrPages).toBe(1);
    // Sideways and upside-down pages read as words, like the upright one.
    for (const i of [0, 3, 4]) expect(texts[i].pages[0].text).toMatch(/quick brown dog/);
    expect(texts[1].pages[0].text).toMatch(/lazy/);
    expect(texts[2].pages[0].text.length).toBeGreaterThan(50);
    const stats = sharedOcrPool().stats();
    expect(stats.workersCreated).toBeLessThanOrEqual(stats.size);
    expect(stats.pagesRecognised).toBeGreaterThanOrEqual(files.length);
  });

  it('refuses a picture that is not a picture, and a truncated one, with CORRUPT_FILE', async () => {
    const fake = join(dir, 'photo.png');
    writeFileSync(fake, 'this is plain text, not an image at all');
    const png = readFileSync(corpusFile('ocr', 'en', 'tessjs_testocr.png'));
    const truncated = join(dir, 'truncated.png');
    writeFileSync(truncated, png.subarray(0, 200));
    const results = await ingest(t.client, [fake, truncated]);
    expect(results.map((r) => r.error?.code)).toEqual(['CORRUPT_FILE', 'CORRUPT_FILE']);
    expect(results[0].error?.message).toMatch(/not a picture/);
  });
});
