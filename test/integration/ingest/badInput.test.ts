/**
 * One batch mixing every kind of bad input with good files: each bad file fails alone with its own
 * error code, the good ones are ready, and what the library held before is still there and searchable.
 */
import { copyFileSync, openSync, closeSync, ftruncateSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestJobDone } from '../../../src-shared/domain';
import { DEFAULT_MAX_FILE_BYTES } from '../../../src-main/core/ingest/limits';
import { corpusFile } from '../../helpers/paths';
import { encryptedPdfBytes } from './encryptedPdf';
import { openTestLibrary, type TestLibrary } from './library';

describe('a batch with bad files', () => {
  let lib: TestLibrary;
  let done: IngestJobDone;
  let earlierId: string;
  const expected: { file: string; code: string | null }[] = [];

  beforeAll(async () => {
    lib = await openTestLibrary();
    // Something already in the library, which the bad batch must leave intact.
    const earlier = join(lib.dataDir, 'earlier.txt');
    writeFileSync(earlier, 'Registre des phares\n\nLe phare de Cordouan fut allumé pour la première fois en 1611.\n');
    const first = await lib.ingestPaths([earlier]);
    expect(first.results[0].status).toBe('ready');
    earlierId = first.results[0].documentId!;

    const dir = lib.dataDir;
    const file = (name: string, content?: string | Buffer) => {
      const path = join(dir, name);
      if (content !== undefined) writeFileSync(path, content);
      return path;
    };
    const docxBytes = readFileSync(corpusFile('office', 'docx', 'docx4j_sample-docx.docx'));
    const huge = file('huge.txt');
    // A sparse file just over the limit: stat sees its size, no byte is written or read.
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, DEFAULT_MAX_FILE_BYTES + 1);
    closeSync(fd);
    const goodPdf = join(dir, 'good.pdf');
    copyFileSync(corpusFile('pdf', 'pdfjs_tracemonkey.pdf'), goodPdf);

    expected.push(
      { file: file('good.txt', 'Note de service\n\nLe gardien du phare relève les compteurs chaque matin.\n'), code: null },
      { file: file('slides.pptx', 'whatever'), code: 'UNSUPPORTED_FORMAT' },
      { file: file('empty.txt', ''), code: 'FILE_EMPTY' },
      { file: file('corrupt.pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nthis is not a PDF at all\n'), code: 'CORRUPT_FILE' },
      { file: file('locked.pdf', encryptedPdfBytes()), code: 'ENCRYPTED_FILE' },
      { file: file('broken.docx', docxBytes.subarray(0, Math.floor(docxBytes.length / 2))), code: 'CORRUPT_FILE' },
      { file: join(dir, 'does-not-exist.pdf'), code: 'FILE_NOT_FOUND' },
      { file: corpusFile('pdf', 'ocrmypdf_scanned_linn.pdf'), code: 'NO_TEXT' },
      { file: huge, code: 'FILE_TOO_LARGE' },
      { file: file('zip-named.pdf', docxBytes), code: 'FORMAT_MISMATCH' },
      { file: file('binary.txt', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10])), code: 'FORMAT_MISMATCH' },
      { file: goodPdf, code: null },
      { file: corpusFile('office', 'docx', 'mammoth_empty.docx'), code: 'NO_TEXT' },
    );
    done = await lib.ingestPaths(expected.map((e) => e.file));
  });

  afterAll(async () => {
    await lib?.close();
  });

  it('fails each bad file alone, with its own code, and ingests the good ones', () => {
    expect(done.cancelled).toBe(false);
    expect(done.results).toHaveLength(expected.length);
    done.results.forEach((result, i) => {
      expect(result.file).toBe(expected[i].file);
      if (expected[i].code === null) {
        expect(result.status, JSON.stringify(result.error)).toBe('ready');
        expect(result.chunks).toBeGreaterThan(0);
      } else {
        expect(result.status, result.file).toBe('failed');
        expect(result.error?.code, result.file).toBe(expected[i].code);
        expect(result.error?.message).toBeTruthy();
      }
    });
  });

  it('explains a mislabelled file', () => {
    const zip = done.results.find((r) => r.file.endsWith('zip-named.pdf'))!;
    expect(zip.error?.params).toMatchObject({ expected: 'PDF', actual: 'DOCX' });
  });

  it('keeps the earlier library searchable and the good new files searchable', async () => {
    const earlier = await lib.retriever.search({ query: 'phare de Cordouan allumé', topK: 3 });
    expect(earlier[0].documentId).toBe(earlierId);
    const good = await lib.retriever.search({ query: 'gardien relève les compteurs', topK: 3 });
    expect(good[0].documentId).toBe(done.results[0].documentId);
    const pdf = await lib.retriever.search({ query: 'trace-based just-in-time type specialization', topK: 3 });
    expect(pdf[0].documentId).toBe(done.results[11].documentId);
  });

  it('records content failures on the document and leaves nothing half-written', async () => {
    const docs = await lib.library.list();
    expect(docs.filter((d) => d.status === 'processing' || d.status === 'queued')).toEqual([]);
    const scanned = docs.find((d) => d.sourcePath.endsWith('ocrmypdf_scanned_linn.pdf'));
    expect(scanned?.status).toBe('failed');
    expect(scanned?.error?.code).toBe('NO_TEXT');
    expect(await lib.store.listChunks(scanned!.id)).toEqual([]);
    // Files that could not even be read leave no document behind.
    expect(docs.some((d) => d.sourcePath.endsWith('does-not-exist.pdf') || d.sourcePath.endsWith('empty.txt'))).toBe(false);
  });

  it('gives error messages in the user’s language', async () => {
    const fr = await openTestLibrary({ settings: { language: 'fr' } });
    try {
      const result = await fr.ingestPaths([join(fr.dataDir, 'absent.txt')]);
      expect(result.results[0].error).toMatchObject({ code: 'FILE_NOT_FOUND' });
      expect(result.results[0].error?.message).toMatch(/^Fichier introuvable/);
    } finally {
      await fr.close();
    }
  });
});
