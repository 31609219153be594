/**
 * The snapshot of a generated answer (the tiny chat model, short chunks so packing merges neighbours):
 * each source holds every chunk packing merged into it, `cited` follows the citation check, and the
 * model's settings are kept.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, tinyChatModel } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';

let t: TestCore;

beforeAll(async () => {
  t = await openTestCore({ language: 'en', chatModelPath: tinyChatModel, maxTokens: 32, threads: 1, chunkSize: 200, chunkOverlap: 0, chunkUnit: 'characters', topK: 8 });
  const [result] = await ingest(t.client, [corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt')]);
  expect(result.status).toBe('ready');
});

afterAll(async () => {
  await t?.dispose();
  if (t) rmSync(t.dataDir, { recursive: true, force: true });
});

describe('the snapshot of a generated answer', () => {
  it('keeps the merged chunks of each source, what the answer cited and the model settings', async () => {
    const answer = await t.client.call('chat.ask', { question: 'Super Bowl 50 Denver Broncos Carolina Panthers Levi Stadium Santa Clara', requestId: 'g1' });
    expect(answer.mode).toBe('generative');
    const trace = await t.client.call('chat.trace', { messageId: answer.messageId! });
    expect(trace.packing.sent.some((s) => s.chunkIds.length > 1)).toBe(true);

    const feedback = await t.client.call('feedback.submit', { messageId: answer.messageId!, rating: 2, wrongSources: [1] });
    const s = feedback.snapshot;
    expect(s).toMatchObject({ mode: 'generative', model: 'tiny-chat.gguf', answer: answer.answer, collection: null });
    expect(s.settings).toEqual({ topK: 8, temperature: trace.model!.temperature, maxTokens: 32, contextSize: trace.model!.contextSize });
    expect(s.sources.map((x) => x.n)).toEqual(trace.packing.sent.map((p) => p.n));
    expect(s.sources.map((x) => x.chunkIds)).toEqual(trace.packing.sent.map((p) => p.chunkIds));
    const citedByCheck = new Set(answer.citationCheck!.sentences.flatMap((x) => x.cited));
    expect(s.sources.map((x) => x.cited)).toEqual(s.sources.map((x) => citedByCheck.has(x.n)));
    const rankOf = new Map(trace.retrieval.hits.map((h) => [h.chunkId, h.rank]));
    for (const source of s.sources) expect(source.rank).toBe(Math.min(...source.chunkIds.map((id) => rankOf.get(id)!)));
    const packed = new Set(trace.packing.sent.flatMap((p) => p.chunkIds));
    expect(s.retrievedChunkIds).toEqual(trace.retrieval.hits.map((h) => h.chunkId).filter((id) => !packed.has(id)));
    expect(feedback.needsAttention).toBe(true);

    // The training export joins a merged source's chunks, in document order.
    const exported = await t.client.call('feedback.export', { format: 'jsonl', training: true });
    const [record] = exported.content.trimEnd().split('\n').map((l) => JSON.parse(l) as { contexts: Array<{ text: string; wrong: boolean }> });
    const merged = s.sources.findIndex((x) => x.chunkIds.length > 1);
    const chunks = await Promise.all(s.sources[merged].chunkIds.map((id) => t.client.call('library.chunk', { id })));
    chunks.sort((a, b) => a.ordinal - b.ordinal);
    expect(record.contexts[merged].text).toBe(chunks.map((c) => c.text).join('\n\n'));
    expect(record.contexts.map((c) => c.wrong)).toEqual(s.sources.map((x) => x.n === 1));
  });
});
