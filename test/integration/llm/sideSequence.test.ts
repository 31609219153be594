/**
 * Issue 13 §4: the answers of a conversation and the short requests around them (a follow-up's
 * rewrite, the judges) run on two sequences of one context, so a side request between two answers
 * leaves the answers' evaluated prompt in the KV cache. Real node-llama-cpp in a real host, tiny
 * fixture: the observable is the prompt tokens each request had to evaluate (the rest was reused).
 */
import { GgufInsights, readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeMessages } from '../../../src-main/core/chat/citationCheck/judge';
import { rewriteMessages } from '../../../src-main/core/chat/followUpRewrite';
import { InferenceHost } from '../../../src-main/core/llm/inferenceHost';
import type { GeneratePurpose, HostResult } from '../../../src-main/core/llm/host/hostProtocol';
import { nodeHostLauncher } from '../../../src-main/core/llm/nodeHostLauncher';
import type { ChatMessage } from '../../../src-main/core/llm/types';
import { tinyChatModel } from '../../helpers/paths';
import { HOST_TEST_TIMEOUT } from './helpers';

const CONTEXT = 1024;
/** The fixed part of every answer's prompt (instructions and sources): what a follow-up should reuse. */
const SOURCES =
  'You answer from the sources and cite them as [n].\n\n' +
  '[1] The annual report of the water board, page 4: the reservoir held 12 million cubic metres in March, ' +
  'down from 15 million a year earlier, after a dry winter in the northern valleys.\n' +
  '[2] The same report, page 9: the board plans two new pumping stations and a pipeline to the coast, ' +
  'to be financed by a bond issued in the autumn and repaid over twenty years.';

function answerMessages(question: string): ChatMessage[] {
  return [
    { role: 'system', content: SOURCES },
    { role: 'user', content: question },
  ];
}

const VERDICT_SCHEMA = { type: 'object', properties: { verdict: { enum: ['keep', 'drop'] } }, required: ['verdict'] };

let host: InferenceHost;
let loaded: HostResult<'loadChat'>;
let sourcesTokens: number;

interface Options {
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  onToken?: () => void;
  jsonSchema?: Record<string, unknown>;
}

function generate(messages: ChatMessage[], purpose: GeneratePurpose, options: Options = {}) {
  const { maxTokens = 6, temperature = 0, jsonSchema, signal, onToken } = options;
  return host.request('generate', { messages, maxTokens, temperature, purpose, ...(jsonSchema ? { jsonSchema } : {}) }, { signal, onToken });
}

/** A rewrite request as the app sends it before searching a follow-up. */
function rewriteRequest(question: string, answer: string): ChatMessage[] {
  return rewriteMessages(question, [{ question: 'How much water did the reservoir hold?', answer }], 'en');
}

/** Stops the request after its third token (the tiny model would otherwise run to maxTokens). */
function abortAfterThreeTokens(): { signal: AbortSignal; onToken: () => void } {
  const controller = new AbortController();
  let seen = 0;
  return {
    signal: controller.signal,
    onToken: () => {
      seen += 1;
      if (seen === 3) controller.abort();
    },
  };
}

beforeAll(async () => {
  host = new InferenceHost({ launcher: nodeHostLauncher, onLog: () => undefined });
  await host.request('init', { gpu: 'cpu', threads: 1 });
  loaded = await host.request('loadChat', { path: tinyChatModel, gpuLayers: 0, contextSize: CONTEXT, batchSize: 512 });
  sourcesTokens = (await host.request('countTokens', { role: 'chat', text: SOURCES })).count;
}, HOST_TEST_TIMEOUT);

afterAll(async () => {
  await host?.stop();
});

describe('answer and side sequences', { timeout: HOST_TEST_TIMEOUT }, () => {
  it('keeps the answers prompt in the KV cache across a rewrite and a judge, which still give their results', async () => {
    const first = await generate(answerMessages('How much water did the reservoir hold?'), 'chat');
    expect(first.tokens).toBeGreaterThan(0);
    // A fresh sequence: everything was evaluated.
    expect(first.promptTokensEvaluated).toBe(first.promptTokens);

    const rewrite = await generate(rewriteRequest('And the pipeline?', first.text), 'rewrite');
    expect(rewrite.tokens).toBeGreaterThan(0);
    expect(rewrite.stopReason).not.toBe('aborted');
    expect(rewrite.promptTokensEvaluated).toBeGreaterThan(0);
    // The judge's JSON-schema grammar works on the side sequence: the output is JSON of the schema.
    const judge = await generate(judgeMessages(SOURCES, 'The reservoir held 12 million cubic metres.', 'en'), 'judge', { maxTokens: 40, jsonSchema: VERDICT_SCHEMA });
    expect(judge.stopReason).toBe('eos');
    expect(['keep', 'drop']).toContain((JSON.parse(judge.text) as { verdict: string }).verdict);

    const followUp = await generate(answerMessages('And what does the board plan?'), 'chat');
    expect(followUp.tokens).toBeGreaterThan(0);
    // Only the new question (and the template around it) was evaluated: the sources were reused.
    expect(followUp.promptTokensEvaluated).toBeGreaterThan(0);
    expect(followUp.promptTokensEvaluated).toBeLessThanOrEqual(followUp.promptTokens - sourcesTokens);
  });

  it('a request sent as an answer evicts that prompt (what every side request did before)', async () => {
    await generate(answerMessages('What will finance the pipeline?'), 'chat');
    const inBetween = await generate(rewriteRequest('And the bond?', 'A bond.'), 'chat');
    expect(inBetween.tokens).toBeGreaterThan(0);
    const followUp = await generate(answerMessages('And the bond?'), 'chat');
    expect(followUp.promptTokensEvaluated).toBeGreaterThanOrEqual(sourcesTokens);
  });

  it('answers do not change what a side request gives, nor side requests an answer', async () => {
    const judgeRequest = judgeMessages(SOURCES, 'The board plans two pumping stations.', 'en');
    const answerRequest = answerMessages('How long is the bond repaid over?');
    const judgeAlone = await generate(judgeRequest, 'judge', { maxTokens: 12 });
    const answerAlone = await generate(answerRequest, 'chat', { maxTokens: 12 });
    await generate(answerMessages('Something else entirely?'), 'chat');
    const judgeAgain = await generate(judgeRequest, 'judge', { maxTokens: 12 });
    await generate(rewriteRequest('Anything else?', answerAlone.text), 'rewrite');
    const answerAgain = await generate(answerRequest, 'chat', { maxTokens: 12 });
    expect(judgeAgain.text).toBe(judgeAlone.text);
    expect(answerAgain.text).toBe(answerAlone.text);
  });

  it('cancelling an answer or a side request leaves the other sequence working and the answers prompt in place', async () => {
    const stopped = abortAfterThreeTokens();
    const answer = await generate(answerMessages('Tell me everything about the reservoir.'), 'chat', { maxTokens: 400, temperature: 0.8, ...stopped });
    expect(answer.stopReason).toBe('aborted');
    expect(answer.tokens).toBeLessThan(400);

    const rewrite = await generate(rewriteRequest('And the valleys?', answer.text), 'rewrite');
    expect(rewrite.stopReason).not.toBe('aborted');
    expect(rewrite.tokens).toBeGreaterThan(0);

    const stoppedSide = abortAfterThreeTokens();
    const judge = await generate(judgeMessages(SOURCES, 'The winter was dry.', 'en'), 'judge', { maxTokens: 400, temperature: 0.8, ...stoppedSide });
    expect(judge.stopReason).toBe('aborted');
    expect(judge.tokens).toBeLessThan(400);

    // A side request cancelled while it waits behind an answer never runs; the answer is unaffected.
    const queued = new AbortController();
    const [next, cancelled] = await Promise.all([
      generate(answerMessages('And the northern valleys?'), 'chat'),
      (() => {
        const pending = generate(rewriteRequest('And the coast?', ''), 'rewrite', { signal: queued.signal });
        queued.abort();
        return pending;
      })(),
    ]);
    expect(cancelled).toMatchObject({ stopReason: 'aborted', tokens: 0, text: '' });
    expect(next.stopReason).not.toBe('aborted');
    expect(next.tokens).toBeGreaterThan(0);
    expect(next.promptTokensEvaluated).toBeLessThanOrEqual(next.promptTokens - sourcesTokens);
  });

  it('counts both sequences KV cache in the loaded footprint', async () => {
    const info = await readGgufFileInfo(tinyChatModel, { sourceType: 'filesystem', logWarnings: false });
    const insights = await GgufInsights.from(info);
    const oneSequence = await insights.estimateContextResourceRequirementsV2({ contextSize: CONTEXT, sequences: 1, batchSize: 512, modelGpuLayers: 0, flashAttention: false });
    // The side sequence's own KV cache, from the model's shape: keys and values in F16 per layer.
    const meta = info.architectureMetadata as { block_count: number; embedding_length: number; attention: { head_count: number; head_count_kv: number } };
    const kvBytesPerToken = 2 * meta.block_count * meta.attention.head_count_kv * (meta.embedding_length / meta.attention.head_count) * 2;
    expect(loaded.contextSize).toBe(CONTEXT);
    expect(loaded.memoryBytes).toBeGreaterThanOrEqual(insights.modelSize + oneSequence.cpuRam + CONTEXT * kvBytesPerToken);
  });
});
