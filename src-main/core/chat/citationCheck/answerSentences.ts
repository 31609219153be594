/**
 * Cuts an answer into the sentences the citation check judges one by one, keeping each sentence's
 * offsets in the answer (the UI marks unsupported ones in place) and the `[n]` numbers it cites.
 * Lines are split first (Markdown lists and paragraphs), then sentences with Intl.Segmenter. A marker
 * that follows the sentence end ("… was compiled. [2]") belongs to that sentence, not the next one.
 */
import type { Lang } from '../../../../src-shared/errors';

export interface AnswerSentence {
  index: number;
  /** The sentence as written in the answer (markers included). */
  text: string;
  /** Offsets in the answer text. */
  start: number;
  end: number;
  /** Numbers of the `[n]` markers in the sentence, in order, without repeats. */
  cited: number[];
  /** The claim itself: markers and Markdown decoration removed, spaces folded. */
  claim: string;
}

/** Same marker grammar as the renderer's citation chips: `[1]`, `[1, 2]`, `[1; 2]`. */
const MARKER = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/g;
const LEADING_MARKERS = /^(\s*\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\])+/;

export function citedNumbers(text: string): number[] {
  const numbers: number[] = [];
  for (const match of text.matchAll(MARKER)) {
    for (const part of match[1].split(/[,;]/)) {
      const n = Number(part.trim());
      if (!numbers.includes(n)) numbers.push(n);
    }
  }
  return numbers;
}

export function claimOf(text: string): string {
  return text
    .replace(MARKER, ' ')
    .replace(/^\s*(?:[-*+]|\d+[.)]|#{1,6})\s+/, '')
    .replace(/[*_`#>]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,;:!?])/g, '$1')
    .trim();
}

export function splitAnswerSentences(answer: string, lang: Lang): AnswerSentence[] {
  const segmenter = new Intl.Segmenter(lang, { granularity: 'sentence' });
  const spans: Array<{ start: number; end: number }> = [];
  let lineStart = 0;
  for (const line of answer.split('\n')) {
    const lineSpans: Array<{ start: number; end: number }> = [];
    for (const seg of segmenter.segment(line)) {
      let start = lineStart + seg.index;
      const end = start + seg.segment.length;
      const leading = LEADING_MARKERS.exec(seg.segment);
      const previous = lineSpans[lineSpans.length - 1];
      if (leading && previous) {
        // "Claim. [1] Next claim." — the marker closes the previous sentence.
        previous.end = start + leading[0].length;
        start = previous.end;
      }
      if (answer.slice(start, end).trim()) lineSpans.push({ start, end });
    }
    spans.push(...lineSpans);
    lineStart += line.length + 1;
  }
  const sentences: AnswerSentence[] = [];
  for (const span of spans) {
    // Trim surrounding whitespace so offsets cover exactly the visible sentence.
    const raw = answer.slice(span.start, span.end);
    const start = span.start + (raw.length - raw.trimStart().length);
    const end = span.end - (raw.length - raw.trimEnd().length);
    const text = answer.slice(start, end);
    sentences.push({ index: sentences.length, text, start, end, cited: citedNumbers(text), claim: claimOf(text) });
  }
  return sentences;
}
