/**
 * Chunk sizes counted in tokens: the same structure-aware chunking, with sizes measured by a token
 * counter given whole batches (here a word counter: one token per word, which makes sizes checkable
 * by eye), and the setting that decides the unit.
 */
import { describe, expect, it } from 'vitest';
import { chunkDocument, chunkDocumentInTokens } from '../../src-main/core/ingest/chunker';
import { CHARS_PER_TOKEN, resolveChunking } from '../../src-main/core/ingest/chunkingDefaults';
import { extractText } from '../../src-main/core/ingest/extract/text';

const enc = (s: string) => new TextEncoder().encode(s);
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const sentence = (i: number) => `Phrase numéro ${i} qui parle du phare et de la mer.`; // 11 words

function wordCounter() {
  const batches: number[] = [];
  const count = async (texts: string[]) => {
    batches.push(texts.length);
    return texts.map(words);
  };
  return { count, batches };
}

describe('chunkDocumentInTokens', () => {
  it('packs paragraphs up to the token budget and records exact token counts', async () => {
    const doc = extractText(enc(Array.from({ length: 20 }, (_, i) => sentence(i)).join('\n\n')));
    const { count, batches } = wordCounter();
    const chunks = await chunkDocumentInTokens(doc.pages, doc.blocks, { chunkSize: 40, chunkOverlap: 0 }, count);
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks) {
      expect(words(c.text)).toBeLessThanOrEqual(40);
      expect(c.tokenCount).toBe(words(c.text));
      expect(c.text.trim().endsWith('.')).toBe(true);
    }
    // Blocks in one batch, then the chunks' exact counts in another: no sentence needed cutting.
    expect(batches).toEqual([20, chunks.length]);
  });

  it('cuts a paragraph larger than the budget at sentences, counting those in one more batch', async () => {
    const doc = extractText(enc(Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ')));
    const { count, batches } = wordCounter();
    const chunks = await chunkDocumentInTokens(doc.pages, doc.blocks, { chunkSize: 30, chunkOverlap: 0 }, count);
    expect(batches).toHaveLength(3);
    expect(batches[1]).toBe(12);
    expect(chunks.length).toBe(6); // two 11-word sentences fit in 30 tokens, three do not
    for (const c of chunks) expect(c.tokenCount).toBeLessThanOrEqual(30);
  });

  it('gives the same chunks as characters when a token is a character', async () => {
    const doc = extractText(enc('Titre\n\n' + Array.from({ length: 15 }, (_, i) => sentence(i)).join('\n\n')));
    const inChars = chunkDocument(doc.pages, doc.blocks, { chunkSize: 200, chunkOverlap: 60 });
    const inTokens = await chunkDocumentInTokens(doc.pages, doc.blocks, { chunkSize: 200, chunkOverlap: 60 }, async (texts) => texts.map((t) => t.length));
    // Gaps between units count as characters but not as tokens, so token chunks may hold a little more.
    expect(inTokens.length).toBeLessThanOrEqual(inChars.length);
    expect(inTokens.map((c) => c.text).join(' ').length).toBeGreaterThan(0);
    for (const c of inTokens) expect(c.tokenCount).toBe(c.text.length);
  });
  it('cuts a sentence larger than the budget by its own characters per token, and counts each text once', async () => {
    const long = 'Un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt et un.';
    const doc = extractText(enc(`A b c d e. F g h i j.\n\n${long}\n\nFin.\n\nFin.`));
    const batches: string[][] = [];
    const chunks = await chunkDocumentInTokens(doc.pages, doc.blocks, { chunkSize: 16, chunkOverlap: 0 }, async (texts) => {
      batches.push(texts);
      return texts.map(words);
    });
    // The long sentence (21 words, 130 characters: 6.2 a token) is cut at 16 x 6.2 = 99 characters, not at the
    // library's average (4.8 a token with the short words' block). Its only sentence was counted with the blocks.
    expect(chunks.map((c) => [c.text, c.charStart, c.charEnd, c.tokenCount])).toEqual([
      ['A b c d e. F g h i j.', 0, 21, 10],
      ['Un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize', 23, 111, 16],
      ['dix-sept dix-huit dix-neuf vingt et un.\n\nFin.\n\nFin.', 112, 163, 8],
    ]);
    // Blocks (the repeated one once), then the chunks' exact counts: no batch for the sentences of a block that
    // fits (the first one's two), nor for those already counted.
    expect(batches).toEqual([['A b c d e. F g h i j.', long, 'Fin.'], chunks.map((c) => c.text)]);
  });

  it('counts the sentences of a block only when the block is larger than the budget, not when it is exactly the budget', async () => {
    const paragraph = 'Un deux trois quatre cinq six sept huit. Neuf dix onze douze treize quatorze quinze seize.'; // 16 words
    const doc = extractText(enc(paragraph));
    const batches: string[][] = [];
    const chunks = await chunkDocumentInTokens(doc.pages, doc.blocks, { chunkSize: 16, chunkOverlap: 0 }, async (texts) => {
      batches.push(texts);
      return texts.map(words);
    });
    expect(chunks.map((c) => [c.text, c.tokenCount])).toEqual([[paragraph, 16]]);
    expect(batches).toEqual([[paragraph], [paragraph]]);
  });

  it('sizes the pieces of a cut sentence by the characters per token of all the texts counted', async () => {
    // Seven-letter words: 8 characters a token (with the space) everywhere.
    const long = Array.from({ length: 21 }, () => 'mmmmmmm').join(' ') + '.'; // 21 tokens, 168 characters
    const next = Array.from({ length: 11 }, () => 'ppppppp').join(' ') + '.'; // 11 tokens, 88 characters
    const doc = extractText(enc(`${long}\n\n${next}`));
    const chunks = await chunkDocumentInTokens(doc.pages, doc.blocks, { chunkSize: 16, chunkOverlap: 0 }, async (texts) => texts.map(words));
    // Cut at 16 x 8 = 128 characters; the last 40 characters are 40 / 8 = 5 tokens, and 5 + 11 = 16 fit together.
    expect(chunks.map((c) => [c.text, c.tokenCount])).toEqual([
      [Array.from({ length: 16 }, () => 'mmmmmmm').join(' '), 16],
      [`${Array.from({ length: 5 }, () => 'mmmmmmm').join(' ')}.\n\n${next}`, 16],
    ]);
  });

  it('keeps whole a sentence of exactly the budget, whatever the rounding of its characters per token', async () => {
    // 22 words in 49 characters: 22 x (49 / 22) is a hair under 49 in floating point, and would cut the sentence's last word.
    const first = ['Bb', ...Array.from({ length: 4 }, () => 'bb'), ...Array.from({ length: 17 }, () => 'a')].join(' ') + '.';
    expect([words(first), first.length]).toEqual([22, 49]);
    const doc = extractText(enc(`${first} Fin.`));
    const chunks = await chunkDocumentInTokens(doc.pages, doc.blocks, { chunkSize: 22, chunkOverlap: 0 }, async (texts) => texts.map(words));
    expect(chunks.map((c) => c.text)).toEqual([first, 'Fin.']);
  });

  it('counts no text for a block on a page that is not there', async () => {
    const batches: string[][] = [];
    await chunkDocumentInTokens([{ page: 1, text: 'Texte.' }], [{ page: 2, start: 0, end: 7, kind: 'paragraph', headingPath: [] }], { chunkSize: 16, chunkOverlap: 0 }, async (texts) => {
      batches.push(texts);
      return texts.map(words);
    });
    expect(batches[0]).toEqual(['']);
  });
});

describe('resolveChunking', () => {
  const base = { chunkSize: 1200, chunkOverlap: 150 };
  it("counts tokens of the embedding model with 'auto' when there is one, characters otherwise", () => {
    expect(resolveChunking({ ...base, chunkUnit: 'auto' }, true)).toEqual({ unit: 'tokens', chunkSize: 1200 / CHARS_PER_TOKEN, chunkOverlap: Math.round(150 / CHARS_PER_TOKEN) });
    expect(resolveChunking(base, false)).toEqual({ unit: 'characters', ...base });
  });
  it("takes sizes as tokens with 'tokens', and falls back to characters without a model", () => {
    expect(resolveChunking({ chunkSize: 300, chunkOverlap: 40, chunkUnit: 'tokens' }, true)).toEqual({ unit: 'tokens', chunkSize: 300, chunkOverlap: 40 });
    expect(resolveChunking({ chunkSize: 300, chunkOverlap: 40, chunkUnit: 'tokens' }, false)).toEqual({ unit: 'characters', chunkSize: 1200, chunkOverlap: 160 });
  });
  it("keeps characters with 'characters' even when a model is there", () => {
    expect(resolveChunking({ ...base, chunkUnit: 'characters' }, true)).toEqual({ unit: 'characters', ...base });
  });
});
