/**
 * Splits an answer into text and citation markers. `[n]` (and `[n, m]`) become citations only when n
 * is one of the answer's sources; a number that refers to no source stays plain text, so a model that
 * invents `[7]` cannot fake a reference.
 */
export type AnswerPart = { kind: 'text'; text: string } | { kind: 'cite'; n: number };

export const MARKER = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/g;

/**
 * The parts one marker's numbers become: a citation for each number that is a source, `[n]` text for
 * each that is not; null when none is a source (the whole marker then stays text, as written).
 */
export function resolveMarker(numbersText: string, sourceNumbers: ReadonlySet<number>): AnswerPart[] | null {
  const numbers = numbersText.split(/[,;]/).map((s) => Number(s.trim()));
  if (!numbers.some((n) => sourceNumbers.has(n))) return null;
  return numbers.map((n): AnswerPart => (sourceNumbers.has(n) ? { kind: 'cite', n } : { kind: 'text', text: `[${n}]` }));
}

export function splitCitations(answer: string, sourceNumbers: ReadonlySet<number>): AnswerPart[] {
  const parts: AnswerPart[] = [];
  let text = '';
  let last = 0;
  for (const match of answer.matchAll(MARKER)) {
    const start = match.index ?? 0;
    text += answer.slice(last, start);
    last = start + match[0].length;
    const resolved = resolveMarker(match[1], sourceNumbers);
    if (!resolved) {
      text += match[0];
      continue;
    }
    if (text) parts.push({ kind: 'text', text });
    text = '';
    parts.push(...resolved);
  }
  text += answer.slice(last);
  if (text) parts.push({ kind: 'text', text });
  return parts;
}
