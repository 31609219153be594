/**
 * Where a generated token's time goes at depth 0 (issue 13 §4, why Phare's tg128 is 90-93 % of
 * llama-bench): CPU time per token, read from /proc (Linux), which other processes' load disturbs far
 * less than wall time, on three paths over the same model, threads and context, alternated round by
 * round:
 *   - node-llama-cpp's bare `LlamaContextSequence.evaluate` in this process (its native sampler, no
 *     chat wrapper, no text);
 *   - node-llama-cpp's `LlamaChat.generateResponse` in this process (chat wrapper, stop triggers,
 *     detokenisation: what the host runs);
 *   - Phare's inference host (`generate` over IPC, a message per token), plus the parent's CPU time.
 * Wall-time tokens/s is printed beside it. Run by `npm run bench -- llama-bench` with
 * PHARE_BENCH_CPU_PER_TOKEN=1.
 */
import { readFileSync } from 'node:fs';
import { getLlama, LlamaChat, LlamaLogLevel } from 'node-llama-cpp';
import { InferenceHost } from '../src-main/core/llm/inferenceHost';
import { nodeHostLauncher } from '../src-main/core/llm/nodeHostLauncher';
import { fmt, loadAverage, printTable } from './benchLib';

const TOKENS = 64;
/** USER_HZ: /proc/<pid>/stat counts CPU time in ticks of 10 ms on Linux. */
const TICK_MS = 10;

/** User + system CPU time of a process so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

interface Measure {
  tokensPerSecond: number;
  cpuMsPerToken: number;
  parentCpuMsPerToken?: number;
}

export async function benchTokenCpu(options: { model: string; threads: number; contextSize: number; batchSize: number; rounds: number }): Promise<void> {
  const { model: path, threads, contextSize, batchSize } = options;
  const llama = await getLlama({ build: 'never', gpu: false, maxThreads: threads, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
  // Two sequences, as the host's chat context has.
  const context = await model.createContext({ contextSize, sequences: 2, batchSize, threads, flashAttention: false });
  const bare = context.getSequence();
  const chat = new LlamaChat({ contextSequence: context.getSequence() });
  const host = new InferenceHost({ launcher: nodeHostLauncher, onLog: () => undefined });
  let salt = 0;
  // A short prompt that differs every time, so each measure starts at depth ~10.
  const prompt = () => `run ${++salt} ${Math.random().toString(36).slice(2, 8)} tell me`;

  async function viaBareSequence(): Promise<Measure> {
    await bare.clearHistory();
    let n = 0;
    let started = 0;
    let cpuBefore = 0;
    for await (const token of bare.evaluate(model.tokenize(prompt()), { temperature: 0 })) {
      void token;
      n++;
      // From the first token on: the prompt's evaluation is left out, as in the other two.
      if (n === 1) {
        started = performance.now();
        cpuBefore = cpuMs(process.pid);
      }
      if (n >= TOKENS) break;
    }
    return { tokensPerSecond: ((n - 1) / (performance.now() - started)) * 1000, cpuMsPerToken: (cpuMs(process.pid) - cpuBefore) / (n - 1) };
  }

  async function viaLlamaChat(): Promise<Measure> {
    let n = 0;
    let started = 0;
    let cpuBefore = 0;
    await chat.generateResponse([{ type: 'user', text: prompt() }, { type: 'model', response: [] }], {
      maxTokens: TOKENS,
      temperature: 0,
      onToken: (generated) => {
        if (n === 0) {
          started = performance.now();
          cpuBefore = cpuMs(process.pid);
        }
        n += generated.length;
      },
    });
    return { tokensPerSecond: ((n - 1) / (performance.now() - started)) * 1000, cpuMsPerToken: (cpuMs(process.pid) - cpuBefore) / (n - 1) };
  }

  async function viaHost(): Promise<Measure> {
    const pid = host.pid!;
    const hostBefore = cpuMs(pid);
    const parentBefore = cpuMs(process.pid);
    const result = await host.request('generate', { messages: [{ role: 'user', content: prompt() }], maxTokens: TOKENS, temperature: 0, purpose: 'chat' });
    // The host's CPU time covers the whole call, its prompt of ~15 tokens included (< 2 % of it).
    return {
      tokensPerSecond: ((result.tokens - 1) / (result.generationMs - (result.ttftMs ?? 0))) * 1000,
      cpuMsPerToken: (cpuMs(pid) - hostBefore) / result.tokens,
      parentCpuMsPerToken: (cpuMs(process.pid) - parentBefore) / result.tokens,
    };
  }

  const rows: Array<Array<string | number>> = [];
  try {
    await host.request('init', { gpu: 'cpu', threads });
    await host.request('loadChat', { path, gpuLayers: 0, contextSize, batchSize, flashAttention: false });
    const paths: Array<[string, () => Promise<Measure>]> = [
      ['bare sequence.evaluate, in-process', viaBareSequence],
      ['LlamaChat, in-process', viaLlamaChat],
      ['Phare inference host (IPC)', viaHost],
    ];
    for (const [, measure] of paths) await measure(); // warm-up: pages the weights in
    for (let round = 1; round <= options.rounds; round++) {
      for (const [name, measure] of paths) {
        const before = loadAverage();
        const m = await measure();
        const parent = m.parentCpuMsPerToken === undefined ? '' : fmt(m.parentCpuMsPerToken, 2);
        rows.push([round, name, fmt(m.cpuMsPerToken, 1), parent, fmt(m.tokensPerSecond, 2), before]);
        console.log(`  ${name}: CPU ${fmt(m.cpuMsPerToken, 1)} ms/token${parent ? ` (+ parent ${parent})` : ''}, ${fmt(m.tokensPerSecond, 2)} tok/s (load ${before})`);
      }
    }
  } finally {
    await host.stop();
    chat.dispose();
    await context.dispose();
    await model.dispose();
    await llama.dispose();
  }
  printTable(
    `CPU time per generated token at depth 0 (${TOKENS} tokens, ${threads} thread(s), greedy, context ${contextSize} x 2 sequences)`,
    ['round', 'path', 'CPU ms/token', 'parent CPU ms/token', 'tok/s (wall)', 'load avg'],
    rows,
  );
}
