/**
 * Answers a question from the library: retrieve, pack numbered sources, stream the model's answer
 * with [n] citations. Without a chat model, an extractive answer: the best passages, cited, and
 * labelled as such (mode 'extractive').
 */
import type { Answer, SearchHit, Settings, Source } from '../../../src-shared/domain';
import type { Lang } from '../../../src-shared/errors';
import type { EventBus } from '../eventBus';
import type { ModelService } from '../llm/types';
import { detectLanguage } from '../text/detectLanguage';
import { checkCitations } from './citationCheck/checkCitations';
import { buildRagMessages, packSources } from './ragPrompt';

export interface Retriever {
  search(request: { query: string; topK: number; collection?: string }): Promise<SearchHit[]>;
}

export interface AskRequest {
  question: string;
  requestId: string;
  collection?: string;
}

export interface AnswerService {
  ask(request: AskRequest): Promise<Answer>;
  cancel(requestId: string): boolean;
  dispose(): void;
}

const SNIPPET_CHARS = 280;
const EXTRACTIVE_PASSAGES = 3;
/** Tokens kept free for the chat template's own markup around the messages. */
const TEMPLATE_OVERHEAD_TOKENS = 64;

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

export function createAnswerService(deps: {
  retriever: Retriever;
  models: ModelService;
  getSettings: () => Settings;
  events: EventBus;
}): AnswerService {
  const running = new Map<string, AbortController>();

  async function ask({ question, requestId, collection }: AskRequest): Promise<Answer> {
    const started = performance.now();
    const settings = deps.getSettings();
    // Answer in the question's language; when a short question does not tell, in the user's.
    const detected = detectLanguage(question);
    const lang: Lang = detected === 'und' ? settings.language : detected;
    const controller = new AbortController();
    running.set(requestId, controller);
    try {
      const hits = await deps.retriever.search({ query: question, topK: settings.topK, collection });
      const retrievalMs = performance.now() - started;
      const base = { requestId, question, model: null as string | null, citationCheck: null };

      if (hits.length === 0) {
        const chat = await deps.models.getChatModel();
        return {
          ...base,
          answer: TEXTS[lang].noSources,
          mode: chat ? 'generative' : 'extractive',
          outcome: 'no-sources',
          sources: [],
          timings: timings(started, retrievalMs, 0, null, 0, 0),
        };
      }

      const chat = await deps.models.getChatModel();
      if (!chat) {
        const sources = hits.slice(0, EXTRACTIVE_PASSAGES).map((hit, i) => toSource(i + 1, hit));
        const answer = [TEXTS[lang].extractiveIntro, ...sources.map((s) => `[${s.n}] ${s.snippet}`)].join('\n\n');
        return { ...base, answer, mode: 'extractive', outcome: 'complete', sources, timings: timings(started, retrievalMs, 0, null, 0, 0) };
      }

      const promptStarted = performance.now();
      const budget = chat.contextSize - settings.maxTokens - TEMPLATE_OVERHEAD_TOKENS - (await chat.countTokens(question)) - 200;
      const packed = await packSources(hits, Math.max(0, budget), lang, (text) => chat.countTokens(text));
      const messages = buildRagMessages(question, packed, lang);
      const promptMs = performance.now() - promptStarted;

      const result = await chat.generate({
        messages,
        maxTokens: settings.maxTokens,
        temperature: settings.temperature,
        signal: controller.signal,
        onToken: (delta) => deps.events.emit('chat.token', { requestId, delta }),
      });
      const answerTimings = timings(started, retrievalMs, promptMs, result.ttftMs, result.generationMs, result.tokens);
      // Each cited sentence against the chunk(s) it cites; the chat model judges unless the user stopped it.
      const citationCheck = await checkCitations({
        answer: result.text,
        passages: packed.map(({ n, hit }) => ({ n, text: hit.text })),
        lang,
        embedder: await deps.models.getEmbedder().catch(() => null),
        judge: result.stopReason === 'aborted' ? null : chat,
        signal: controller.signal,
      });
      return {
        ...base,
        citationCheck,
        model: chat.id,
        ...(chat.remote ? { remote: true } : {}),
        answer: result.text,
        mode: 'generative',
        outcome: result.stopReason === 'aborted' ? 'cancelled' : 'complete',
        sources: packed.map(({ n, hit }) => toSource(n, hit)),
        timings: answerTimings,
      };
    } finally {
      running.delete(requestId);
    }
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
