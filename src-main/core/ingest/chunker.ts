/**
 * Structure-aware chunker. The document's blocks (headings, paragraphs) come first: a heading
 * starts a new chunk, and a paragraph that does not fit in the current chunk starts the next one when
 * the current chunk is already reasonably full. Only a paragraph larger than a chunk is cut, at
 * sentence ends (Intl.Segmenter), and only a sentence larger than a chunk is cut at spaces.
 * Consecutive chunks of one section share up to `chunkOverlap` characters of whole sentences.
 * A chunk may exceed `chunkSize` by the length of the headings it starts with (a heading is never
 * left alone in a chunk).
 *
 * Sizes are measured by a `ChunkMeasure`: characters by default, or tokens of the embedding model
 * (chunkDocumentInTokens counts every block, and the sentences of blocks too large for a chunk, in two
 * batched calls to the tokenizer, then runs the same algorithm on those counts). A chunk's size is the
 * sum of its units' sizes plus the gaps between them (exact for characters; for tokens, whitespace
 * between units adds no token).
 *
 * Chunk text is always an exact slice of a page's text (or slices of consecutive pages joined by a
 * blank line), and `charStart` / `charEnd` are offsets in the texts of `pageStart` / `pageEnd`, so a
 * citation can be highlighted in what `library.text` returns.
 */
import type { PageText } from '../../../src-shared/domain';
import type { TextBlock } from './extract/types';

export interface ChunkingOptions {
  /** Target maximum chunk length, in the measure's unit (characters unless said otherwise). */
  chunkSize: number;
  /** Length of whole sentences repeated at the start of the next chunk of the same section. */
  chunkOverlap: number;
}

/** How chunk sizes are counted. */
export interface ChunkMeasure {
  unit: 'characters' | 'tokens';
  /** Size of a piece of text (must be synchronous: token counts are computed before chunking). */
  size(text: string): number;
  /** Size of the whitespace between two units of one chunk, given its length in characters. */
  gap(chars: number): number;
  /** Characters in about one unit, to cut a sentence too long for a chunk at spaces. */
  charsPerUnit(text: string): number;
}

export const CHARACTER_MEASURE: ChunkMeasure = { unit: 'characters', size: (t) => t.length, gap: (c) => c, charsPerUnit: () => 1 };

/** Counts many texts' tokens in one go (batched through the inference host). */
export type TokenCounter = (texts: string[]) => Promise<number[]>;

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
  /** Length in the measure's unit. */
  size: number;
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

/** Smallest chunk size accepted, per unit. */
const MIN_SIZE = { characters: 50, tokens: 16 } as const;

export function chunkDocument(pages: PageText[], blocks: TextBlock[], options: ChunkingOptions, measure: ChunkMeasure = CHARACTER_MEASURE): ChunkDraft[] {
  const size = Math.max(MIN_SIZE[measure.unit], options.chunkSize);
  const overlap = Math.max(0, Math.min(options.chunkOverlap, Math.floor(size / 2)));
  const pageText = (page: number) => pages[page - 1]?.text ?? '';
  const units = toUnits(blocks, pageText, size, measure);
  const blockLength = new Map<number, number>();
  for (const u of units) blockLength.set(u.block, (blockLength.get(u.block) ?? 0) + u.size + (u.blockStart ? 0 : measure.gap(1)));

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
  const gapBetween = (last: Unit, unit: Unit): number => measure.gap(last.page === unit.page && last.end <= unit.start ? unit.start - last.end : 2);
  /** Size of the text `textOf(list)` gives (exactly its length for characters). */
  const sizeOf = (list: Unit[]): number => {
    let total = 0;
    list.forEach((u, i) => (total += u.size + (i > 0 ? gapBetween(list[i - 1], u) : 0)));
    return total;
  };
  const lengthWith = (list: Unit[], unit: Unit): number => {
    if (list.length === 0) return unit.size;
    return sizeOf(list) + gapBetween(list[list.length - 1], unit) + unit.size;
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
      tokenCount: measure.unit === 'tokens' ? sizeOf(current) : estimateTokens(text),
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
      length += u.size + measure.gap(1);
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
      const filled = sizeOf(current);
      if (filled + gapBetween(current[current.length - 1], unit) + whole > size && filled >= size * PARAGRAPH_BREAK_FILL) {
        breakHere = true;
        seed = overlapSeed(current, unit);
      }
    }
    if (breakHere) {
      emit();
      current = [...seed, unit];
      // A seed that leaves no room for the new unit is dropped rather than producing an oversized chunk.
      if (sizeOf(current) > size) current = [unit];
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

/** A block's sentences, as trimmed ranges of its page's text. */
function sentencesOf(text: string, start: number, end: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const s of sentenceSegmenter.segment(text.slice(start, end))) {
    const from = start + s.index;
    const trimmed = trimRange(text, from, from + s.segment.length);
    if (trimmed) out.push(trimmed);
  }
  return out;
}

/** Blocks cut into units no longer than `size`: whole blocks when they fit, else sentences, else words. */
function toUnits(blocks: TextBlock[], pageText: (page: number) => string, size: number, measure: ChunkMeasure): Unit[] {
  const units: Unit[] = [];
  blocks.forEach((block, index) => {
    const text = pageText(block.page);
    const pieces: { start: number; end: number }[] = [];
    if (measure.size(text.slice(block.start, block.end)) <= size) {
      pieces.push({ start: block.start, end: block.end });
    } else {
      for (const sentence of sentencesOf(text, block.start, block.end)) {
        const slice = text.slice(sentence.start, sentence.end);
        if (measure.size(slice) <= size) pieces.push(sentence);
        else pieces.push(...splitAtSpaces(text, sentence.start, sentence.end, Math.max(1, Math.floor(size * measure.charsPerUnit(slice)))));
      }
    }
    // One object literal with every field (a spread of shared fields made each unit an object that
    // every later read of it in the chunking loop was slow on).
    pieces.forEach((p, i) =>
      units.push({
        size: measure.size(text.slice(p.start, p.end)),
        page: block.page,
        start: p.start,
        end: p.end,
        block: index,
        kind: block.kind,
        headingPath: block.headingPath,
        blockStart: i === 0,
      }),
    );
  });
  return units;
}

/**
 * The same chunking with sizes in tokens of the embedding model. Token counts come from `count`, in
 * two batches (every block; then the sentences of blocks larger than a chunk); pieces of a sentence
 * cut at spaces are estimated from their sentence's characters per token. Each chunk's final
 * `tokenCount` is counted exactly in a third batch.
 */
export async function chunkDocumentInTokens(pages: PageText[], blocks: TextBlock[], options: ChunkingOptions, count: TokenCounter): Promise<ChunkDraft[]> {
  const size = Math.max(MIN_SIZE.tokens, options.chunkSize);
  const pageText = (page: number) => pages[page - 1]?.text ?? '';
  const known = new Map<string, number>();
  const countAll = async (texts: string[]) => {
    const todo = [...new Set(texts.filter((t) => !known.has(t)))];
    if (todo.length === 0) return;
    const counts = await count(todo);
    todo.forEach((t, i) => known.set(t, counts[i]));
  };
  const blockTexts = blocks.map((b) => pageText(b.page).slice(b.start, b.end));
  await countAll(blockTexts);
  const sentences: string[] = [];
  blocks.forEach((b, i) => {
    if ((known.get(blockTexts[i]) ?? 0) <= size) return;
    const text = pageText(b.page);
    for (const s of sentencesOf(text, b.start, b.end)) sentences.push(text.slice(s.start, s.end));
  });
  await countAll(sentences);

  let chars = 0;
  let tokens = 0;
  for (const [text, n] of known) {
    chars += text.length;
    tokens += n;
  }
  const averageCharsPerToken = tokens > 0 ? chars / tokens : 4;
  const measure: ChunkMeasure = {
    unit: 'tokens',
    size: (text) => known.get(text) ?? Math.ceil(text.length / averageCharsPerToken),
    gap: () => 0,
    charsPerUnit: (text) => {
      const n = known.get(text);
      return n ? text.length / n : averageCharsPerToken;
    },
  };
  const drafts = chunkDocument(pages, blocks, { ...options, chunkSize: size }, measure);
  const exact = drafts.length ? await count(drafts.map((d) => d.text)) : [];
  return drafts.map((d, i) => ({ ...d, tokenCount: exact[i] ?? d.tokenCount }));
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
