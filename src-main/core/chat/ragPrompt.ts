/**
 * The RAG prompt: a system prompt in the answer's language, and the user turn with numbered sources.
 * Sources are packed most relevant first, whole chunks only, within the token budget the model's
 * context leaves after the answer.
 */
import type { SearchHit } from '../../../src-shared/domain';
import type { Lang } from '../../../src-shared/errors';
import type { ChatMessage } from '../llm/types';

export const SYSTEM_PROMPTS: Record<Lang, string> = {
  en: [
    'You are Phare, an assistant that answers questions using only the numbered sources provided.',
    'After each claim, cite its source as [n], for example [1] or [2][3].',
    'If the sources do not contain the answer, say that you do not know; never invent facts or citations.',
    'Answer in English, concisely.',
  ].join(' '),
  fr: [
    'Tu es Phare, un assistant qui répond aux questions uniquement à partir des sources numérotées fournies.',
    'Après chaque affirmation, cite sa source sous la forme [n], par exemple [1] ou [2][3].',
    'Si les sources ne contiennent pas la réponse, dis que tu ne sais pas ; n’invente jamais de faits ni de citations.',
    'Réponds en français, de façon concise.',
  ].join(' '),
};

const LABELS: Record<Lang, { sources: string; question: string; page: string }> = {
  en: { sources: 'Sources', question: 'Question', page: 'p.' },
  fr: { sources: 'Sources', question: 'Question', page: 'p.' },
};

export interface PackedSource {
  n: number;
  hit: SearchHit;
}

export function formatSource(n: number, hit: SearchHit, lang: Lang): string {
  const pages = hit.pageEnd > hit.page ? `${hit.page}-${hit.pageEnd}` : `${hit.page}`;
  return `[${n}] ${hit.title} (${LABELS[lang].page} ${pages})\n${hit.text.trim()}`;
}

export function buildRagMessages(question: string, sources: PackedSource[], lang: Lang): ChatMessage[] {
  const labels = LABELS[lang];
  const body = sources.map(({ n, hit }) => formatSource(n, hit, lang)).join('\n\n');
  return [
    { role: 'system', content: SYSTEM_PROMPTS[lang] },
    { role: 'user', content: `${labels.sources}:\n\n${body}\n\n${labels.question}: ${question.trim()}` },
  ];
}

/**
 * Keeps the best hits that fit in `budgetTokens`, never cutting a chunk: a hit that does not fit is
 * skipped and smaller later ones may still be taken.
 */
export async function packSources(
  hits: SearchHit[],
  budgetTokens: number,
  lang: Lang,
  countTokens: (text: string) => Promise<number>,
): Promise<PackedSource[]> {
  const packed: PackedSource[] = [];
  let used = 0;
  for (const hit of hits) {
    const n = packed.length + 1;
    const cost = (await countTokens(formatSource(n, hit, lang))) + 2;
    if (used + cost > budgetTokens) continue;
    packed.push({ n, hit });
    used += cost;
  }
  return packed;
}

/** The numbers cited in an answer, in order of first appearance. */
export function citedNumbers(answer: string): number[] {
  const seen = new Set<number>();
  for (const match of answer.matchAll(/\[(\d{1,3})\]/g)) seen.add(Number(match[1]));
  return [...seen];
}
