/**
 * A multi-page scan (corpus: scans, a graph, a blank page, a huge image): every page with ink is read
 * by OCR through the pool, a few pages ahead at most, and the file's progress moves page by page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestProgress } from '../../../src-shared/domain';
import { runIngestJob } from '../../../src-shared/ingestJob';
import { weightedFileProgress } from '../../../src-main/core/ingest/jobProgress';
import { corpusFile } from '../../helpers/paths';
import { openTestCore, type TestCore } from '../../helpers/testCore';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(async () => {
  await t?.dispose();
});

describe('multi-page scanned PDF', () => {
  it('is OCR page by page with progress for each page', async () => {
    const progress: number[] = [];
    const { results } = await runIngestJob(
      t.client,
      { method: 'library.ingestPaths', input: { paths: [corpusFile('pdf', 'ocrmypdf_scanned_multipage.pdf')] } },
      (p: IngestProgress) => {
        if (p.stage === 'extracting') progress.push(p.progress);
      },
    );
    expect(results[0].status).toBe('ready');
    const doc = await t.client.call('library.get', { id: results[0].documentId! });
    expect(doc.pages).toBe(6);
    expect(doc.ocrPages).toBeGreaterThanOrEqual(3);
    expect(doc.ocrMeanConfidence).not.toBeNull();
    // At least one event per finished page (and the start; more while tesseract reads), never going
    // backwards, ending where extraction ends in the file's progress over its weighted stages.
    expect(new Set(progress).size).toBeGreaterThanOrEqual(6);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBeCloseTo(weightedFileProgress('extracting', 1), 9);
  }, 600_000);
});
