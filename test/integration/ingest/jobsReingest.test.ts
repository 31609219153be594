/**
 * Re-ingestion: the pipeline runs again on the kept original with other chunk settings, the document
 * keeps its id, searches see the old chunks until the new ones are swapped in (never none), quality
 * flags of unchanged chunks survive, and a failed re-ingestion leaves the document as it was.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReingest } from '../../../src-main/core/ingest/reingest';
import { corpusFile } from '../../helpers/paths';
import { createHashEmbedder } from '../retrieval/hashEmbedder';
import { openTestLibrary, type TestLibrary } from './library';

let lib: TestLibrary;
let documentId: string;
const article = corpusFile('qa/piaf_fr/docs/piaf_fr_d002_Yoweri_Museveni.txt');

beforeAll(async () => {
  lib = await openTestLibrary({ limits: { concurrency: 1 }, embedder: createHashEmbedder() });
  const done = await lib.ingestPaths([article], 'politique');
  expect(done.results[0].status).toBe('ready');
  documentId = done.results[0].documentId!;
});

afterAll(async () => {
  await lib?.close();
});

const reingest = (options: { chunkSize?: number; chunkOverlap?: number }) =>
  startReingest({ library: lib.library, ingest: lib.ingest, dataDir: lib.dataDir }, { documentId, ...options });

it('re-chunks a document in place while searches keep finding it', async () => {
  const before = await lib.library.get(documentId);
  const oldChunks = await lib.store.listChunks(documentId);
  const job = await reingest({ chunkSize: 200, chunkOverlap: 0 });
  // Searches while the job runs: the document is found every time (old chunks, then new ones).
  let searches = 0;
  let finished = false;
  const jobDone = lib.ingest.waitForJob(job.jobId).finally(() => (finished = true));
  while (!finished) {
    const hits = await lib.retriever.search({ query: 'Museveni Ouganda président', mode: 'fulltext', topK: 5 });
    expect(hits.some((h) => h.documentId === documentId)).toBe(true);
    searches++;
  }
  const done = await jobDone;
  expect(searches).toBeGreaterThan(0);
  expect(done.results[0]).toMatchObject({ status: 'ready', documentId });

  const after = await lib.library.get(documentId);
  expect(after).toMatchObject({ id: documentId, status: 'ready', collection: 'politique', sourcePath: before.sourcePath, createdAt: before.createdAt });
  // The settings asked for were used (in the embedder's tokens here: 200 characters is about 50 tokens).
  expect(JSON.parse(after.chunkerSettings)).toMatchObject({ chunkOverlap: 0 });
  expect(JSON.parse(after.chunkerSettings).chunkSize).toBeLessThan(JSON.parse(before.chunkerSettings).chunkSize);
  const newChunks = await lib.store.listChunks(documentId);
  expect(newChunks.length).toBe(after.chunks);
  expect(newChunks.length).toBeGreaterThan(oldChunks.length);
  expect(newChunks.map((c) => c.ordinal)).toEqual(newChunks.map((_, i) => i));
  expect((await lib.library.list()).filter((d) => d.sha256 === before.sha256)).toHaveLength(1);
  // One vector per new chunk, none left of the old ones: vector search returns only current chunks.
  const vectorHits = await lib.retriever.search({ query: 'Museveni Ouganda président', mode: 'vector', topK: 100 });
  const current = new Set(newChunks.map((c) => c.id));
  expect(vectorHits.length).toBe(newChunks.length);
  for (const hit of vectorHits) expect(current.has(hit.chunkId)).toBe(true);
});

it('keeps the ids and flags of chunks whose text did not change', async () => {
  const chunks = await lib.store.listChunks(documentId);
  await lib.store.updateChunkFlags(chunks[1].id, { blacklisted: true, satisfaction: 0.25 });
  const job = await reingest({ chunkSize: 200, chunkOverlap: 0 });
  expect((await lib.ingest.waitForJob(job.jobId)).results[0].status).toBe('ready');
  const again = await lib.store.listChunks(documentId);
  expect(again.map((c) => c.id)).toEqual(chunks.map((c) => c.id));
  expect(again[1]).toMatchObject({ blacklisted: true, satisfaction: 0.25 });
});

it('leaves the document as it was when the re-ingestion fails', async () => {
  const doc = await lib.library.get(documentId);
  const chunks = await lib.store.listChunks(documentId);
  rmSync(join(lib.dataDir, ...doc.storedPath.split('/')));
  const job = await reingest({ chunkSize: 400 });
  const done = await lib.ingest.waitForJob(job.jobId);
  expect(done.results[0]).toMatchObject({ status: 'failed', error: { code: 'FILE_NOT_FOUND' } });
  expect(await lib.library.get(documentId)).toMatchObject({ status: 'ready', chunks: doc.chunks, chunkerSettings: doc.chunkerSettings });
  expect((await lib.store.listChunks(documentId)).map((c) => c.id)).toEqual(chunks.map((c) => c.id));
  await expect(startReingest({ library: lib.library, ingest: lib.ingest, dataDir: lib.dataDir }, { documentId: 'nope' })).rejects.toMatchObject({
    code: 'NOT_FOUND',
  });
});
