/**
 * Structure-aware chunker. The document's blocks (headings, paragraphs) come first: a heading
 * starts a new chunk, and a paragraph that does not fit in the current chunk starts the next one when
 * the current chunk is already reasonably full. Only a paragraph larger than a chunk is cut, at
 * sentence ends (Intl.Segmenter), and only a sentence larger than a chunk is cut at spaces.
 * Consecutive chunks of one section share up to `chunkOverlap` characters of whole sentences.
 * A chunk may exceed `chunkSize` by the length of the headings it starts with (a heading is never
 * left alone in a chunk).
 *
 * Chunk text is always an exact slice of a page's text (or slices of consecutive pages joined by a
 * blank line), and `charStart` / `charEnd` are offsets in the texts of `pageStart` / `pageEnd`, so a
 * citation can be highlighted in what `library.text` returns.
 */
import type { PageText } from '../../../src-shared/domain';
import type { TextBlock } from './extract/types';

export interface ChunkingOptions {
  /** Target maximum chunk length, in characters. */
  chunkSize: number;
  /** Characters of whole sentences repeated at the start of the next chunk of the same section. */
  chunkOverlap: number;
}

export interface ChunkDraft {
  ordinal: number;
  text: string;
  pageStart: number;
  pageEnd: number;
  headingPath: string[];
  charStart: number;
  charEnd: number;
  tokenCount: number;
}

interface Unit {
  page: number;
  start: number;
  end: number;
  block: number;
  kind: TextBlock['kind'];
  headingPath: string[];
  /** First unit of its block. */
  blockStart: boolean;
}

/** A paragraph that does not fit starts a new chunk when the current one is at least this full. */
const PARAGRAPH_BREAK_FILL = 0.5;

/** Rough token count for budgets (about four characters a token for French and English prose). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function chunkDocument(pages: PageText[], blocks: TextBlock[], options: ChunkingOptions): ChunkDraft[] {
  const size = Math.max(50, options.chunkSize);
  const overlap = Math.max(0, Math.min(options.chunkOverlap, Math.floor(size / 2)));
  const pageText = (page: number) => pages[page - 1]?.text ?? '';
  const units = toUnits(blocks, pageText, size);
  const blockLength = new Map<number, number>();
  for (const u of units) blockLength.set(u.block, (blockLength.get(u.block) ?? 0) + (u.end - u.start) + 1);

  const chunks: ChunkDraft[] = [];
  let current: Unit[] = [];

  const textOf = (list: Unit[]): string => {
    let text = '';
    for (let i = 0; i < list.length; i++) {
      const u = list[i];
      const prev = list[i - 1];
      if (!prev) text = pageText(u.page).slice(u.start, u.end);
      // Same page: the exact text between the two units (spaces, line breaks) is kept.
      else if (prev.page === u.page && prev.end <= u.start) text += pageText(u.page).slice(prev.end, u.end);
      else text += '\n\n' + pageText(u.page).slice(u.start, u.end);
    }
    return text;
  };
  const lengthWith = (list: Unit[], unit: Unit): number => {
    if (list.length === 0) return unit.end - unit.start;
    const last = list[list.length - 1];
    const gap = last.page === unit.page && last.end <= unit.start ? unit.start - last.end : 2;
    return textOf(list).length + gap + (unit.end - unit.start);
  };
  const emit = () => {
    if (!current.some((u) => u.end > u.start)) return;
    const first = current[0];
    const last = current[current.length - 1];
    const text = textOf(current);
    chunks.push({
      ordinal: chunks.length,
      text,
      pageStart: first.page,
      pageEnd: last.page,
      headingPath: (current.find((u) => u.kind !== 'heading') ?? first).headingPath,
      charStart: first.start,
      charEnd: last.end,
      tokenCount: estimateTokens(text),
    });
  };
  /** Trailing whole sentences of the chunk just emitted, within the overlap budget. */
  const overlapSeed = (previous: Unit[], next: Unit): Unit[] => {
    if (overlap === 0) return [];
    const seed: Unit[] = [];
    let length = 0;
    for (let i = previous.length - 1; i >= 0; i--) {
      const u = previous[i];
      if (u.kind === 'heading' || !sameSection(u, next)) break;
      length += u.end - u.start + 1;
      if (length > overlap) break;
      seed.unshift(u);
    }
    return seed;
  };

  for (const unit of units) {
    if (current.length === 0) {
      current = [unit];
      continue;
    }
    const onlyHeadings = current.every((u) => u.kind === 'heading');
    const sectionChange = unit.kind === 'heading' || !sameSection(current[current.length - 1], unit);
    let breakHere = false;
    let seed: Unit[] = [];
    if (sectionChange && !onlyHeadings) {
      breakHere = true;
    } else if (onlyHeadings) {
      // A heading never ends up alone in a chunk: it stays with the first text under it, even if
      // that makes the chunk a heading's length longer than the target size.
      breakHere = false;
    } else if (lengthWith(current, unit) > size) {
      breakHere = true;
      seed = overlapSeed(current, unit);
    } else if (unit.blockStart && !onlyHeadings) {
      // Would the whole paragraph fit? If not and this chunk is already well filled, keep the
      // paragraph whole in the next chunk instead of cutting it here.
      const whole = blockLength.get(unit.block) ?? 0;
      if (textOf(current).length + 2 + whole > size && textOf(current).length >= size * PARAGRAPH_BREAK_FILL) {
        breakHere = true;
        seed = overlapSeed(current, unit);
      }
    }
    if (breakHere) {
      emit();
      current = [...seed, unit];
      // A seed that leaves no room for the new unit is dropped rather than producing an oversized chunk.
      if (textOf(current).length > size) current = [unit];
    } else {
      current.push(unit);
    }
  }
  emit();
  return chunks;
}

function sameSection(a: Unit, b: Unit): boolean {
  return a.headingPath.length === b.headingPath.length && a.headingPath.every((h, i) => h === b.headingPath[i]);
}

const sentenceSegmenter = new Intl.Segmenter('fr', { granularity: 'sentence' });

/** Blocks cut into units no longer than `size`: whole blocks when they fit, else sentences, else words. */
function toUnits(blocks: TextBlock[], pageText: (page: number) => string, size: number): Unit[] {
  const units: Unit[] = [];
  blocks.forEach((block, index) => {
    const text = pageText(block.page);
    const base = { page: block.page, block: index, kind: block.kind, headingPath: block.headingPath };
    const pieces: { start: number; end: number }[] = [];
    if (block.end - block.start <= size) {
      pieces.push({ start: block.start, end: block.end });
    } else {
      for (const s of sentenceSegmenter.segment(text.slice(block.start, block.end))) {
        const start = block.start + s.index;
        const trimmed = trimRange(text, start, start + s.segment.length);
        if (!trimmed) continue;
        if (trimmed.end - trimmed.start <= size) pieces.push(trimmed);
        else pieces.push(...splitAtSpaces(text, trimmed.start, trimmed.end, size));
      }
    }
    pieces.forEach((p, i) => units.push({ ...base, start: p.start, end: p.end, blockStart: i === 0 }));
  });
  return units;
}

function trimRange(text: string, start: number, end: number): { start: number; end: number } | null {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end } : null;
}

function splitAtSpaces(text: string, start: number, end: number, size: number): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  let from = start;
  while (end - from > size) {
    let cut = text.lastIndexOf(' ', from + size);
    if (cut <= from) cut = from + size; // one "word" longer than a chunk: cut it
    const piece = trimRange(text, from, cut);
    if (piece) pieces.push(piece);
    from = cut;
    while (from < end && /\s/.test(text[from])) from++;
  }
  const rest = trimRange(text, from, end);
  if (rest) pieces.push(rest);
  return pieces;
}
