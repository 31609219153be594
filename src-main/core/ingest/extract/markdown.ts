/**
 * Markdown: one page, the source text kept as it is (so offsets point into the file the user wrote),
 * with ATX (`## Title`) and Setext (underlined) headings turned into heading paths. Fenced code is
 * a paragraph like any other and a `#` inside it is not a heading.
 */
import { decodeText } from './decodeText';
import { splitParagraphs } from './text';
import { MIME_TYPES, type ExtractedDocument, type TextBlock } from './types';

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

export function extractMarkdown(bytes: Uint8Array): ExtractedDocument {
  const text = decodeText(bytes);
  const blocks: TextBlock[] = [];
  const stack: { level: number; title: string }[] = [];
  let title: string | null = null;

  const path = () => stack.map((h) => h.title);
  const openHeading = (level: number, heading: string) => {
    while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
    stack.push({ level, title: heading });
    if (level === 1 && title === null) title = heading;
  };

  // Walk line by line: headings and fences are line-level; the text between them is split into
  // paragraphs at blank lines.
  let pos = 0;
  let runStart = 0;
  let inFence: string | null = null;
  const flushRun = (end: number) => {
    for (const p of splitParagraphs(text, runStart, end)) {
      const lines = text.slice(p.start, p.end).split('\n');
      // Setext heading: one line of text underlined with === (level 1) or --- (level 2).
      if (!inFence && lines.length === 2 && /^ {0,3}(=+|-+)[ \t]*$/.test(lines[1]) && lines[0].trim()) {
        openHeading(lines[1].trim().startsWith('=') ? 1 : 2, lines[0].trim());
        blocks.push({ page: 1, start: p.start, end: p.end, kind: 'heading', headingPath: path() });
      } else {
        blocks.push({ page: 1, start: p.start, end: p.end, kind: 'paragraph', headingPath: path() });
      }
    }
  };
  while (pos <= text.length) {
    const lineEnd = text.indexOf('\n', pos) === -1 ? text.length : text.indexOf('\n', pos);
    const line = text.slice(pos, lineEnd);
    const fence = FENCE.exec(line);
    if (inFence) {
      if (fence && fence[1] === inFence) inFence = null;
    } else if (fence) {
      flushRun(pos);
      runStart = pos;
      inFence = fence[1];
    } else {
      const atx = ATX.exec(line);
      if (atx) {
        flushRun(pos);
        openHeading(atx[1].length, atx[2].trim());
        if (atx[2].trim()) blocks.push({ page: 1, start: pos + line.indexOf(atx[1]), end: lineEnd, kind: 'heading', headingPath: path() });
        runStart = lineEnd;
      }
    }
    pos = lineEnd + 1;
  }
  flushRun(text.length);
  return { format: 'markdown', mime: MIME_TYPES.markdown, title, pages: [{ page: 1, text }], blocks };
}
