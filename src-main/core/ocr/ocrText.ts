/**
 * tesseract's page text (lines ending in newlines, blocks separated by blank lines) into paragraphs:
 * the lines of a block are joined, and a word hyphenated at a line end is rejoined
 * ("recom-" + "mendation"), as for PDF text layers (same rule: clean/hyphenation.ts).
 */
import { joinLines } from '../ingest/clean/hyphenation';

export function ocrParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
        .filter(Boolean)
        .reduce((joined, line) => (joined ? joinLines(joined, line) : line), ''),
    )
    .filter((p) => p.length > 0);
}
