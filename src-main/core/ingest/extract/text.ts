/**
 * Plain text: one page, paragraphs separated by blank lines. A short first line followed by a blank
 * line is taken as the document's title (the usual shape of notes, exports and the QA corpus), and
 * becomes the heading of what follows so each chunk knows which document part it belongs to.
 */
import { decodeText } from './decodeText';
import { MIME_TYPES, type ExtractedDocument, type TextBlock } from './types';

const MAX_TITLE_LENGTH = 150;

export function extractText(bytes: Uint8Array): ExtractedDocument {
  const text = decodeText(bytes);
  const paragraphs = splitParagraphs(text);
  const blocks: TextBlock[] = [];
  let title: string | null = null;
  let headingPath: string[] = [];
  paragraphs.forEach((p, i) => {
    const content = text.slice(p.start, p.end);
    if (i === 0 && paragraphs.length > 1 && looksLikeTitle(content)) {
      title = content.trim();
      headingPath = [title];
      blocks.push({ page: 1, start: p.start, end: p.end, kind: 'heading', headingPath });
      return;
    }
    blocks.push({ page: 1, start: p.start, end: p.end, kind: 'paragraph', headingPath });
  });
  return { format: 'text', mime: MIME_TYPES.text, title, pages: [{ page: 1, text }], blocks };
}

function looksLikeTitle(line: string): boolean {
  const t = line.trim();
  return t.length > 0 && t.length <= MAX_TITLE_LENGTH && !t.includes('\n') && !/[.:;,]$/.test(t);
}

/** Offsets of the non-blank runs of text between blank lines, trimmed. */
export function splitParagraphs(text: string, from = 0, to = text.length): { start: number; end: number }[] {
  const result: { start: number; end: number }[] = [];
  const separator = /\n[ \t]*\n/g;
  separator.lastIndex = from;
  let start = from;
  const push = (s: number, e: number) => {
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) result.push({ start: s, end: e });
  };
  for (let m = separator.exec(text); m && m.index < to; m = separator.exec(text)) {
    push(start, m.index);
    start = m.index + m[0].length;
  }
  push(start, to);
  return result;
}
