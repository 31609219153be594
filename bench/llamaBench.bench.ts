/**
 * Real-size generation against llama.cpp (issue 13 §4): Phare's inference host and llama.cpp's own
 * llama-bench on the same synthetic 1B Llama (random Q8_0 weights, 32k vocabulary, written by the
 * project's GGUF writer to a temp folder and reused while its size matches), the same threads and the
 * same flash attention setting, measured interleaved (llama-bench, then Phare, measure by measure):
 *   - pp512: prompt processing of 512 tokens, tokens/s (Phare: prompt tokens / time to first token of
 *     a fresh 512-token prompt with one token generated);
 *   - tg128 at depth 0 and after 2,048 tokens, tokens/s (Phare: tokens after the first / their time);
 *   - time to first token of a real RAG prompt (the app's system prompt and six corpus passages, ~2,000
 *     tokens): a first question, then follow-ups on the same sources in the same conversation: straight
 *     after the first answer, after the app's follow-up rewrite request, after a citation-check judge
 *     call, and after both as the app runs them (judge after an answer, rewrite before the next); as a
 *     control, after a rewrite-sized request sent as an answer (on the answer's sequence, as every
 *     request ran before the side sequence). In the first threads / flash attention configuration only.
 * llama-bench is built from the llama.cpp sources node-llama-cpp ships (llamaCppBuild.ts), once.
 * Environment: PHARE_BENCH_THREADS (e.g. "1,2"; default the app's own default for this machine),
 * PHARE_BENCH_FA ("0,1"; default both), PHARE_BENCH_ROUNDS (default 3: one round's measures move by
 * 5-10 % from noise alone, so the table ends with each measure's median over the rounds),
 * PHARE_BENCH_SKIP_DEPTH=1 to skip the depth-2048 measure,
 * PHARE_BENCH_PHARE_ONLY=1 to measure Phare alone (no llama-bench build), PHARE_BENCH_TTFT_ONLY=1 to
 * measure only the RAG time to first token (no llama-bench either), PHARE_BENCH_CPU_PER_TOKEN=1 to measure
 * only the CPU time per generated token on three paths (tokenCpu.ts; first thread count only).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { judgeMessages } from '../src-main/core/chat/citationCheck/judge';
import { rewriteMessages } from '../src-main/core/chat/followUpRewrite';
import { buildRagMessages, type PackedSource } from '../src-main/core/chat/ragPrompt';
import { InferenceHost } from '../src-main/core/llm/inferenceHost';
import { LLAMA_1B_SHAPE, writeRealSizeLlama } from '../src-main/core/llm/gguf/realSizeModel';
import type { GeneratePurpose } from '../src-main/core/llm/host/hostProtocol';
import type { ChatMessage } from '../src-main/core/llm/types';
import { nodeHostLauncher } from '../src-main/core/llm/nodeHostLauncher';
import type { SearchHit } from '../src-shared/domain';
import { defaultThreads } from '../src-main/core/settings/defaultSettings';
import { corpusPath, fmt, loadAverage, median, printTable } from './benchLib';
import { ensureLlamaBench, llamaBenchOnNodeLlamaCppLibraries } from './llamaCppBuild';
import { benchTokenCpu } from './tokenCpu';

const run = promisify(execFile);
const PROMPT = 512;
const GENERATE = 128;
const DEPTH = 2048;
const CONTEXT = 4096;
const BATCH = 512;

/** The synthetic model, written once per machine into the temp folder (~1.2 GB, ~1 min). */
async function ensureModel(): Promise<string> {
  const file = join(tmpdir(), 'phare-bench-llama', 'phare-synthetic-1b-q8_0.gguf');
  const stamp = `${file}.json`;
  const expected = JSON.stringify(LLAMA_1B_SHAPE);
  if (existsSync(file) && existsSync(stamp)) {
    const written = JSON.parse(readFileSync(stamp, 'utf8')) as { bytes: number; shape: string };
    if (written.shape === expected && statSync(file).size === written.bytes) return file;
  }
  console.log(`writing ${file}`);
  const bytes = await writeRealSizeLlama(file, LLAMA_1B_SHAPE);
  writeFileSync(stamp, JSON.stringify({ bytes, shape: expected }));
  return file;
}

interface LlamaBenchRow {
  n_prompt: number;
  n_gen: number;
  n_depth?: number;
  avg_ts: number;
  n_threads: number;
  flash_attn: boolean | number | string;
}

interface Reference {
  name: string;
  path: string;
  env?: NodeJS.ProcessEnv;
}

async function llamaBench(reference: Reference, model: string, threads: number, fa: boolean, args: string[]): Promise<number> {
  const { stdout } = await run(
    'nice',
    ['-n', '10', reference.path, '-m', model, '-t', String(threads), '-fa', fa ? '1' : '0', '-b', '2048', '-ub', String(BATCH), '-r', '1', '-o', 'json', ...args],
    { maxBuffer: 16 << 20, env: reference.env ?? process.env },
  );
  const rows = JSON.parse(stdout) as LlamaBenchRow[];
  return rows[0].avg_ts;
}

/** Words that tokenise like prose, different on every call so nothing is reused from the KV cache. */
let salt = 0;
function filler(words: number): string {
  salt++;
  const vocabulary = ['report', 'source', 'page', 'model', 'question', 'answer', 'document', 'search', 'the', 'of', 'and', 'les', 'des', 'une'];
  const out = [`run${salt}x${Math.random().toString(36).slice(2, 8)}`];
  for (let i = 1; i < words; i++) out.push(vocabulary[(i * 7 + salt) % vocabulary.length]);
  return out.join(' ');
}

/** Six passages of one corpus document, as the app packs them (~2,000 tokens with this vocabulary). */
function ragSources(): PackedSource[] {
  const lines = readFileSync(corpusPath('qa', 'xquad_en', 'contexts.jsonl'), 'utf8').trim().split('\n');
  const contexts = lines.map((l) => JSON.parse(l) as { context_id: string; doc_id: string; title: string; text: string }).slice(0, 6);
  return contexts.map((c, i) => {
    const hit = { chunkId: c.context_id, documentId: c.doc_id, title: c.title.replace(/_/g, ' '), text: c.text, page: 1, pageEnd: 1, score: 1 - i / 10 };
    return { n: i + 1, hit: hit as unknown as SearchHit };
  });
}

class PhareHost {
  private constructor(private readonly host: InferenceHost) {}

  static async start(model: string, threads: number, flashAttention: boolean): Promise<PhareHost> {
    const host = new InferenceHost({ launcher: nodeHostLauncher, onLog: () => undefined });
    await host.request('init', { gpu: 'cpu', threads });
    await host.request('loadChat', { path: model, gpuLayers: 0, contextSize: CONTEXT, batchSize: BATCH, flashAttention });
    const phare = new PhareHost(host);
    await phare.generate([{ role: 'user', content: filler(8) }], 2); // warm-up: pages the weights in
    return phare;
  }

  generate(messages: ChatMessage[], maxTokens: number, purpose: GeneratePurpose = 'chat') {
    return this.host.request('generate', { messages, maxTokens, temperature: 0, purpose });
  }

  /** A user message of about `tokens` prompt tokens (checked against what the host reports). */
  async promptOf(tokens: number): Promise<ChatMessage[]> {
    let words = Math.round(tokens / 1.6);
    for (let i = 0; i < 6; i++) {
      const text = filler(words);
      const { count } = await this.host.request('countTokens', { role: 'chat', text });
      if (Math.abs(count + 5 - tokens) <= 2) break;
      words = Math.max(1, Math.round((words * (tokens - 5)) / count));
    }
    return [{ role: 'user', content: filler(words) }];
  }

  async pp(tokens: number): Promise<{ ts: number; promptTokens: number }> {
    const result = await this.generate(await this.promptOf(tokens), 1);
    return { ts: (result.promptTokens / (result.ttftMs ?? result.generationMs)) * 1000, promptTokens: result.promptTokens };
  }

  async tg(depth: number): Promise<{ ts: number; tokens: number; promptTokens: number }> {
    const messages = depth > 0 ? await this.promptOf(depth) : [{ role: 'user' as const, content: filler(2) }];
    const result = await this.generate(messages, GENERATE);
    const ttft = result.ttftMs ?? 0;
    return { ts: ((result.tokens - 1) / (result.generationMs - ttft)) * 1000, tokens: result.tokens, promptTokens: result.promptTokens };
  }

  stop(): Promise<void> {
    return this.host.stop();
  }
}

export async function benchLlamaBench(): Promise<void> {
  const threadsList = (process.env.PHARE_BENCH_THREADS ?? String(defaultThreads())).split(',').map(Number);
  const faList = (process.env.PHARE_BENCH_FA ?? '0,1').split(',').map((v) => v === '1');
  const rounds = Number(process.env.PHARE_BENCH_ROUNDS ?? 3);
  const skipDepth = process.env.PHARE_BENCH_SKIP_DEPTH === '1';
  if (process.env.PHARE_BENCH_CPU_PER_TOKEN === '1') {
    await benchTokenCpu({ model: await ensureModel(), threads: threadsList[0], contextSize: CONTEXT, batchSize: BATCH, rounds: Math.max(3, rounds) });
    return;
  }
  const ttftOnly = process.env.PHARE_BENCH_TTFT_ONLY === '1';
  const phareOnly = ttftOnly || process.env.PHARE_BENCH_PHARE_ONLY === '1';
  const binary = phareOnly ? { path: '', release: 'none', commit: 'none' } : await ensureLlamaBench();
  const model = await ensureModel();
  const references: Reference[] = [];
  if (!phareOnly) {
    references.push({ name: 'native build', path: binary.path });
    const same = llamaBenchOnNodeLlamaCppLibraries(binary);
    if (same) references.push({ name: "node-llama-cpp's libraries", ...same });
  }
  console.log(`model ${model} (${(statSync(model).size / 1e9).toFixed(2)} GB, Q8_0, ${JSON.stringify(LLAMA_1B_SHAPE)})`);
  console.log(`llama-bench from llama.cpp ${binary.release} (${binary.commit.slice(0, 8)}): ${references.map((r) => r.name).join(' and ')}; Phare: node-llama-cpp's prebuilt CPU binary`);
  console.log(`context ${CONTEXT}, batch ${BATCH} (llama-bench -b 2048 -ub ${BATCH}), greedy sampling, everything under nice -n 10`);

  const rows: Array<Array<string | number>> = [];
  const ragRows: Array<Array<string | number>> = [];
  for (const threads of threadsList) {
    for (const fa of faList) {
      const label = `t=${threads} fa=${fa ? 'on' : 'off'}`;
      console.log(`\n${label}: load ${loadAverage()}`);
      const phare = await PhareHost.start(model, threads, fa);
      // Each measure's figures over the rounds: llama-bench's (one list per reference) and Phare's.
      const samples = new Map<string, { refs: number[][]; mine: number[] }>();
      try {
        for (let round = 0; round < (ttftOnly ? 0 : rounds); round++) {
          const measures: Array<[string, string[], () => Promise<number>]> = [
            [`pp${PROMPT}`, ['-p', String(PROMPT), '-n', '0'], async () => (await phare.pp(PROMPT)).ts],
            [`tg${GENERATE}`, ['-p', '0', '-n', String(GENERATE)], async () => (await phare.tg(0)).ts],
          ];
          if (!skipDepth) {
            measures.push([`tg${GENERATE} @ d${DEPTH}`, ['-p', '0', '-n', String(GENERATE), '-d', String(DEPTH)], async () => (await phare.tg(DEPTH)).ts]);
          }
          for (const [name, args, ours] of measures) {
            const before = loadAverage();
            const refs: number[] = [];
            for (const reference of references) refs.push(await llamaBench(reference, model, threads, fa, args));
            const mine = await ours();
            const cells = references.map((r, i) => `${r.name} ${fmt(refs[i], 2)} t/s`);
            console.log(`  ${name}: ${[...cells, `Phare ${fmt(mine, 2)} t/s`].join(', ')} (load ${before})`);
            rows.push([label, round + 1, name, ...refs.map((r) => fmt(r, 2)), fmt(mine, 2), ...refs.map((r) => `${fmt((mine / r) * 100, 1)} %`), before]);
            const sample = samples.get(name) ?? { refs: references.map(() => []), mine: [] };
            refs.forEach((r, i) => sample.refs[i].push(r));
            sample.mine.push(mine);
            samples.set(name, sample);
          }
        }
        if (rounds > 1) {
          for (const [name, sample] of samples) {
            const refs = sample.refs.map(median);
            const mine = median(sample.mine);
            rows.push([label, `median of ${rounds}`, name, ...refs.map((r) => fmt(r, 2)), fmt(mine, 2), ...refs.map((r) => `${fmt((mine / r) * 100, 1)} %`), '']);
          }
        }

        // Time to first token on a real RAG prompt: first question, then follow-ups on the same sources.
        // Once, in the first configuration: on a loaded 2-core machine each ~2,000-token prompt takes minutes.
        if (ragRows.length > 0) continue;
        const sources = ragSources();
        const questions = [
          'How many points did the Panthers defense surrender?',
          'And how many career sacks did Jared Allen have?',
          'Who led the team in interceptions?',
          'How many tackles did Luke Kuechly record?',
          'Which player had the most sacks that season?',
          'How many forced fumbles did the defense have?',
        ];
        const history: Array<{ question: string; answer: string }> = [];
        const record = (name: string, r: Awaited<ReturnType<PhareHost['generate']>>, purpose: GeneratePurpose) => {
          const now = loadAverage();
          ragRows.push([label, name, purpose, r.promptTokens, r.promptTokensEvaluated, fmt(r.ttftMs ?? NaN, 0), now]);
          console.log(`  RAG ${name} (${purpose}): ${r.promptTokens} prompt tokens, ${r.promptTokensEvaluated} evaluated, TTFT ${fmt(r.ttftMs ?? NaN, 0)} ms (load ${now})`);
        };
        /** One answer of the conversation, on the answer's sequence. */
        const answer = async (name: string, question: string) => {
          const r = await phare.generate(buildRagMessages(question, sources, 'en'), 16);
          history.push({ question, answer: r.text });
          record(name, r, 'chat');
        };
        /** The app's follow-up rewrite request for the next question, with the conversation so far. */
        const rewrite = async (question: string, purpose: GeneratePurpose) =>
          record('rewrite request', await phare.generate(rewriteMessages(question, history, 'en'), 4, purpose), purpose);
        /** A citation-check judge call on the last answer's claim against the first passage. */
        const judge = async () =>
          record('judge call', await phare.generate(judgeMessages(sources[0].hit.text, history.at(-1)!.answer || 'The defense surrendered 308 points.', 'en'), 4, 'judge'), 'judge');

        await answer('first question', questions[0]);
        await answer('follow-up, straight after', questions[1]);
        await rewrite(questions[2], 'rewrite');
        await answer('follow-up after the rewrite request', questions[2]);
        await judge();
        await answer('follow-up after a judge call', questions[3]);
        // The app's flow: the judge checks the last answer, then the next question is rewritten.
        await judge();
        await rewrite(questions[4], 'rewrite');
        await answer('follow-up after a judge call and the rewrite request', questions[4]);
        // Control: the same rewrite request sent as an answer, on the answer's sequence (all requests did before).
        await rewrite(questions[5], 'chat');
        await answer('follow-up after the rewrite request on the answer sequence (before)', questions[5]);
      } finally {
        await phare.stop();
      }
    }
  }
  const refNames = references.map((r) => `llama-bench, ${r.name}`);
  if (rows.length > 0) printTable(
    'Phare inference host vs llama-bench (tokens/s, same file, threads and flash attention)',
    ['config', 'round', 'measure', ...refNames, 'Phare', ...references.map((r) => `Phare / ${r.name}`), 'load avg'],
    rows,
  );
  printTable(
    'Time to first token, RAG prompt of six corpus passages (one conversation, in this order)',
    ['config', 'request', 'purpose', 'prompt tokens', 'evaluated', 'TTFT ms', 'load avg'],
    ragRows,
  );
}
