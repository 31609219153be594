/**
 * Answers in conversations with the tiny chat model in its real host: follow-ups rewritten by the model
 * (or searched as asked when the rewrite is unusable), the trace of each answer, regeneration streamed
 * like a question, stop during a regeneration, and a prompt that fits a small context.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, tinyChatModel } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';

const PDF = 'pdfjs_tracemonkey.pdf';
const QUESTION = 'What is a trace tree and how does it handle nested loops?';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore({ chatModelPath: tinyChatModel, maxTokens: 24, threads: 1, temperature: 0.3 });
  const [result] = await ingest(t.client, [corpusFile('pdf', PDF)]);
  expect(result.status).toBe('ready');
});
afterAll(() => t?.dispose());

function collectTokens(requestId: string): { text: () => string; off: () => void } {
  const deltas: string[] = [];
  const off = t.client.on('chat.token', (e) => {
    if (e.requestId === requestId) deltas.push(e.delta);
  });
  return { text: () => deltas.join(''), off };
}

describe('answers in a conversation with the tiny chat model', () => {
  let conversationId: string;
  let firstMessageId: string;

  it('traces how the answer was made', async () => {
    const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: 'a1' });
    conversationId = answer.conversationId!;
    firstMessageId = answer.messageId!;
    expect(answer.mode).toBe('generative');
    const trace = await t.client.call('chat.trace', { messageId: firstMessageId });
    expect(trace).toMatchObject({ question: QUESTION, searchQuery: QUESTION, requestId: 'a1', outcome: answer.outcome, mode: 'generative', language: 'en' });
    expect(trace.rewrite.outcome).toBe('first-question');
    expect(trace.model).toMatchObject({ file: 'tiny-chat.gguf', remote: false, temperature: 0.3, maxTokens: 24, threads: 1 });
    expect(trace.model!.contextSize).toBeGreaterThan(0);
    expect(trace.promptTokens).toBeGreaterThan(0);
    expect(trace.promptTokens! + trace.model!.maxTokens).toBeLessThanOrEqual(trace.model!.contextSize);
    expect(trace.packing.budgetTokens).toBeGreaterThan(0);
    expect(trace.packing.sent.length).toBe(answer.sources.length);
    const sentIds = trace.packing.sent.flatMap((s) => s.chunkIds);
    const retrievedIds = trace.retrieval.hits.map((h) => h.chunkId);
    expect([...sentIds, ...trace.packing.skippedChunkIds].sort()).toEqual([...retrievedIds].sort());
    expect(trace.timings).toMatchObject({ tokens: answer.timings.tokens, ttftMs: expect.any(Number) });
    expect(trace.citationCheck).toEqual(answer.citationCheck);
  });

  it('rewrites a follow-up with the model, or searches it as asked when the rewrite is unusable', async () => {
    const tokens = collectTokens('a2');
    const followUp = await t.client.call('chat.ask', { question: 'And how fast is it?', requestId: 'a2', conversationId });
    tokens.off();
    // The rewrite's own output is never streamed as the answer.
    expect(tokens.text()).toBe(followUp.answer);
    const trace = await t.client.call('chat.trace', { messageId: followUp.messageId! });
    expect(trace.rewrite.historyTurns).toBe(1);
    expect(trace.rewrite.modelOutput).not.toBeNull();
    expect(['rewritten', 'empty', 'too-long', 'unchanged']).toContain(trace.rewrite.outcome);
    if (trace.rewrite.outcome === 'rewritten') {
      expect(followUp.rewrittenQuery).toBe(trace.searchQuery);
      expect(trace.searchQuery).not.toBe('And how fast is it?');
    } else {
      expect(followUp.rewrittenQuery).toBeNull();
      expect(trace.searchQuery).toBe('And how fast is it?');
    }
  });

  it('regenerates the last answer, streamed, replacing it in the conversation', async () => {
    const before = await t.client.call('conversations.get', { id: conversationId });
    const last = before.messages[before.messages.length - 1];
    const tokens = collectTokens('a3');
    const again = await t.client.call('chat.regenerate', { messageId: last.id, requestId: 'a3' });
    tokens.off();
    expect(again.mode).toBe('generative');
    expect(tokens.text()).toBe(again.answer);
    const after = await t.client.call('conversations.get', { id: conversationId });
    expect(after.messages.map((m) => m.id)).toEqual([...before.messages.slice(0, -1).map((m) => m.id), again.messageId]);
    const trace = await t.client.call('chat.trace', { messageId: again.messageId! });
    expect(trace.regeneratedFrom).toBe(last.id);
    // The regenerated answer is made with the same history as the one it replaces.
    expect(trace.rewrite.historyTurns).toBe(1);
  });

  it('stops a regeneration and keeps what was generated', async () => {
    await t.client.call('settings.update', { maxTokens: 2000 });
    let cancelled = false;
    const deltas: string[] = [];
    const off = t.client.on('chat.token', (e) => {
      if (e.requestId !== 'a4') return;
      deltas.push(e.delta);
      if (!cancelled && deltas.length >= 3) {
        cancelled = true;
        void t.client.call('chat.cancel', { requestId: 'a4' });
      }
    });
    const answer = await t.client.call('chat.regenerate', { messageId: firstMessageId, requestId: 'a4' });
    off();
    await t.client.call('settings.update', { maxTokens: 24 });
    expect(answer.outcome).toBe('cancelled');
    expect(answer.answer).toBe(deltas.join(''));
    expect((await t.client.call('chat.trace', { messageId: answer.messageId! })).outcome).toBe('cancelled');
  });

  it('fits the prompt and the whole answer in the context window', async () => {
    await t.client.call('settings.update', { contextSize: 2048, maxTokens: 800 });
    const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: 'a5' });
    const trace = await t.client.call('chat.trace', { messageId: answer.messageId! });
    // The tiny model's whole window (2048), most of it kept for the answer.
    const contextSize = trace.model!.contextSize;
    expect(contextSize).toBe(2048);
    expect(answer.sources.length).toBeGreaterThan(0);
    expect(trace.promptTokens! + 800).toBeLessThanOrEqual(contextSize);
    // Fewer sources fit than were retrieved.
    expect(trace.packing.skippedChunkIds.length).toBeGreaterThan(0);
    expect(trace.packing.answerTokens).toBe(800);
  });

  it('shortens the answer rather than answer without sources when a full-length answer leaves no room for one', async () => {
    await t.client.call('settings.update', { contextSize: 2048, maxTokens: 1900 });
    const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: 'a6' });
    const trace = await t.client.call('chat.trace', { messageId: answer.messageId! });
    expect(answer.sources.length).toBeGreaterThan(0);
    expect(trace.packing.answerTokens).toBeLessThan(1900);
    expect(trace.promptTokens! + trace.packing.answerTokens).toBeLessThanOrEqual(trace.model!.contextSize);
    expect(answer.timings.tokens).toBeLessThanOrEqual(trace.packing.answerTokens);
  });
});
