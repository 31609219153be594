/**
 * Follow-up questions ("and in 2019?", "what does it cost?") mean nothing to a search on their own.
 * Before retrieval, the chat model rewrites one into a standalone query using the last turns of the
 * conversation: a short prompt and a few output tokens, so it costs little next to the answer. When
 * the rewrite is unusable (empty, too long, cut off, an error, no model) the question is searched as asked.
 */
import type { Lang } from '../../../src-shared/errors';
import type { RewriteOutcome } from '../../../src-shared/conversations';
import type { ChatMessage, ChatModel } from '../llm/types';

export interface Turn {
  question: string;
  answer: string;
}

/** A standalone question is one sentence: more than this many tokens means the model went astray. */
export const REWRITE_MAX_TOKENS = 64;
/** Turns of the conversation shown to the rewrite (the most recent ones). */
export const REWRITE_HISTORY_TURNS = 3;
/** Each earlier answer is cut to this many characters: the rewrite needs its subject, not its detail. */
const ANSWER_CHARS = 400;
/** A rewrite longer than this many times the question (and past MIN_LIMIT characters) is not a rewrite. */
const LENGTH_FACTOR = 4;
const MIN_LIMIT_CHARS = 300;

const PROMPTS: Record<Lang, { system: string; user: string; assistant: string; followUp: string; standalone: string }> = {
  en: {
    system:
      'Rewrite the follow-up question as a standalone question that can be understood without the conversation. ' +
      'Keep the language of the follow-up question. Reply with the rewritten question only; do not answer it.',
    user: 'User',
    assistant: 'Assistant',
    followUp: 'Follow-up question',
    standalone: 'Standalone question:',
  },
  fr: {
    system:
      'Réécris la question de suivi en une question autonome, compréhensible sans la conversation. ' +
      'Garde la langue de la question de suivi. Réponds uniquement par la question réécrite, sans y répondre.',
    user: 'Utilisateur',
    assistant: 'Assistant',
    followUp: 'Question de suivi',
    standalone: 'Question autonome :',
  },
};

export function rewriteMessages(question: string, history: Turn[], lang: Lang): ChatMessage[] {
  const p = PROMPTS[lang];
  const turns = history
    .slice(-REWRITE_HISTORY_TURNS)
    .map((t) => `${p.user}: ${t.question.trim()}\n${p.assistant}: ${clip(t.answer.replace(/\s+/g, ' ').trim(), ANSWER_CHARS)}`)
    .join('\n');
  return [
    { role: 'system', content: p.system },
    { role: 'user', content: `${turns}\n\n${p.followUp}: ${question.trim()}\n${p.standalone}` },
  ];
}

export interface RewriteResult {
  /** What retrieval searches. */
  query: string;
  /** The rewritten query when it is used, else null. */
  rewritten: string | null;
  outcome: RewriteOutcome;
  modelOutput: string | null;
  ms: number;
}

/** Decides whether what the model wrote can stand for the question. */
export function judgeRewrite(output: string, question: string, stopReason: 'eos' | 'maxTokens' | 'aborted'): Pick<RewriteResult, 'query' | 'rewritten' | 'outcome'> {
  const asked = { query: question, rewritten: null };
  if (stopReason === 'aborted') return { ...asked, outcome: 'cancelled' };
  const firstLine = output.trim().split(/\n/)[0] ?? '';
  const cleaned = firstLine
    .replace(/^\s*(standalone question|question autonome|rewritten question|question réécrite|question)\s*:\s*/i, '')
    .replace(/^["'«“\s]+|["'»”\s]+$/g, '')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return { ...asked, outcome: 'empty' };
  if (stopReason === 'maxTokens' || cleaned.length > Math.max(MIN_LIMIT_CHARS, question.length * LENGTH_FACTOR)) {
    return { ...asked, outcome: 'too-long' };
  }
  if (normalise(cleaned) === normalise(question)) return { ...asked, outcome: 'unchanged' };
  return { query: cleaned, rewritten: cleaned, outcome: 'rewritten' };
}

export async function rewriteFollowUp(request: {
  chat: ChatModel | null;
  question: string;
  history: Turn[];
  lang: Lang;
  signal?: AbortSignal;
}): Promise<RewriteResult> {
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  const { chat, question, history } = request;
  if (history.length === 0) return { query: question, rewritten: null, outcome: 'first-question', modelOutput: null, ms: 0 };
  if (!chat) return { query: question, rewritten: null, outcome: 'no-model', modelOutput: null, ms: ms() };
  try {
    // Greedy: a rewrite should not vary from one try to the next.
    const result = await chat.generate({ messages: rewriteMessages(question, history, request.lang), maxTokens: REWRITE_MAX_TOKENS, temperature: 0, signal: request.signal, purpose: 'rewrite' });
    return { ...judgeRewrite(result.text, question, result.stopReason), modelOutput: result.text, ms: ms() };
  } catch (error) {
    if (request.signal?.aborted) return { query: question, rewritten: null, outcome: 'cancelled', modelOutput: null, ms: ms() };
    console.warn('[chat] follow-up rewrite failed, searching the question as asked:', error instanceof Error ? error.message : error);
    return { query: question, rewritten: null, outcome: 'error', modelOutput: null, ms: ms() };
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[\s?.!¿¡]+/g, ' ').trim();
}
