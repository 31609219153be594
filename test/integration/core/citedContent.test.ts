/**
 * What the document viewer reads to open a citation, on a real library: the kept original's bytes
 * (library.original, size-capped) and the cited chunk with offsets that locate it in library.text.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitedContentService } from '../../../src-main/core/viewer/citedContent';
import { openLibraryStore, type LibraryStore } from '../../../src-main/core/store/libraryStore';
import { PhareError } from '../../../src-shared/errors';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';

const PDF = corpusFile('pdf', 'pdfjs_tracemonkey.pdf');

describe('library.original and library.chunk', () => {
  let t: TestCore;
  let documentId: string;
  beforeAll(async () => {
    t = await openTestCore();
    const [result] = await ingest(t.client, [PDF]);
    expect(result.status).toBe('ready');
    documentId = result.documentId!;
  });
  afterAll(async () => {
    await t?.dispose();
    if (t) rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('gives the original PDF byte for byte', async () => {
    const original = await t.client.call('library.original', { id: documentId });
    expect(original.mime).toBe('application/pdf');
    expect(original.fileName).toBe('pdfjs_tracemonkey.pdf');
    expect(Buffer.from(original.dataBase64, 'base64').equals(readFileSync(PDF))).toBe(true);
  });

  it('gives a cited chunk whose offsets locate it in the document text', async () => {
    const [hit] = await t.client.call('search.query', { query: 'trace trees nested loops', topK: 1 });
    const chunk = await t.client.call('library.chunk', { id: hit.chunkId });
    expect(chunk.documentId).toBe(documentId);
    expect(chunk.pageStart).toBe(hit.page);
    const { pages } = await t.client.call('library.text', { id: documentId });
    const first = pages.find((p) => p.page === chunk.pageStart)!;
    const head = chunk.text.split('\n\n')[0];
    expect(first.text.slice(chunk.charStart, chunk.charStart + head.length)).toBe(head);
  });

  it('refuses an unknown chunk or document with NOT_FOUND', async () => {
    await expect(t.client.call('library.chunk', { id: 'no-such-chunk' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.client.call('library.original', { id: 'no-such-doc' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('limits of the original', () => {
  let t: TestCore;
  let store: LibraryStore;
  let documentId: string;
  beforeAll(async () => {
    t = await openTestCore();
    const [result] = await ingest(t.client, [PDF]);
    documentId = result.documentId!;
    store = await openLibraryStore(t.dataDir);
  });
  afterAll(async () => {
    await store?.close();
    await t?.dispose();
    if (t) rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('says plainly when the original is too large for the viewer', async () => {
    const service = createCitedContentService({ store, dataDir: t.dataDir, maxOriginalBytes: 1024 });
    const error = await service.original(documentId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhareError);
    expect((error as PhareError).code).toBe('ORIGINAL_TOO_LARGE');
    expect((error as PhareError).toValue().message).toMatch(/too large.*limit is 1\.0 KB/);
  });

  it('says so when the kept copy is gone', async () => {
    const doc = await t.client.call('library.get', { id: documentId });
    rmSync(join(t.dataDir, ...doc.storedPath.split('/')));
    await expect(t.client.call('library.original', { id: documentId })).rejects.toMatchObject({ code: 'ORIGINAL_MISSING' });
  });
});
