/**
 * The small Markdown subset answers use (paragraphs, headings, lists, quotes, code, bold, italic,
 * inline code) parsed into a tree that React renders as elements: model text never becomes HTML, so a
 * model that writes `<img onerror=…>` only shows those characters. Every text run keeps its offset in
 * the answer, so the citation check's sentence offsets can mark unsupported sentences in place; `[n]`
 * markers become citations only for real sources (lib/citations.ts).
 */
import { resolveMarker } from './citations';

export type Inline =
  | { kind: 'text'; text: string; start: number }
  | { kind: 'cite'; n: number }
  | { kind: 'code'; text: string; start: number }
  | { kind: 'strong' | 'em'; children: Inline[] };

export type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'quote'; inlines: Inline[] }
  | { kind: 'code'; text: string };

/** `code`, **strong**, __strong__, *em*, _em_, and citation markers; the first to start wins. */
const INLINE = /`([^`\n]+)`|\*\*(?=\S)([^]*?\S)\*\*|__(?=\S)([^]*?\S)__|\*(?=[^\s*])([^*]*?[^\s*])\*|(?<![\p{L}\p{N}])_(?=[^\s_])([^_]*?[^\s_])_(?![\p{L}\p{N}])|\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/gu;

export function parseInline(text: string, offset: number, sources: ReadonlySet<number>): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  const pushText = (from: number, to: number) => {
    if (to <= from) return;
    const previous = out[out.length - 1];
    // Adjacent text runs merge, so a sentence is not cut into many spans for nothing.
    if (previous?.kind === 'text' && previous.start + previous.text.length === offset + from) previous.text += text.slice(from, to);
    else out.push({ kind: 'text', text: text.slice(from, to), start: offset + from });
  };
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    const [whole, code, strong1, strong2, em1, em2, marker] = m;
    pushText(last, at);
    last = at + whole.length;
    if (code !== undefined) out.push({ kind: 'code', text: code, start: offset + at + 1 });
    else if (strong1 !== undefined || strong2 !== undefined) {
      out.push({ kind: 'strong', children: parseInline(strong1 ?? strong2, offset + at + 2, sources) });
    } else if (em1 !== undefined || em2 !== undefined) {
      out.push({ kind: 'em', children: parseInline(em1 ?? em2, offset + at + 1, sources) });
    } else if (marker !== undefined) {
      const parts = resolveMarker(marker, sources);
      if (!parts) pushText(at, last);
      else for (const p of parts) out.push(p.kind === 'cite' ? p : { kind: 'text', text: p.text, start: offset + at });
    }
  }
  pushText(last, text.length);
  return out;
}

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,3}[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const FENCE = /^\s{0,3}```/;

export function parseAnswerMarkdown(answer: string, sources: ReadonlySet<number>): Block[] {
  const blocks: Block[] = [];
  const lines: Array<{ text: string; start: number }> = [];
  let at = 0;
  for (const text of answer.split('\n')) {
    lines.push({ text, start: at });
    at += text.length + 1;
  }
  /** Offset of a line's content captured by a regex group (the text after the list or quote mark). */
  const contentStart = (line: { text: string; start: number }, content: string) => line.start + line.text.length - content.length;

  let paragraph: Array<{ text: string; start: number }> = [];
  const flushParagraph = () => {
    if (!paragraph.length) return;
    const inlines: Inline[] = [];
    paragraph.forEach((line, i) => {
      if (i > 0) inlines.push({ kind: 'text', text: '\n', start: line.start - 1 });
      inlines.push(...parseInline(line.text, line.start, sources));
    });
    blocks.push({ kind: 'paragraph', inlines });
    paragraph = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FENCE.test(line.text)) {
      flushParagraph();
      const body: string[] = [];
      for (i++; i < lines.length && !FENCE.test(lines[i].text); i++) body.push(lines[i].text);
      blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    if (!line.text.trim()) {
      flushParagraph();
      continue;
    }
    const heading = HEADING.exec(line.text);
    if (heading) {
      flushParagraph();
      blocks.push({ kind: 'heading', level: heading[1].length, inlines: parseInline(heading[2], contentStart(line, heading[2]), sources) });
      continue;
    }
    const bullet = BULLET.exec(line.text);
    const numbered = bullet ? null : NUMBERED.exec(line.text);
    const item = bullet ?? numbered;
    if (item) {
      flushParagraph();
      const ordered = !!numbered;
      const previous = blocks[blocks.length - 1];
      const inlines = parseInline(item[1], contentStart(line, item[1]), sources);
      if (previous?.kind === 'list' && previous.ordered === ordered && lines[i - 1]?.text.trim()) previous.items.push(inlines);
      else blocks.push({ kind: 'list', ordered, items: [inlines] });
      continue;
    }
    const quote = QUOTE.exec(line.text);
    if (quote) {
      flushParagraph();
      blocks.push({ kind: 'quote', inlines: parseInline(quote[1], contentStart(line, quote[1]), sources) });
      continue;
    }
    paragraph.push(line);
  }
  flushParagraph();
  return blocks;
}
