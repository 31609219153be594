/**
 * Builds a page's text block by block, so extractors that do not have a source text to point into
 * (PDF, DOCX) produce the same kind of offsets as those that do (text, Markdown).
 * Blocks are separated by a blank line, which is also how a reader sees paragraphs in `library.text`.
 */
import type { TextBlock } from './types';

export class PageBuilder {
  private text = '';
  readonly blocks: TextBlock[] = [];

  constructor(readonly page: number) {}

  add(kind: TextBlock['kind'], content: string, headingPath: string[]): void {
    const clean = content.trim();
    if (!clean) return;
    if (this.text) this.text += '\n\n';
    const start = this.text.length;
    this.text += clean;
    this.blocks.push({ page: this.page, start, end: this.text.length, kind, headingPath: [...headingPath] });
  }

  get pageText(): string {
    return this.text;
  }
}

/** Folds runs of spaces and tabs and trims; keeps the words exactly as extracted. */
export function foldSpaces(text: string): string {
  // Most lines (every PDF line) have single spaces only, which the replacement would copy as they are.
  if (!FOLDABLE.test(text)) return text.trim();
  return text.replace(/[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ').trim();
}

/** What foldSpaces changes besides the ends: two spaces in a row, or any other space character. */
const FOLDABLE = /[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]| {2}/;
