/**
 * Answers a question from the library: rewrite a follow-up into a standalone query, retrieve, pack
 * numbered sources within the model's context, stream the model's answer with [n] citations, check the
 * citations. Without a chat model, an extractive answer: the best passages, cited, and labelled as such
 * (mode 'extractive'). A conversation with the model alone skips the library: its earlier turns are the
 * context (modelOnlyPrompt.ts). Every step writes what it did into the trace draft the caller stores with the answer.
 */
import type { AnswerTrace, ConversationMode } from '../../../src-shared/conversations';
import type { Answer, SearchHit, Settings, Source } from '../../../src-shared/domain';
import { PhareError, type Lang } from '../../../src-shared/errors';
import type { EventBus } from '../eventBus';
import type { ModelService } from '../llm/types';
import type { RankedList } from '../retrieval/retriever';
import { detectLanguage } from '../text/detectLanguage';
import { checkCitations } from './citationCheck/checkCitations';
import { lexicalOverlap } from './citationCheck/contentWords';
import { REWRITE_HISTORY_TURNS, rewriteFollowUp, type Turn } from './followUpRewrite';
import { buildModelOnlyMessages } from './modelOnlyPrompt';
import { buildRagMessages, packSources, type ChunkPosition, type PackedSource } from './ragPrompt';

export interface Retriever {
  search(request: {
    query: string;
    topK: number;
    collection?: string;
    onLists?: (lists: RankedList[]) => void;
    onChunks?: (chunks: Array<ChunkPosition & { id: string }>) => void;
  }): Promise<SearchHit[]>;
}

export interface AskRequest {
  question: string;
  requestId: string;
  collection?: string;
  /** Earlier turns of the conversation, oldest first (for the follow-up rewrite; a model-only conversation's context). */
  history?: Turn[];
  /** 'model': the model answers alone, nothing is searched (default 'library'). */
  mode?: ConversationMode;
  /** Added to the system prompt (a collection's and a conversation's instructions). */
  instructions?: string | null;
  /** The conversation's own settings, in place of the app's. */
  temperature?: number | null;
  topK?: number | null;
}

/** The trace without what only the conversation knows (ids, dates, regeneration). */
export type TraceDraft = Omit<AnswerTrace, 'messageId' | 'conversationId' | 'createdAt' | 'regeneratedFrom'>;

export interface AnswerService {
  /** `trace` is filled as the answer is made, so a failure still leaves the steps that ran. */
  ask(request: AskRequest, trace?: TraceDraft): Promise<Answer>;
  cancel(requestId: string): boolean;
  dispose(): void;
}

const SNIPPET_CHARS = 280;
const EXTRACTIVE_PASSAGES = 3;
/** Tokens kept free for the chat template's own markup around the messages. */
export const TEMPLATE_OVERHEAD_TOKENS = 64;

const TEXTS: Record<Lang, { noSources: string; extractiveIntro: string }> = {
  en: {
    noSources: 'Nothing in your library matches this question, so I cannot answer it from your documents.',
    extractiveIntro: 'No chat model is configured. The most relevant passages in your library:',
  },
  fr: {
    noSources: 'Rien dans votre bibliothèque ne correspond à cette question : je ne peux pas y répondre à partir de vos documents.',
    extractiveIntro: 'Aucun modèle de conversation n’est configuré. Les passages les plus pertinents de votre bibliothèque :',
  },
};

export function snippetOf(text: string, max = SNIPPET_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max);
  return `${flat.slice(0, cut > max * 0.6 ? cut : max)}…`;
}

function toSource(n: number, hit: SearchHit): Source {
  return { n, documentId: hit.documentId, title: hit.title, page: hit.page, score: hit.score, chunkId: hit.chunkId, snippet: snippetOf(hit.text) };
}

/** The answer's language: the question's; when a short question does not tell, the user's. */
export function answerLanguage(question: string, settings: Settings): Lang {
  const detected = detectLanguage(question);
  return detected === 'und' ? settings.language : detected;
}

export function newTraceDraft(request: AskRequest, settings: Settings): TraceDraft {
  return {
    requestId: request.requestId,
    question: request.question,
    searchQuery: request.question,
    rewrite: { outcome: 'first-question', modelOutput: null, ms: 0, historyTurns: 0 },
    collection: request.collection ?? null,
    conversationMode: request.mode ?? 'library',
    instructions: request.instructions?.trim() || null,
    retrieval: { mode: 'none', topK: request.topK ?? settings.topK, hits: [], lists: [] },
    packing: { budgetTokens: 0, answerTokens: settings.maxTokens, sent: [], skippedChunkIds: [] },
    model: null,
    promptTokens: null,
    language: answerLanguage(request.question, settings),
    mode: null,
    outcome: 'error',
    error: null,
    timings: null,
    citationCheck: null,
  };
}

export function createAnswerService(deps: {
  retriever: Retriever;
  models: ModelService;
  getSettings: () => Settings;
  events: EventBus;
}): AnswerService {
  const running = new Map<string, AbortController>();

  async function ask(request: AskRequest, trace: TraceDraft = newTraceDraft(request, deps.getSettings())): Promise<Answer> {
    const { question, requestId, collection } = request;
    const started = performance.now();
    const settings = deps.getSettings();
    const lang = answerLanguage(question, settings);
    const topK = request.topK ?? settings.topK;
    const temperature = request.temperature ?? settings.temperature;
    const instructions = request.instructions?.trim() || null;
    const controller = new AbortController();
    running.set(requestId, controller);
    try {
      const history = request.history ?? [];
      const chat = await deps.models.getChatModel();
      if (request.mode === 'model') {
        if (!chat) throw new PhareError('CHAT_MODEL_REQUIRED');
        return await answerWithModelOnly({ chat, question, requestId, history, lang, instructions, temperature, settings, started, signal: controller.signal }, trace);
      }
      const rewrite = await rewriteFollowUp({ chat, question, history, lang, signal: controller.signal });
      trace.rewrite = { outcome: rewrite.outcome, modelOutput: rewrite.modelOutput, ms: rewrite.ms, historyTurns: Math.min(history.length, REWRITE_HISTORY_TURNS) };
      trace.searchQuery = rewrite.query;

      const retrievalStarted = performance.now();
      let lists: RankedList[] = [];
      // The positions of the chunks found, as the retriever read them (for merging neighbours when packing).
      let positions: Map<string, ChunkPosition> | undefined;
      const hits = await deps.retriever.search({
        query: rewrite.query,
        topK,
        collection,
        onLists: (l) => (lists = l),
        onChunks: (chunks) => (positions = new Map(chunks.map((c) => [c.id, c]))),
      });
      const retrievalMs = performance.now() - retrievalStarted;
      trace.retrieval = {
        mode: retrievalMode(lists),
        topK,
        hits: hits.map((h, i) => ({ rank: i + 1, chunkId: h.chunkId, documentId: h.documentId, page: h.page, score: h.score })),
        lists,
        bestCoverage: questionCoverage(rewrite.query, hits),
      };
      const base = { requestId, question, model: null as string | null, citationCheck: null, rewrittenQuery: rewrite.rewritten };
      const finish = (answer: Answer): Answer => {
        trace.mode = answer.mode;
        trace.outcome = answer.outcome;
        trace.citationCheck = answer.citationCheck;
        trace.timings = { ...answer.timings, rewriteMs: rewrite.ms };
        return answer;
      };

      if (hits.length === 0) {
        return finish({
          ...base,
          answer: TEXTS[lang].noSources,
          mode: chat ? 'generative' : 'extractive',
          outcome: 'no-sources',
          sources: [],
          timings: timings(started, retrievalMs, 0, null, 0, 0),
        });
      }

      if (!chat) {
        const sources = hits.slice(0, EXTRACTIVE_PASSAGES).map((hit, i) => toSource(i + 1, hit));
        trace.packing.sent = sources.map((s) => ({ n: s.n, documentId: s.documentId, chunkIds: [s.chunkId], tokens: 0 }));
        trace.packing.skippedChunkIds = hits.slice(EXTRACTIVE_PASSAGES).map((h) => h.chunkId);
        const answer = [TEXTS[lang].extractiveIntro, ...sources.map((s) => `[${s.n}] ${s.snippet}`)].join('\n\n');
        return finish({ ...base, answer, mode: 'extractive', outcome: 'complete', sources, timings: timings(started, retrievalMs, 0, null, 0, 0) });
      }

      trace.model = modelTrace(chat, settings, temperature);
      const promptStarted = performance.now();
      const count = (text: string) => chat.countTokens(text);
      const { packed, budget, maxTokens } = await packWithinContext({
        hits,
        question,
        lang,
        contextSize: chat.contextSize,
        maxTokens: settings.maxTokens,
        countTokens: count,
        positions,
        instructions,
      });
      const messages = buildRagMessages(question, packed, lang, instructions);
      const promptMs = performance.now() - promptStarted;
      const sentIds = new Set(packed.flatMap((p) => (p.hits ?? [p.hit]).map((h) => h.chunkId)));
      trace.packing = {
        budgetTokens: budget,
        answerTokens: maxTokens,
        sent: packed.map((p) => ({ n: p.n, documentId: p.hit.documentId, chunkIds: (p.hits ?? [p.hit]).map((h) => h.chunkId), tokens: p.tokens ?? 0 })),
        skippedChunkIds: hits.filter((h) => !sentIds.has(h.chunkId)).map((h) => h.chunkId),
      };

      const result = controller.signal.aborted
        ? { text: '', tokens: 0, promptTokens: 0, stopReason: 'aborted' as const, ttftMs: null, generationMs: 0 }
        : await chat.generate({
            messages,
            maxTokens,
            temperature,
            signal: controller.signal,
            onToken: (delta) => deps.events.emit('chat.token', { requestId, delta }),
            purpose: 'chat',
          });
      trace.promptTokens = result.promptTokens;
      const answerTimings = timings(started, retrievalMs, promptMs, result.ttftMs, result.generationMs, result.tokens);
      // Each cited sentence against the chunk(s) it cites; the chat model judges unless the user stopped it.
      const citationCheck = await checkCitations({
        answer: result.text,
        passages: packed.map((p) => ({ n: p.n, text: p.text ?? p.hit.text })),
        lang,
        embedder: await deps.models.getEmbedder().catch(() => null),
        judge: result.stopReason === 'aborted' ? null : chat,
        signal: controller.signal,
      });
      return finish({
        ...base,
        citationCheck,
        model: chat.id,
        ...(chat.remote ? { remote: true } : {}),
        answer: result.text,
        mode: 'generative',
        outcome: result.stopReason === 'aborted' ? 'cancelled' : 'complete',
        sources: packed.map((p) => toSource(p.n, p.hit)),
        timings: answerTimings,
      });
    } finally {
      running.delete(requestId);
    }
  }

  /** A conversation with the model alone: no rewrite, no search, the earlier turns as context, no citation. */
  async function answerWithModelOnly(
    r: {
      chat: NonNullable<Awaited<ReturnType<ModelService['getChatModel']>>>;
      question: string;
      requestId: string;
      history: Turn[];
      lang: Lang;
      instructions: string | null;
      temperature: number;
      settings: Settings;
      started: number;
      signal: AbortSignal;
    },
    trace: TraceDraft,
  ): Promise<Answer> {
    const { chat, settings } = r;
    trace.rewrite = { outcome: 'model-only', modelOutput: null, ms: 0, historyTurns: 0 };
    trace.model = modelTrace(chat, settings, r.temperature);
    const promptStarted = performance.now();
    // The answer keeps its full length; earlier turns fill what is left, most recent first.
    const maxTokens = Math.max(MIN_ANSWER_TOKENS, Math.min(settings.maxTokens, chat.contextSize - TEMPLATE_OVERHEAD_TOKENS - MIN_ANSWER_TOKENS));
    const budget = Math.max(0, chat.contextSize - maxTokens - TEMPLATE_OVERHEAD_TOKENS);
    const { messages, turnsKept } = await buildModelOnlyMessages({
      question: r.question,
      history: r.history,
      lang: r.lang,
      instructions: r.instructions,
      budgetTokens: budget,
      countTokens: (text) => chat.countTokens(text),
    });
    trace.rewrite.historyTurns = turnsKept;
    trace.packing = { budgetTokens: budget, answerTokens: maxTokens, sent: [], skippedChunkIds: [] };
    const promptMs = performance.now() - promptStarted;
    const result = r.signal.aborted
      ? { text: '', tokens: 0, promptTokens: 0, stopReason: 'aborted' as const, ttftMs: null, generationMs: 0 }
      : await chat.generate({
          messages,
          maxTokens,
          temperature: r.temperature,
          signal: r.signal,
          onToken: (delta) => deps.events.emit('chat.token', { requestId: r.requestId, delta }),
          purpose: 'chat',
        });
    trace.promptTokens = result.promptTokens;
    const answer: Answer = {
      requestId: r.requestId,
      question: r.question,
      answer: result.text,
      mode: 'generative',
      outcome: result.stopReason === 'aborted' ? 'cancelled' : 'complete',
      sources: [],
      timings: timings(r.started, 0, promptMs, result.ttftMs, result.generationMs, result.tokens),
      model: chat.id,
      ...(chat.remote ? { remote: true } : {}),
      citationCheck: null,
      rewrittenQuery: null,
      modelOnly: true,
    };
    trace.mode = answer.mode;
    trace.outcome = answer.outcome;
    trace.timings = { ...answer.timings, rewriteMs: 0 };
    return answer;
  }

  return {
    ask,
    cancel(requestId) {
      const controller = running.get(requestId);
      if (!controller) return false;
      controller.abort();
      return true;
    },
    dispose() {
      for (const controller of running.values()) controller.abort();
      running.clear();
    },
  };
}

/** The least an answer is left when its length gives way to the best source (see packWithinContext). */
export const MIN_ANSWER_TOKENS = 128;
const SHORTENING_SLACK_TOKENS = 8;

/**
 * Packs sources into what the model's context leaves after the fixed prompt, the answer (maxTokens)
 * and the template's markup, then checks the whole prompt once more: token counts of parts do not
 * always add up to the count of the whole, so the least relevant source goes until it fits.
 * When not even the best source fits beside a full-length answer (a small context, a long chunk), the
 * answer is shortened for it, down to MIN_ANSWER_TOKENS: an answer without sources would be a guess.
 */
export async function packWithinContext(request: {
  hits: SearchHit[];
  question: string;
  lang: Lang;
  contextSize: number;
  maxTokens: number;
  countTokens: (text: string) => Promise<number>;
  positions?: ReadonlyMap<string, ChunkPosition>;
  /** The user's instructions, part of the fixed prompt. */
  instructions?: string | null;
}): Promise<{ packed: PackedSource[]; budget: number; promptTokens: number; maxTokens: number }> {
  const { question, lang, countTokens } = request;
  const promptTokens = async (sources: PackedSource[]) =>
    countTokens(buildRagMessages(question, sources, lang, request.instructions).map((m) => m.content).join('\n'));
  const fixed = await promptTokens([]);
  const pack = async (maxTokens: number) => {
    const available = request.contextSize - maxTokens - TEMPLATE_OVERHEAD_TOKENS;
    const budget = Math.max(0, available - fixed);
    const packed = await packSources(request.hits, budget, lang, countTokens, request.positions);
    let total = await promptTokens(packed);
    while (packed.length > 0 && total > available) {
      packed.pop();
      total = await promptTokens(packed);
    }
    return { packed, budget, promptTokens: total, maxTokens };
  };
  const full = await pack(request.maxTokens);
  if (full.packed.length > 0 || request.hits.length === 0 || request.maxTokens <= MIN_ANSWER_TOKENS) return full;
  const best = await promptTokens([{ n: 1, hit: request.hits[0] }]);
  // A few tokens of slack: packing counts a source on its own plus a separator, not as part of the whole.
  const answerRoom = request.contextSize - TEMPLATE_OVERHEAD_TOKENS - best - SHORTENING_SLACK_TOKENS;
  if (answerRoom < MIN_ANSWER_TOKENS) return full;
  return pack(Math.min(request.maxTokens, answerRoom));
}

/** Passages whose coverage of the question is measured (the best of them counts). */
const COVERAGE_PASSAGES = 3;

/** Share of the question's content words in the best of its first passages (see AnswerTrace.retrieval.bestCoverage). */
export function questionCoverage(question: string, hits: readonly SearchHit[]): number {
  let best = 0;
  for (const hit of hits.slice(0, COVERAGE_PASSAGES)) best = Math.max(best, lexicalOverlap(question, `${hit.title}\n${hit.text}`));
  return Math.round(best * 1000) / 1000;
}

/** The model and settings an answer was made with, as its trace records them. */
function modelTrace(chat: NonNullable<Awaited<ReturnType<ModelService['getChatModel']>>>, settings: Settings, temperature: number): NonNullable<TraceDraft['model']> {
  return {
    file: chat.id,
    remote: chat.remote === true,
    contextSize: chat.contextSize,
    temperature,
    maxTokens: settings.maxTokens,
    threads: settings.threads,
    gpu: settings.gpu,
    gpuLayers: settings.gpuLayers,
    batchSize: settings.batchSize,
  };
}

function retrievalMode(lists: RankedList[]): TraceDraft['retrieval']['mode'] {
  const vector = lists.some((l) => l.source === 'vector');
  const fullText = lists.some((l) => l.source.startsWith('fulltext'));
  if (vector && fullText) return 'hybrid';
  if (vector) return 'vector';
  return fullText ? 'fulltext' : 'none';
}

function timings(started: number, retrievalMs: number, promptMs: number, ttftMs: number | null, generationMs: number, tokens: number) {
  return {
    retrievalMs: round(retrievalMs),
    promptMs: round(promptMs),
    ttftMs: ttftMs === null ? null : round(ttftMs),
    generationMs: round(generationMs),
    totalMs: round(performance.now() - started),
    tokens,
    tokensPerSecond: tokens > 0 && generationMs > 0 ? round((tokens / generationMs) * 1000) : null,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
