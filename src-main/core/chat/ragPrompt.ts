/**
 * The RAG prompt: a system prompt in the answer's language (with the user's instructions after it, when
 * the conversation or its collection has some), and the user turn with numbered sources.
 * Sources are packed most relevant first, whole chunks only, neighbouring chunks of a document merged,
 * within the token budget the model's context leaves after the answer.
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

/**
 * The user's instructions (a collection's, a conversation's) come after the fixed rules, introduced as
 * the user's: they shape tone, format and focus, while citing and not inventing stay the rule.
 */
const INSTRUCTIONS_LABELS: Record<Lang, string> = {
  en: 'Instructions from the user for this conversation (follow them unless they contradict the rules above):',
  fr: 'Consignes de l’utilisateur pour cette conversation (suis-les sauf si elles contredisent les règles ci-dessus) :',
};

/** A system prompt with the user's instructions, if any, after it. */
export function withInstructions(system: string, instructions: string | null | undefined, lang: Lang): string {
  const text = instructions?.trim();
  return text ? `${system}\n\n${INSTRUCTIONS_LABELS[lang]}\n${text}` : system;
}

const LABELS: Record<Lang, { sources: string; question: string; page: string }> = {
  en: { sources: 'Sources', question: 'Question', page: 'p.' },
  fr: { sources: 'Sources', question: 'Question', page: 'p.' },
};

/** Where a chunk sits in its document, so neighbouring chunks can be merged into one source. */
export interface ChunkPosition {
  documentId: string;
  ordinal: number;
  charStart: number;
  charEnd: number;
}

export interface PackedSource {
  n: number;
  /** The most relevant chunk of this source (its id and score stand for the source). */
  hit: SearchHit;
  /** Every chunk merged into this source, in document order (absent: `hit` alone). */
  hits?: SearchHit[];
  /** The merged text (absent: `hit.text`). */
  text?: string;
  /** Tokens this source costs in the prompt, as counted when packing. */
  tokens?: number;
}

export function formatSource(n: number, hit: SearchHit, lang: Lang, text: string = hit.text, pageEnd = hit.pageEnd): string {
  const pages = pageEnd > hit.page ? `${hit.page}-${pageEnd}` : `${hit.page}`;
  return `[${n}] ${hit.title} (${LABELS[lang].page} ${pages})\n${text.trim()}`;
}

/** A packed source as the model sees it. */
export function formatPacked(source: PackedSource, lang: Lang): string {
  const members = source.hits ?? [source.hit];
  const first = members[0];
  const pageEnd = Math.max(...members.map((h) => h.pageEnd));
  return formatSource(source.n, { ...first, title: source.hit.title }, lang, source.text ?? source.hit.text, pageEnd);
}

export function buildRagMessages(question: string, sources: PackedSource[], lang: Lang, instructions?: string | null): ChatMessage[] {
  const labels = LABELS[lang];
  const body = sources.map((source) => formatPacked(source, lang)).join('\n\n');
  return [
    { role: 'system', content: withInstructions(SYSTEM_PROMPTS[lang], instructions, lang) },
    { role: 'user', content: `${labels.sources}:\n\n${body}\n\n${labels.question}: ${question.trim()}` },
  ];
}

/** Tokens between two sources (the blank line) counted on top of each source's own. */
const SEPARATOR_TOKENS = 2;

interface Group {
  /** In document order. */
  members: Array<{ hit: SearchHit; position?: ChunkPosition }>;
  /** The group's most relevant hit (the first taken). */
  best: SearchHit;
  cost: number;
}

/**
 * Keeps the best hits that fit in `budgetTokens`, most relevant first, never cutting a chunk: a hit
 * that does not fit is skipped and smaller later ones may still be taken. With `positions`, a hit that
 * neighbours a source already taken (same document, next or previous chunk) is merged into it (one
 * source, one number, the overlap between the two chunks written once), which costs fewer tokens and
 * gives the model the passage in one piece. Sources keep the rank of their best chunk.
 */
export async function packSources(
  hits: SearchHit[],
  budgetTokens: number,
  lang: Lang,
  countTokens: (text: string) => Promise<number>,
  positions?: ReadonlyMap<string, ChunkPosition>,
): Promise<PackedSource[]> {
  const groups: Group[] = [];
  let used = 0;
  const costOf = async (n: number, group: Omit<Group, 'cost'>) =>
    (await countTokens(formatPacked(toPacked(n, group), lang))) + SEPARATOR_TOKENS;

  for (const hit of hits) {
    const position = positions?.get(hit.chunkId);
    const neighbours = position ? groups.filter((g) => isNeighbour(g, hit, position)) : [];
    if (position && groups.some((g) => g.members.some((m) => m.hit.chunkId === hit.chunkId))) continue;
    if (neighbours.length > 0) {
      const at = groups.indexOf(neighbours[0]);
      const members = [...neighbours.flatMap((g) => g.members), { hit, position }].sort((a, b) => a.position!.ordinal - b.position!.ordinal);
      const merged = { members, best: neighbours[0].best };
      const cost = await costOf(at + 1, merged);
      const delta = cost - neighbours.reduce((sum, g) => sum + g.cost, 0);
      if (used + delta > budgetTokens) continue;
      groups.splice(at, 1, { ...merged, cost });
      for (const g of neighbours.slice(1)) groups.splice(groups.indexOf(g), 1);
      used += delta;
      continue;
    }
    const group = { members: [{ hit, position }], best: hit };
    const cost = await costOf(groups.length + 1, group);
    if (used + cost > budgetTokens) continue;
    groups.push({ ...group, cost });
    used += cost;
  }
  return groups.map((g, i) => ({ ...toPacked(i + 1, g), tokens: g.cost }));
}

function isNeighbour(group: Group, hit: SearchHit, position: ChunkPosition): boolean {
  return group.members.some(
    (m) => m.position !== undefined && m.hit.documentId === hit.documentId && Math.abs(m.position.ordinal - position.ordinal) === 1,
  );
}

function toPacked(n: number, group: Omit<Group, 'cost'>): PackedSource {
  if (group.members.length === 1) return { n, hit: group.best };
  const hits = group.members.map((m) => m.hit);
  return { n, hit: group.best, hits, text: mergeTexts(group.members) };
}

/**
 * Chunks written with an overlap repeat the end of one at the start of the next: when the character
 * offsets agree with the texts, the repeated part is written once.
 */
function mergeTexts(members: Group['members']): string {
  let text = members[0].hit.text.trim();
  for (let i = 1; i < members.length; i++) {
    const prev = members[i - 1].position!;
    const next = members[i].position!;
    let piece = members[i].hit.text;
    const overlap = prev.charEnd - next.charStart;
    if (overlap > 0 && piece.length === next.charEnd - next.charStart && overlap < piece.length) piece = piece.slice(overlap);
    text += '\n' + piece.trim();
  }
  return text;
}

/** The numbers cited in an answer, in order of first appearance. */
export function citedNumbers(answer: string): number[] {
  const seen = new Set<number>();
  for (const match of answer.matchAll(/\[(\d{1,3})\]/g)) seen.add(Number(match[1]));
  return [...seen];
}
