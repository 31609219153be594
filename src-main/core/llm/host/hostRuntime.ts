/**
 * What the inference host does with each request, using node-llama-cpp. It knows nothing of the
 * transport (hostMain.ts wires it to fork's IPC or Electron's parentPort). Runs only inside the host
 * process: a GGML_ASSERT in here kills the host, never the app.
 */
import { basename } from 'node:path';
import {
  getLlama,
  getLlamaGpuTypes,
  GgufInsights,
  LlamaChat,
  LlamaLogLevel,
  type ChatHistoryItem,
  type GbnfJsonSchema,
  type LlamaGrammar,
  type Llama,
  type LlamaContext,
  type LlamaEmbeddingContext,
  type LlamaModel,
  type Token,
  readGgufFileInfo,
} from 'node-llama-cpp';
import type { GpuChoice } from '../../../../src-shared/domain';
import { PhareError } from '../../../../src-shared/errors';
import type { HostMethodName, HostParams, HostResult } from './hostProtocol';

type LogLevel = 'error' | 'warn' | 'info';

export interface RequestContext {
  signal: AbortSignal;
  onToken: (delta: string) => void;
}

interface ChatSlot {
  path: string;
  model: LlamaModel;
  context: LlamaContext;
  /** The conversation's answers: its evaluated prompt (system prompt, sources) stays in this sequence's KV cache. */
  answer: LlamaChat;
  /** Everything else (a follow-up's rewrite, the judges): short requests that must not evict the answer's prefix. */
  side: LlamaChat;
}
interface EmbeddingSlot {
  path: string;
  model: LlamaModel;
  context: LlamaEmbeddingContext;
  contextSize: number;
  dimension: number;
}

/**
 * Sequences of the chat context: one for the answers, one for the short side requests (see ChatSlot).
 * One context with two sequences rather than a second, smaller context: node-llama-cpp gives each
 * sequence its own `contextSize` cells (kv_unified off), so the second sequence costs one more KV
 * cache and nothing else, where a second context also takes compute buffers of its own. Estimated by
 * node-llama-cpp for the synthetic 1B model at 4,096 tokens, batch 512: 434 MB for one sequence, 568 MB
 * for two, 229 MB more for a side context of only 2,048 tokens. A side sequence as large as the
 * answer's also takes any request the answer's would (a quality judge's evidence, a long history).
 */
const CHAT_SEQUENCES = 2;

/**
 * Flash attention unless the caller says otherwise. On the CPU, node-llama-cpp's default ('auto') turns
 * it on, and it gains nothing on prompts while generation after a 2,048-token prompt is 20-30 % slower
 * (`npm run bench -- llama-bench`, docs/benchmarks.md): off there. GPUs keep the default.
 */
function defaultFlashAttention(instance: Llama): false | 'auto' {
  return instance.gpu === false ? false : 'auto';
}

/** Embedding contexts past this many tokens waste memory for no benefit on chunks of a few hundred. */
const MAX_EMBEDDING_CONTEXT = 8192;

/** Runs tasks one at a time: a context sequence serves one evaluation at a time. */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

type LlamaGpu = false | 'cuda' | 'vulkan' | 'metal';

/**
 * What to ask getLlama for. 'auto' on a machine with no usable GPU at all goes straight to the CPU:
 * otherwise node-llama-cpp test-loads each GPU binary in a subprocess first, seconds per host start.
 * An explicit backend the machine cannot have is refused before trying.
 */
async function resolveGpuOption(choice: GpuChoice): Promise<'auto' | LlamaGpu> {
  if (choice === 'cpu') return false;
  const supported: LlamaGpu[] = await getLlamaGpuTypes('supported');
  if (choice === 'auto') return supported.some((gpu) => gpu !== false) ? 'auto' : false;
  if (!supported.includes(choice)) throw new PhareError('BACKEND_UNAVAILABLE', { backend: choice });
  return choice;
}

function toHistory(messages: HostParams<'generate'>['messages']): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m): ChatHistoryItem => {
    if (m.role === 'assistant') return { type: 'model', response: [m.content] };
    return { type: m.role, text: m.content };
  });
  // LlamaChat completes the last model turn: an empty one asks for a new answer.
  history.push({ type: 'model', response: [] });
  return history;
}

function normalise(vector: readonly number[]): number[] {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const norm = Math.sqrt(sum);
  return norm > 0 ? vector.map((v) => v / norm) : [...vector];
}

export function createHostRuntime(log: (level: LogLevel, message: string) => void) {
  let llama: Llama | null = null;
  let threads = 1;
  let chat: ChatSlot | null = null;
  let embedding: EmbeddingSlot | null = null;
  const chatQueue = new SerialQueue();
  const embeddingQueue = new SerialQueue();
  /**
   * One-text embeds (a search's query) that arrived while a batch of several texts was being embedded:
   * run between two texts of that batch instead of after all of them. Measured before this (`npm run
   * bench -- search-while-ingesting` with a 100-page PDF): vector searches took p50 151 ms against 23
   * idle while every store stage stayed near idle, the query waiting behind the PDF's batches of 32.
   */
  const queriesWaiting: Array<() => Promise<void>> = [];
  let batchRunning = false;
  async function runWaitingQueries(): Promise<void> {
    while (queriesWaiting.length > 0) await queriesWaiting.shift()!();
  }
  function embedRequest(params: HostParams<'embed'>, ctx: RequestContext): Promise<HostResult<'embed'>> {
    if (params.texts.length === 1 && batchRunning) {
      return new Promise((resolve, reject) => queriesWaiting.push(() => embed(params, ctx).then(resolve, reject)));
    }
    return embeddingQueue.run(async () => {
      batchRunning = params.texts.length > 1;
      try {
        return await embed(params, ctx);
      } finally {
        batchRunning = false;
        await runWaitingQueries();
      }
    });
  }
  /** Recent llama.cpp error lines: "Failed to load model" alone does not tell the user why. */
  const recentErrors: string[] = [];

  function requireLlama(): Llama {
    if (!llama) throw new PhareError('INTERNAL', { detail: 'inference host not initialised' });
    return llama;
  }

  function loadFailure(path: string, error: unknown): PhareError {
    const detail = recentErrors.at(-1) ?? (error instanceof Error ? error.message : String(error));
    return new PhareError('MODEL_INVALID', { file: basename(path), detail }, { cause: error });
  }

  async function init(params: HostParams<'init'>): Promise<HostResult<'init'>> {
    if (llama) throw new PhareError('INTERNAL', { detail: 'inference host already initialised' });
    threads = params.threads;
    const explicit = params.gpu !== 'auto';
    const gpu = await resolveGpuOption(params.gpu);
    try {
      llama = await getLlama({
        // Never compile at run time: the prebuilt binaries are what ships.
        build: 'never',
        gpu,
        maxThreads: threads,
        logLevel: LlamaLogLevel.warn,
        logger: (level, message) => {
          const text = message.trim();
          if (!text) return;
          if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) {
            recentErrors.push(text);
            if (recentErrors.length > 5) recentErrors.shift();
            log('error', text);
          } else if (level === LlamaLogLevel.warn) {
            log('warn', text);
          }
        },
      });
    } catch (error) {
      if (explicit) throw new PhareError('BACKEND_UNAVAILABLE', { backend: params.gpu }, { cause: error });
      throw error;
    }
    // node-llama-cpp may fall back to another backend (Metal asked for on Linux gives the CPU):
    // an explicit choice that was not honoured is reported, not silently ignored.
    const backend = llama.gpu === false ? 'cpu' : llama.gpu;
    if (explicit && backend !== params.gpu) {
      await llama.dispose();
      llama = null;
      throw new PhareError('BACKEND_UNAVAILABLE', { backend: params.gpu });
    }
    return { backend };
  }

  async function unloadChat(): Promise<void> {
    const slot = chat;
    chat = null;
    if (!slot) return;
    slot.answer.dispose();
    slot.side.dispose();
    await slot.context.dispose();
    await slot.model.dispose();
  }

  async function unloadEmbedding(): Promise<void> {
    const slot = embedding;
    embedding = null;
    if (!slot) return;
    await slot.context.dispose();
    await slot.model.dispose();
  }

  async function loadModelFile(instance: Llama, path: string, gpuLayers: HostParams<'loadChat'>['gpuLayers']): Promise<LlamaModel> {
    recentErrors.length = 0;
    try {
      return await instance.loadModel({ modelPath: path, gpuLayers });
    } catch (error) {
      throw loadFailure(path, error);
    }
  }

  async function loadChat(params: HostParams<'loadChat'>): Promise<HostResult<'loadChat'>> {
    const instance = requireLlama();
    await unloadChat();
    const model = await loadModelFile(instance, params.path, params.gpuLayers);
    try {
      const contextSize = Math.min(params.contextSize, model.trainContextSize);
      const context = await model.createContext({
        contextSize,
        sequences: CHAT_SEQUENCES,
        threads,
        // A batch larger than the context buys nothing and costs memory.
        ...(params.batchSize ? { batchSize: Math.min(params.batchSize, contextSize) } : {}),
        flashAttention: params.flashAttention ?? defaultFlashAttention(instance),
      });
      const answer = new LlamaChat({ contextSequence: context.getSequence() });
      const side = new LlamaChat({ contextSequence: context.getSequence() });
      chat = { path: params.path, model, context, answer, side };
      // The context's state size counts only what was evaluated so far (next to nothing right after
      // loading); the KV cache (both sequences') and compute buffers it reserves are what
      // node-llama-cpp estimates.
      const contextBytes = await model.fileInsights.estimateContextResourceRequirementsV2({
        contextSize: context.contextSize,
        sequences: context.totalSequences,
        batchSize: context.batchSize,
        modelGpuLayers: model.gpuLayers,
        flashAttention: context.flashAttention,
      });
      return {
        contextSize: context.contextSize,
        chatWrapper: answer.chatWrapper.wrapperName,
        memoryBytes: model.size + Math.max(context.stateSize, contextBytes.cpuRam + contextBytes.gpuVram),
        gpuLayers: model.gpuLayers,
      };
    } catch (error) {
      await model.dispose();
      throw loadFailure(params.path, error);
    }
  }

  async function loadEmbedding(params: HostParams<'loadEmbedding'>): Promise<HostResult<'loadEmbedding'>> {
    const instance = requireLlama();
    await unloadEmbedding();
    const model = await loadModelFile(instance, params.path, params.gpuLayers);
    try {
      const contextSize = Math.min(model.trainContextSize, MAX_EMBEDDING_CONTEXT);
      // Encoders see the whole input in one batch, so the batch is as large as the context.
      const context = await model.createEmbeddingContext({ contextSize, batchSize: contextSize, threads });
      embedding = { path: params.path, model, context, contextSize, dimension: model.embeddingVectorSize };
      // An embedding context exposes no state size: node-llama-cpp's estimate for it stands in.
      const contextBytes = await model.fileInsights.estimateContextResourceRequirementsV2({
        contextSize,
        batchSize: contextSize,
        modelGpuLayers: model.gpuLayers,
        isEmbeddingContext: true,
      });
      return {
        dimension: model.embeddingVectorSize,
        contextSize,
        memoryBytes: model.size + contextBytes.cpuRam + contextBytes.gpuVram,
        gpuLayers: model.gpuLayers,
      };
    } catch (error) {
      await model.dispose();
      throw loadFailure(params.path, error);
    }
  }

  /**
   * Estimates what loading a file would take, with node-llama-cpp's own resolver (the one its
   * `gpuLayers: 'auto'` uses), and what the machine has free. The file was inspected by the parent.
   */
  async function estimate(params: HostParams<'estimate'>): Promise<HostResult<'estimate'>> {
    const instance = requireLlama();
    const info = await readGgufFileInfo(params.path, { sourceType: 'filesystem', logWarnings: false });
    const insights = await GgufInsights.from(info, instance);
    const train = insights.trainContextSize ?? params.contextSize;
    const embeddingContext = params.role === 'embedding';
    const contextSize = embeddingContext ? Math.min(train, MAX_EMBEDDING_CONTEXT) : Math.min(params.contextSize, train);
    const resolved = await insights.configurationResolver.resolveAndScoreConfig({
      targetGpuLayers: params.gpuLayers === 'auto' ? undefined : params.gpuLayers,
      targetContextSize: contextSize,
      embeddingContext,
    });
    const [ram, vram] = await Promise.all([instance.getRamState(), instance.getVramState()]);
    const values = resolved.resolvedValues;
    // The resolver sizes a context of one sequence; a chat model gets CHAT_SEQUENCES (see loadChat).
    const extra = { cpuRam: 0, gpuVram: 0 };
    if (!embeddingContext) {
      const options = { contextSize: values.contextSize, modelGpuLayers: values.gpuLayers, flashAttention: defaultFlashAttention(instance) };
      const [one, all] = await Promise.all([
        insights.estimateContextResourceRequirementsV2({ ...options, sequences: 1 }),
        insights.estimateContextResourceRequirementsV2({ ...options, sequences: CHAT_SEQUENCES }),
      ]);
      extra.cpuRam = Math.max(0, all.cpuRam - one.cpuRam);
      extra.gpuVram = Math.max(0, all.gpuVram - one.gpuVram);
    }
    return {
      requiredRamBytes: values.totalRamUsage + extra.cpuRam,
      requiredVramBytes: values.totalVramUsage + extra.gpuVram,
      freeRamBytes: ram.free,
      freeVramBytes: vram.free,
      gpuLayers: values.gpuLayers,
      compatibilityScore: resolved.compatibilityScore,
    };
  }

  /** Grammars compiled from JSON schemas, kept by schema text: a judge run asks for the same one each time. */
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  function jsonGrammar(schema: Record<string, unknown>): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = grammars.get(key);
    if (!grammar) {
      // The schema comes from our own code (a zod-checked record); node-llama-cpp refuses what it cannot
      // express. Its signature infers the schema's literal type, which a schema known only at run time lacks.
      const llama = requireLlama();
      const create = llama.createGrammarForJsonSchema.bind(llama) as unknown as (s: GbnfJsonSchema) => Promise<LlamaGrammar>;
      grammar = create(schema as GbnfJsonSchema);
      grammar.catch(() => grammars.delete(key));
      grammars.set(key, grammar);
    }
    return grammar;
  }

  async function generate(params: HostParams<'generate'>, ctx: RequestContext): Promise<HostResult<'generate'>> {
    const slot = chat;
    if (!slot) throw new PhareError('MODEL_NOT_LOADED', { role: 'chat' });
    // Only the answer itself runs on the conversation's sequence; the short requests run on the side one.
    const session = params.purpose === 'chat' ? slot.answer : slot.side;
    const history = toHistory(params.messages);
    const promptTokens = session.chatWrapper
      .generateContextState({ chatHistory: history })
      .contextText.tokenize(slot.model.tokenizer).length;
    // Tokens the sequence evaluates (node-llama-cpp's meter): read at the first generated token, what
    // the prompt cost after the prefix reused from the KV cache.
    const meter = session.sequence.tokenMeter;
    const meterBefore = meter.usedInputTokens + meter.usedOutputTokens;
    const evaluated = () => meter.usedInputTokens + meter.usedOutputTokens - meterBefore;
    let promptTokensEvaluated: number | null = null;
    const started = performance.now();
    let ttftMs: number | null = null;
    let tokens = 0;
    let text = '';
    let stopReason: HostResult<'generate'>['stopReason'] = 'eos';
    const grammar = params.jsonSchema ? await jsonGrammar(params.jsonSchema) : undefined;
    try {
      const response = await session.generateResponse(history, {
        maxTokens: params.maxTokens,
        temperature: params.temperature,
        ...(grammar ? { grammar } : {}),
        signal: ctx.signal,
        stopOnAbortSignal: true,
        onToken: (generated: Token[]) => {
          if (tokens === 0) promptTokensEvaluated = evaluated();
          tokens += generated.length;
        },
        onTextChunk: (delta: string) => {
          if (!delta) return;
          if (ttftMs === null) ttftMs = performance.now() - started;
          ctx.onToken(delta);
        },
      });
      text = response.response;
      const reason = response.metadata.stopReason;
      stopReason = reason === 'maxTokens' ? 'maxTokens' : reason === 'abort' ? 'aborted' : 'eos';
    } catch (error) {
      // Aborted before the first token: node-llama-cpp throws the signal's reason.
      if (!ctx.signal.aborted) throw error;
      stopReason = 'aborted';
    }
    if (ctx.signal.aborted) stopReason = 'aborted';
    return {
      text,
      tokens,
      promptTokens,
      // Stopped before the first token: what the sequence evaluated until then.
      promptTokensEvaluated: promptTokensEvaluated ?? evaluated(),
      stopReason,
      ttftMs,
      generationMs: performance.now() - started,
    };
  }

  async function embed(params: HostParams<'embed'>, ctx: RequestContext): Promise<HostResult<'embed'>> {
    const slot = embedding;
    if (!slot) throw new PhareError('MODEL_NOT_LOADED', { role: 'embedding' });
    const vectors: number[][] = [];
    // node-llama-cpp refuses inputs that fill the whole context, hence the -1.
    const limit = slot.contextSize - 1;
    for (const text of params.texts) {
      if (params.texts.length > 1) await runWaitingQueries();
      if (ctx.signal.aborted) throw new PhareError('CANCELLED');
      let tokens = slot.model.tokenize(text);
      if (tokens.length === 0) {
        // Nothing to embed (empty or blank text): a zero vector, which matches nothing.
        vectors.push(new Array<number>(slot.dimension).fill(0));
        continue;
      }
      // Special tokens the context adds (CLS/SEP, BOS/EOS) count too; it adds them in place, hence the copy.
      const overhead = slot.context.calculateInputLength([...tokens]) - tokens.length;
      if (tokens.length + overhead > limit) tokens = tokens.slice(0, Math.max(1, limit - overhead));
      const result = await slot.context.getEmbeddingFor(tokens);
      vectors.push(normalise(result.vector));
    }
    return { vectors };
  }

  function countTokens(params: HostParams<'countTokens'>): HostResult<'countTokens'> {
    const slot = params.role === 'chat' ? chat : embedding;
    if (!slot) throw new PhareError('MODEL_NOT_LOADED', { role: params.role });
    return { count: slot.model.tokenize(params.text).length };
  }

  return {
    async handle<M extends HostMethodName>(method: M, params: HostParams<M>, ctx: RequestContext): Promise<HostResult<M>> {
      // The casts only bridge the generic method name to each handler; params were parsed by the caller.
      const p = params as never;
      switch (method) {
        case 'init':
          return (await init(p)) as HostResult<M>;
        case 'loadChat':
          return (await chatQueue.run(() => loadChat(p))) as HostResult<M>;
        case 'loadEmbedding':
          return (await embeddingQueue.run(() => loadEmbedding(p))) as HostResult<M>;
        case 'unload': {
          const { role } = params as HostParams<'unload'>;
          if (role === 'chat') await chatQueue.run(unloadChat);
          else await embeddingQueue.run(unloadEmbedding);
          return {} as HostResult<M>;
        }
        case 'generate':
          // Both sequences' requests go through one queue, one at a time as before: on a CPU two
          // evaluations at once would only share the same cores, and each request keeps its own
          // signal, grammar and sequence.
          return (await chatQueue.run(() => generate(p, ctx))) as HostResult<M>;
        case 'estimate':
          return (await estimate(p)) as HostResult<M>;
        case 'embed':
          return (await embedRequest(p, ctx)) as HostResult<M>;
        case 'countTokens':
          return countTokens(p) as HostResult<M>;
        default:
          throw new PhareError('UNKNOWN_METHOD', { method });
      }
    },

    async dispose(): Promise<void> {
      await chatQueue.run(unloadChat);
      await embeddingQueue.run(unloadEmbedding);
      grammars.clear();
      await llama?.dispose();
      llama = null;
    },
  };
}

export type HostRuntime = ReturnType<typeof createHostRuntime>;
