/**
 * The prompt of a conversation with the model alone: no document is searched or sent, so the model is
 * told it answers from its own knowledge and must not pretend to cite anything. Earlier turns of the
 * conversation go in as chat messages (a conversation without documents lives on its history), the
 * most recent ones first, as many as the context leaves room for beside the answer.
 */
import type { Lang } from '../../../src-shared/errors';
import type { ChatMessage } from '../llm/types';
import type { Turn } from './followUpRewrite';
import { withInstructions } from './ragPrompt';

export const MODEL_ONLY_SYSTEM_PROMPTS: Record<Lang, string> = {
  en: [
    'You are Phare, an assistant running on this computer.',
    'In this conversation no document of the user’s library is searched or given to you: answer from your own knowledge, and never cite sources as [n].',
    'If you are not sure, say so. Answer in English, concisely.',
  ].join(' '),
  fr: [
    'Tu es Phare, un assistant qui fonctionne sur cet ordinateur.',
    'Dans cette conversation, aucun document de la bibliothèque de l’utilisateur n’est recherché ni fourni : réponds avec tes propres connaissances et ne cite jamais de sources sous la forme [n].',
    'Si tu n’es pas sûr, dis-le. Réponds en français, de façon concise.',
  ].join(' '),
};

/**
 * System prompt, then the earlier turns that fit in `budgetTokens` (oldest of them first), then the
 * question. The system prompt and the question always go in.
 */
export async function buildModelOnlyMessages(request: {
  question: string;
  history: readonly Turn[];
  lang: Lang;
  instructions?: string | null;
  budgetTokens: number;
  countTokens: (text: string) => Promise<number>;
}): Promise<{ messages: ChatMessage[]; turnsKept: number }> {
  const system: ChatMessage = { role: 'system', content: withInstructions(MODEL_ONLY_SYSTEM_PROMPTS[request.lang], request.instructions, request.lang) };
  const question: ChatMessage = { role: 'user', content: request.question.trim() };
  let used = (await request.countTokens(system.content)) + (await request.countTokens(question.content));
  const kept: ChatMessage[] = [];
  for (let i = request.history.length - 1; i >= 0; i--) {
    const turn = request.history[i];
    const cost = (await request.countTokens(turn.question)) + (await request.countTokens(turn.answer));
    if (used + cost > request.budgetTokens) break;
    used += cost;
    kept.unshift({ role: 'user', content: turn.question }, { role: 'assistant', content: turn.answer });
  }
  return { messages: [system, ...kept, question], turnsKept: kept.length / 2 };
}
