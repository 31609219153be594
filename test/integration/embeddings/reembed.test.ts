/**
 * Stale vectors and the re-embed job on a real core with the tiny GGUF embedding model: changing the
 * model makes every document stale, search keeps finding them by full text, `embeddings.reembed`
 * rebuilds their vectors, and going back to the first model costs no model time (the cache).
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddingJob } from '../../../src-shared/domain';
import type { ContractClient } from '../../../src-shared/rpc';
import { corpusFile, tinyEmbedModel } from '../../helpers/paths';
import { ingest, openTestCore, type TestCore } from '../../helpers/testCore';

const files = [corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt'), corpusFile('qa/piaf_fr/docs/piaf_fr_d003_Les_Ulis.txt')];

let t: TestCore;
let otherModel: string;

async function reembedAndWait(client: ContractClient, core: TestCore['core']): Promise<EmbeddingJob> {
  const finished = new Promise<EmbeddingJob>((resolve) => {
    const off = core.events.on('embeddings.progress', (job) => {
      if (job.state !== 'running') {
        off();
        resolve(job);
      }
    });
  });
  const started = await client.call('embeddings.reembed', {});
  return started.state === 'running' ? finished : started;
}

beforeAll(async () => {
  // The same weights under another file name: another model id, so another set of vectors.
  otherModel = join(mkdtempSync(join(tmpdir(), 'phare-models-')), 'tiny-embed-other.gguf');
  copyFileSync(tinyEmbedModel, otherModel);
  t = await openTestCore({ embeddingModelPath: tinyEmbedModel, threads: 1 });
  const results = await ingest(t.client, files);
  expect(results.map((r) => r.status)).toEqual(['ready', 'ready']);
});

afterAll(async () => {
  await t?.dispose();
});

describe('embeddings', () => {
  it('knows nothing is stale right after ingestion with the configured model', async () => {
    const status = await t.client.call('embeddings.status', {});
    expect(status.embedder).toMatch(/^tiny-embed\.gguf:/);
    expect(status).toMatchObject({ staleDocuments: 0, totalDocuments: 2 });
  });

  it('marks every document stale when the model changes, keeps searching them by full text, and re-embeds them', async () => {
    await t.client.call('settings.update', { embeddingModelPath: otherModel });
    const stale = await t.client.call('embeddings.status', {});
    expect(stale.embedder).toMatch(/^tiny-embed-other\.gguf:/);
    expect(stale.staleDocuments).toBe(2);

    // Hybrid search still answers from full text for the stale documents.
    const hits = await t.client.call('search.query', { query: 'Super Bowl 50 Denver Broncos', topK: 3 });
    expect(hits[0]?.title).toMatch(/Super_Bowl_50/);

    const job = await reembedAndWait(t.client, t.core);
    expect(job).toMatchObject({ state: 'done', done: 2, total: 2 });
    // A new model: everything went through it.
    expect(job.embeddedChunks).toBeGreaterThan(0);
    expect(job.cachedChunks).toBe(0);
    expect((await t.client.call('embeddings.status', {})).staleDocuments).toBe(0);
    const docs = await t.client.call('library.list', {});
    expect(docs.every((d) => d.embedder === stale.embedder)).toBe(true);
    // Vector search works on the new model's vectors.
    expect((await t.client.call('search.query', { query: 'Les Ulis', topK: 3, mode: 'vector' })).length).toBeGreaterThan(0);
  });

  it('re-embeds back to the first model from the cache, without running the model', async () => {
    await t.client.call('settings.update', { embeddingModelPath: tinyEmbedModel });
    expect((await t.client.call('embeddings.status', {})).staleDocuments).toBe(2);
    const job = await reembedAndWait(t.client, t.core);
    expect(job.state).toBe('done');
    expect(job.embeddedChunks).toBe(0);
    expect(job.cachedChunks).toBeGreaterThan(0);
    expect((await t.client.call('embeddings.status', {})).staleDocuments).toBe(0);
  });

  it('shows a document with its pages, chunks and a passing validation that checked its vectors', async () => {
    const doc = (await t.client.call('library.list', {})).find((d) => d.sourcePath.includes('Les_Ulis'))!;
    const detail = await t.client.call('library.detail', { id: doc.id });
    expect(detail.document.id).toBe(doc.id);
    expect(detail.pages).toEqual([expect.objectContaining({ page: 1, ocr: false, confidence: null })]);
    expect(detail.pages[0].chars).toBeGreaterThan(1000);
    expect(detail.chunks.map((c) => c.ordinal)).toEqual(detail.chunks.map((_, i) => i));
    expect(detail.chunks.length).toBe(doc.chunks);
    expect(detail.validation?.ok, JSON.stringify(detail.validation)).toBe(true);
    expect(detail.validation?.checks.map((c) => [c.name, c.ok])).toEqual([
      ['has-chunks', true],
      ['no-empty-chunks', true],
      ['vector-dimension', true],
      ['findable', true],
    ]);
  });
});
