/**
 * The chat model as judge: does this passage support this sentence? A short yes/no prompt in the
 * answer's language, a handful of tokens, temperature 0, and a time box, so a slow or confused model
 * costs little. Anything that is not clearly yes or no counts as no verdict (null), never as a no.
 */
import type { Lang } from '../../../../src-shared/errors';
import type { ChatMessage, ChatModel } from '../../llm/types';

export type JudgeVerdict = 'yes' | 'no';

/** Passages are cut to this many characters: the judge needs the gist, and the prompt stays small. */
const PASSAGE_CHARS = 1_800;
const JUDGE_MAX_TOKENS = 4;

const PROMPTS: Record<Lang, { system: string; user: (passage: string, claim: string) => string }> = {
  en: {
    system: 'You check facts. Reply with one word: yes or no.',
    user: (passage, claim) => `Passage:\n${passage}\n\nStatement: ${claim}\n\nDoes the passage support the statement? Reply yes or no.`,
  },
  fr: {
    system: 'Tu vérifies des faits. Réponds par un seul mot : oui ou non.',
    user: (passage, claim) => `Passage :\n${passage}\n\nAffirmation : ${claim}\n\nLe passage confirme-t-il l’affirmation ? Réponds oui ou non.`,
  },
};

export function judgeMessages(passage: string, claim: string, lang: Lang): ChatMessage[] {
  const text = passage.length > PASSAGE_CHARS ? `${passage.slice(0, PASSAGE_CHARS)}…` : passage;
  return [
    { role: 'system', content: PROMPTS[lang].system },
    { role: 'user', content: PROMPTS[lang].user(text.trim(), claim) },
  ];
}

/** First yes/no word of the reply, in either language; null when there is none or both appear first-equal. */
export function parseVerdict(reply: string): JudgeVerdict | null {
  const word = /\b(yes|oui|no|non)\b/i.exec(reply.normalize('NFC'));
  if (!word) return null;
  return ['yes', 'oui'].includes(word[1].toLowerCase()) ? 'yes' : 'no';
}

export async function askJudge(
  chat: ChatModel,
  passage: string,
  claim: string,
  lang: Lang,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<JudgeVerdict | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await chat.generate({
      messages: judgeMessages(passage, claim, lang),
      maxTokens: JUDGE_MAX_TOKENS,
      temperature: 0,
      signal: controller.signal,
      purpose: 'judge',
    });
    return result.stopReason === 'aborted' && !result.text ? null : parseVerdict(result.text);
  } catch {
    // A judge that fails (host restarting, model unloaded) leaves the other methods to decide.
    return null;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
