/**
 * What the chat layer costs in generation speed: tokens/s through the path answers use (the
 * inference host in its own process, reached through the ModelService's ChatModel, with IPC for
 * every token) next to node-llama-cpp's own LlamaChatSession in this process, on the same tiny GGUF
 * with the same settings (1 thread, CPU, same context size, same max tokens, greedy) and the same
 * prompt, in the same run, alternating the two so drift on a shared machine hits both alike.
 * Target: the layer costs under 5%.
 */
import { getLlama, LlamaChatSession, LlamaLogLevel, type ChatHistoryItem } from 'node-llama-cpp';
import { createModelService } from '../src-main/core/llm/modelService';
import { nodeHostLauncher } from '../src-main/core/llm/nodeHostLauncher';
import type { ChatMessage } from '../src-main/core/llm/types';
import { defaultSettings } from '../src-main/core/settings/defaultSettings';
import { fmt, percentile, printTable } from './benchLib';
import { benchModels } from './benchModels';

const THREADS = 1;
const CONTEXT_SIZE = 2048;
const MAX_TOKENS = 256;
const RUNS = 20;

const SYSTEM = 'You answer questions using only the numbered sources. Cite [n] after each claim. Say when the sources do not say.';
const USER = [
  '[1] The lighthouse keeper logged every ship that passed the cape, with its flag, its heading and the weather.',
  '[2] In 1911 the lamp was converted from oil to acetylene, and the keeper no longer had to wind the clockwork every four hours.',
  '',
  'Question: what did the keeper record, and what changed in 1911?',
].join('\n');

interface Run {
  tokens: number;
  wallMs: number;
  ttftMs: number | null;
  /** Layer only: generation time measured inside the host, so wall minus this is the transport's share. */
  hostMs?: number;
}

export async function benchChatLayer(): Promise<void> {
  const { chatModel } = await benchModels();
  const settings = { ...defaultSettings(), chatModelPath: chatModel, gpu: 'cpu' as const, gpuLayers: 0, threads: THREADS, contextSize: CONTEXT_SIZE };

  // The chat layer: model service + inference host process + ChatModel, as answers use it.
  const service = createModelService({ getSettings: () => settings, modelsDir: process.cwd(), launcher: nodeHostLauncher, onStatus: () => undefined, onLog: () => undefined });
  // node-llama-cpp in this process, nothing of ours in between.
  const llama = await getLlama({ build: 'never', gpu: false, maxThreads: THREADS, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: chatModel, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: Math.min(CONTEXT_SIZE, model.trainContextSize), threads: THREADS });
  const session = new LlamaChatSession({ contextSequence: context.getSequence(), systemPrompt: SYSTEM });
  const initialHistory: ChatHistoryItem[] = session.getChatHistory();

  try {
    const chat = await service.getChatModel();
    if (!chat) throw new Error('no chat model');
    const messages: ChatMessage[] = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: USER },
    ];

    async function viaLayer(): Promise<Run> {
      const started = performance.now();
      let ttftMs: number | null = null;
      const result = await chat!.generate({
        messages,
        maxTokens: MAX_TOKENS,
        temperature: 0,
        onToken: () => {
          ttftMs ??= performance.now() - started;
        },
      });
      return { tokens: result.tokens, wallMs: performance.now() - started, ttftMs, hostMs: result.generationMs };
    }

    async function plain(): Promise<Run> {
      // Each question starts from the system prompt alone, as each answer does (the evaluated prefix is reused by both).
      session.setChatHistory(initialHistory);
      const started = performance.now();
      let ttftMs: number | null = null;
      let tokens = 0;
      await session.prompt(USER, {
        maxTokens: MAX_TOKENS,
        temperature: 0,
        onToken: (generated) => {
          tokens += generated.length;
        },
        onTextChunk: () => {
          ttftMs ??= performance.now() - started;
        },
      });
      return { tokens, wallMs: performance.now() - started, ttftMs };
    }

    // Warm-up: loads the model in the host, fills both KV caches with the system prompt.
    await viaLayer();
    await plain();
    const layerRuns: Run[] = [];
    const plainRuns: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate which goes first, so neither always runs on a machine warmed by the other.
      if (i % 2 === 0) {
        layerRuns.push(await viaLayer());
        plainRuns.push(await plain());
      } else {
        plainRuns.push(await plain());
        layerRuns.push(await viaLayer());
      }
    }

    const tps = (runs: Run[]) => runs.map((r) => (r.tokens / r.wallMs) * 1000);
    const row = (name: string, runs: Run[]) => [
      name,
      fmt(Math.max(...tps(runs))),
      fmt(percentile(tps(runs), 50)),
      fmt(percentile(runs.map((r) => r.tokens), 50), 0),
      fmt(percentile(runs.map((r) => r.ttftMs ?? NaN).filter(Number.isFinite), 50)),
      fmt(percentile(runs.map((r) => r.wallMs), 50)),
    ];
    printTable(
      `Generation through the chat layer vs node-llama-cpp's LlamaChatSession in-process (tiny GGUF, ${THREADS} thread, CPU, context ${CONTEXT_SIZE}, max ${MAX_TOKENS} tokens, greedy, ${RUNS} runs each, alternated)`,
      ['path', 'tok/s best', 'tok/s p50', 'tokens', 'ttft ms p50', 'wall ms p50'],
      [row('chat layer (host process + ChatModel)', layerRuns), row('LlamaChatSession (in-process)', plainRuns)],
    );
    const transport = layerRuns.map((r) => (r.wallMs - (r.hostMs ?? r.wallMs)) / Math.max(1, r.tokens));
    console.log(
      `inside the host: ${fmt(percentile(layerRuns.map((r) => (r.tokens / (r.hostMs ?? r.wallMs)) * 1000), 50))} tok/s p50; ` +
        `transport (IPC, validation, events) ${fmt(percentile(transport, 50) * 1000, 0)} µs a token p50, ` +
        `${fmt(percentile(layerRuns.map((r) => ((r.wallMs - (r.hostMs ?? r.wallMs)) / r.wallMs) * 100), 50))}% of the call's time p50`,
    );
    // tokens/s counts the whole call (prompt evaluation, IPC, token events), as a user waits for it.
    // On a shared machine other work only slows runs down, so the best run is the truest cost; the median is printed too.
    // The transport share above is measured within each call, so it is the figure least disturbed by other load.
    const cost = (layer: number, plain: number) => `${fmt(((plain - layer) / plain) * 100)}%`;
    console.log(
      `chat layer cost (target under 5%): ${cost(Math.max(...tps(layerRuns)), Math.max(...tps(plainRuns)))} on best runs, ` +
        `${cost(percentile(tps(layerRuns), 50), percentile(tps(plainRuns), 50))} on medians (negative: the layer was faster)`,
    );
  } finally {
    session.dispose();
    await context.dispose();
    await model.dispose();
    await llama.dispose();
    await service.dispose();
  }
}
