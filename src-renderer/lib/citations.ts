/**
 * Splits an answer into text and citation markers. `[n]` (and `[n, m]`) become citations only when n
 * is one of the answer's sources; a number that refers to no source stays plain text, so a model that
 * invents `[7]` cannot fake a reference.
 */
export type AnswerPart = { kind: 'text'; text: string } | { kind: 'cite'; n: number };

const MARKER = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/g;

export function splitCitations(answer: string, sourceNumbers: ReadonlySet<number>): AnswerPart[] {
  const parts: AnswerPart[] = [];
  let text = '';
  let last = 0;
  for (const match of answer.matchAll(MARKER)) {
    const start = match.index ?? 0;
    text += answer.slice(last, start);
    last = start + match[0].length;
    const numbers = match[1].split(/[,;]/).map((s) => Number(s.trim()));
    const unknown = numbers.filter((n) => !sourceNumbers.has(n));
    if (unknown.length === numbers.length) {
      text += match[0];
      continue;
    }
    if (text) parts.push({ kind: 'text', text });
    text = '';
    for (const n of numbers) {
      if (sourceNumbers.has(n)) parts.push({ kind: 'cite', n });
      else parts.push({ kind: 'text', text: `[${n}]` });
    }
  }
  text += answer.slice(last);
  if (text) parts.push({ kind: 'text', text });
  return parts;
}
