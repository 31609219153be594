/**
 * Chunk sizes in tokens of the configured embedding model, counted by its real tokenizer in the
 * inference host (the tiny GGUF fixture): every chunk fits the token budget, its recorded token count
 * is the model's own count, and the document records the unit it was chunked with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, tinyEmbedModel } from '../../helpers/paths';
import { ingest, openTestCore, type TestCore } from '../../helpers/testCore';

const BUDGET = 200;
let t: TestCore;

beforeAll(async () => {
  t = await openTestCore({ embeddingModelPath: tinyEmbedModel, threads: 1, chunkUnit: 'tokens', chunkSize: BUDGET, chunkOverlap: 20 });
  const [result] = await ingest(t.client, [corpusFile('qa/xquad_en/docs/xquad_en_d001_Warsaw.txt')]);
  expect(result.status).toBe('ready');
});

afterAll(async () => {
  await t?.dispose();
});

describe('chunking in embedding-model tokens', () => {
  it('keeps every chunk within the token budget and records the model’s count', async () => {
    const [doc] = await t.client.call('library.list', {});
    expect(JSON.parse(doc.chunkerSettings)).toMatchObject({ unit: 'tokens', chunkSize: BUDGET, chunkOverlap: 20 });
    const { chunks } = await t.client.call('library.detail', { id: doc.id });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.tokenCount).toBeGreaterThan(0);
      // Units are summed without the whitespace between them, so the exact count may pass the budget by a few tokens.
      expect(c.tokenCount).toBeLessThanOrEqual(BUDGET * 1.1);
    }
    // The tiny model's vocabulary is small, so its tokens are much shorter than a word: far more
    // chunks than the same budget in characters would give.
    expect(chunks.reduce((n, c) => n + c.text.length, 0) / chunks.length).toBeLessThan(BUDGET * 4);
  });
});
