/**
 * A search's query is embedded between two texts of a document batch, not after the whole batch
 * (a search during the ingestion of a long PDF waited for batch after batch). Real host process,
 * real node-llama-cpp, the tiny embedding model: the test asserts the order, not timings.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelService } from '../../../src-main/core/llm/modelService';
import type { ModelService } from '../../../src-main/core/llm/types';
import { tinyEmbedModel } from '../../helpers/paths';
import { HOST_TEST_TIMEOUT, recordingLauncher, testSettings } from './helpers';

let modelsDir: string;
let service: ModelService;

beforeAll(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'phare-query-first-'));
  await copyFile(tinyEmbedModel, join(modelsDir, 'tiny-embed.gguf'));
  const settings = testSettings({ embeddingModelPath: join(modelsDir, 'tiny-embed.gguf') });
  service = createModelService({ getSettings: () => settings, modelsDir, launcher: recordingLauncher().launcher, onStatus: () => undefined, onLog: () => undefined });
});

afterAll(async () => {
  await service?.dispose();
  await rm(modelsDir, { recursive: true, force: true });
});

describe('query embeddings during a document batch', { timeout: HOST_TEST_TIMEOUT }, () => {
  it('answer before the batch ends, with the same vector as alone, and the batch is whole', async () => {
    const embedder = (await service.getEmbedder())!;
    const query = 'where is the lighthouse keeper';
    const alone = await embedder.embedQuery(query);
    // One request of 32 long texts (the handle's batch size): the query is sent while it runs.
    const texts = Array.from({ length: 32 }, (_, i) => `page ${i} `.repeat(120));
    const done: string[] = [];
    const batch = embedder.embedDocuments(texts).then((v) => {
      done.push('batch');
      return v;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const during = embedder.embedQuery(query).then((v) => {
      done.push('query');
      return v;
    });
    const [vectors, vector] = await Promise.all([batch, during]);
    expect(done).toEqual(['query', 'batch']);
    expect(Array.from(vector)).toEqual(Array.from(alone));
    expect(vectors).toHaveLength(32);
    // Each text's vector is its own: the same as embedding that text alone.
    expect(Array.from(vectors[5])).toEqual(Array.from((await embedder.embedDocuments([texts[5]]))[0]));
  });
});
