/**
 * A blacklisted chunk is gone from every path a passage can take to the user: full-text, vector and
 * hybrid search, the sources a generated answer is given and cites, and its trace; restoring it brings
 * it back. Real LanceDB, the tiny embedding and chat models.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, tinyChatModel, tinyEmbedModel } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';

let t: TestCore;
const QUESTION = 'Super Bowl 50 Denver Broncos Carolina Panthers Levi Stadium';

beforeAll(async () => {
  t = await openTestCore({ language: 'en', chatModelPath: tinyChatModel, embeddingModelPath: tinyEmbedModel, maxTokens: 24, threads: 1, topK: 8 });
  const [result] = await ingest(t.client, [corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt')]);
  expect(result.status).toBe('ready');
});

afterAll(async () => {
  await t?.dispose();
  if (t) rmSync(t.dataDir, { recursive: true, force: true });
});

async function everyPath(): Promise<Record<string, string[]>> {
  const ids = async (mode: 'fulltext' | 'vector' | 'hybrid') => (await t.client.call('search.query', { query: QUESTION, topK: 50, mode })).map((h) => h.chunkId);
  const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: `ask-${Math.random()}` });
  expect(answer.mode).toBe('generative');
  const trace = await t.client.call('chat.trace', { messageId: answer.messageId! });
  return {
    fulltext: await ids('fulltext'),
    vector: await ids('vector'),
    hybrid: await ids('hybrid'),
    sources: answer.sources.map((s) => s.chunkId),
    packed: trace.packing.sent.flatMap((p) => p.chunkIds),
    lists: trace.retrieval.lists.flatMap((l) => l.chunkIds),
  };
}

describe('a blacklisted chunk', () => {
  it('is returned by no search and given to no answer, until it is restored', async () => {
    const before = await everyPath();
    // The chunk every path finds first: the one whose absence shows.
    const target = before.sources[0];
    for (const [path, ids] of Object.entries(before)) expect(ids, path).toContain(target);

    await t.client.call('quality.setChunkFlag', { chunkId: target, action: 'blacklist', reason: 'test' });
    const during = await everyPath();
    for (const [path, ids] of Object.entries(during)) {
      expect(ids, path).not.toContain(target);
      expect(ids.length, path).toBeGreaterThan(0);
    }

    await t.client.call('quality.setChunkFlag', { chunkId: target, action: 'restore', reason: 'test' });
    const after = await everyPath();
    for (const [path, ids] of Object.entries(after)) expect(ids, path).toContain(target);
  });
});
