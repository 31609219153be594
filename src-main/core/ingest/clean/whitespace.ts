/**
 * Whitespace as a reader sees it: one space between words, no trailing spaces, paragraphs separated
 * by exactly one blank line, nothing before or after the page's text. Leading indentation is kept
 * (Markdown code and lists depend on it).
 */
import { editsFor, type TextEdit } from './textEdits';

export function whitespaceEdits(text: string): TextEdit[] {
  return editsFor(text, /^\s+|\s+$|[ \t]+(?=\n)|(?<=\S)(?:[ \t]{2,}|\t)(?=\S)|\n(?:[ \t]*\n){2,}/g, (m) => {
    if (m.index === 0 || m.index + m[0].length === text.length) return '';
    if (m[0][0] === '\n') return '\n\n';
    return /^[ \t]+$/.test(m[0]) && text[m.index + m[0].length] === '\n' ? '' : ' ';
  });
}
