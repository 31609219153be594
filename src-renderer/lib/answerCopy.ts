/**
 * The text an answer is copied as: without its citations (the markers taken out, the prose kept), or
 * with them (the markers kept, and the sources listed after it, one a line, in the UI's language).
 */
import type { Source } from '../../src-shared/domain';
import { MARKER, resolveMarker } from './citations';

export function answerWithoutCitations(answer: string, sources: readonly Pick<Source, 'n'>[]): string {
  const numbers = new Set(sources.map((s) => s.n));
  // Only markers that cite a source go: a bracketed number that is not one stays, as in the answer shown.
  const stripped = answer.replace(MARKER, (marker: string, inside: string) => (resolveMarker(inside, numbers) ? '' : marker));
  return stripped
    .replace(/[ \t]+([.,])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .trim();
}

export interface SourceLineLabels {
  heading: string;
  /** A source's line, from its number, title and page. */
  line(source: Pick<Source, 'n' | 'title' | 'page'>): string;
}

export function answerWithSources(answer: string, sources: readonly Pick<Source, 'n' | 'title' | 'page'>[], labels: SourceLineLabels): string {
  const text = answer.trim();
  if (sources.length === 0) return text;
  return [text, '', labels.heading, ...sources.map((s) => labels.line(s))].join('\n');
}
