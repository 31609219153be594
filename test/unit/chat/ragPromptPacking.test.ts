/**
 * Packing decisions of packSources, called directly with pure counting functions (words, characters):
 * what each source costs (its number included), the budget left after a merge, hits whose position is
 * unknown, a chunk met again after it was merged, the trimming of merged texts, and, over many seeded
 * random sets, the rules that hold whatever the hits (budget, whole chunks, each chunk once, only
 * neighbours merged, sources in the order of their best chunk). The same rules are checked with the tiny
 * chat model's tokenizer in test/integration/core/answersPacking.test.ts; here they run in milliseconds.
 */
import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../src-shared/domain';
import { formatPacked, packSources, type ChunkPosition, type PackedSource } from '../../../src-main/core/chat/ragPrompt';
import { mulberry32 } from '../../helpers/seededRandom';

const hit = (id: string, text: string, documentId = 'd', page = 1): SearchHit => ({ chunkId: id, documentId, title: 'Doc', page, pageEnd: page, score: 1, text });
const at = (documentId: string, ordinal: number, charStart: number, charEnd: number): ChunkPosition => ({ documentId, ordinal, charStart, charEnd });
const words = async (text: string) => text.split(/\s+/).filter(Boolean).length;
const chars = async (text: string) => text.length;
const ids = (packed: PackedSource[]) => packed.map((p) => (p.hits ?? [p.hit]).map((h) => h.chunkId));

describe('packSources: costs and budget', () => {
  it('counts a source as it is written, its number included, plus the separator', async () => {
    // "[1] Doc (p. 1)\nalpha": 20 characters, + 2; "[2] Doc (p. 1)\nbeta": 19, + 2.
    const packed = await packSources([hit('a', 'alpha'), hit('b', 'beta')], 43, 'en', chars);
    expect(packed.map((p) => p.tokens)).toEqual([22, 21]);
    expect((await packSources([hit('a', 'alpha'), hit('b', 'beta')], 42, 'en', chars)).map((p) => p.hit.chunkId)).toEqual(['a']);
    // A source numbered 10 costs one character more than one numbered 9.
    const ten = Array.from({ length: 10 }, (_, i) => hit(`h${i}`, 'alpha'));
    const costs = (await packSources(ten, 1000, 'en', chars)).map((p) => p.tokens);
    expect(costs).toEqual([...Array<number>(9).fill(22), 23]);
  });

  it('counts a merged source with its number too', async () => {
    const positions = new Map([['a', at('d', 0, 0, 5)], ['b', at('d', 1, 6, 10)]]);
    // "[1] Doc (p. 1)\nalpha\nbeta": 25 characters, + 2.
    const packed = await packSources([hit('a', 'alpha'), hit('b', 'beta')], 27, 'en', chars, positions);
    expect(ids(packed)).toEqual([['a', 'b']]);
    expect(packed[0].tokens).toBe(27);
    expect(await chars(formatPacked(packed[0], 'en'))).toBe(25);
    // One character short: the neighbour stays out, and the first chunk alone (22) is sent.
    expect(ids(await packSources([hit('a', 'alpha'), hit('b', 'beta')], 26, 'en', chars, positions))).toEqual([['a']]);
  });

  it('charges a merge what it adds, and leaves the rest of the budget to later sources', async () => {
    const positions = new Map([['a', at('d', 0, 0, 5)], ['b', at('d', 1, 6, 10)], ['x', at('e', 0, 0, 5)]]);
    const hits = [hit('a', 'alpha'), hit('b', 'beta'), hit('x', 'gamma', 'e')];
    // a alone 7 words, a and b merged 8 (the merge adds 1), x 7: 15 in all.
    const fits = await packSources(hits, 15, 'en', words, positions);
    expect(ids(fits)).toEqual([['a', 'b'], ['x']]);
    expect(fits.map((p) => p.tokens)).toEqual([8, 7]);
    expect(ids(await packSources(hits, 14, 'en', words, positions))).toEqual([['a', 'b']]);
  });

  it('sends nothing when not even the best source fits, and nothing for no hits', async () => {
    expect(await packSources([hit('a', 'alpha')], 6, 'en', words)).toEqual([]);
    expect(await packSources([hit('a', 'alpha')], 0, 'en', words)).toEqual([]);
    expect(await packSources([], 100, 'en', words)).toEqual([]);
  });

  it('counts the same in French (the labels the model reads)', async () => {
    const packed = await packSources([hit('a', 'alpha'), hit('b', 'beta')], 43, 'fr', chars);
    expect(packed.map((p) => p.tokens)).toEqual([22, 21]);
    expect(formatPacked(packed[0], 'fr')).toBe('[1] Doc (p. 1)\nalpha');
  });
});

describe('packSources: merging', () => {
  it('keeps a hit whose position is unknown as a source of its own, before or after its neighbours', async () => {
    // b lies between a and c in the document, but its position is not known: nothing is merged.
    const positions = new Map([['a', at('d', 0, 0, 5)], ['c', at('d', 2, 11, 16)]]);
    const [a, b, c] = [hit('a', 'alpha'), hit('b', 'beta'), hit('c', 'gamma')];
    expect(ids(await packSources([a, b, c], 100, 'en', words, positions))).toEqual([['a'], ['b'], ['c']]);
    expect(ids(await packSources([b, a, c], 100, 'en', words, positions))).toEqual([['b'], ['a'], ['c']]);
    // Its neighbour by ordinal (a at 0, c at 1) with b unknown first: a and c merge, b stays alone.
    const next = new Map([['a', at('d', 0, 0, 5)], ['c', at('d', 1, 6, 11)]]);
    expect(ids(await packSources([b, c, a], 100, 'en', words, next))).toEqual([['b'], ['a', 'c']]);
  });

  it('skips a chunk met again after it was merged into a source', async () => {
    const positions = new Map([['a', at('d', 0, 0, 5)], ['b', at('d', 1, 6, 10)]]);
    for (const order of [['a', 'b', 'a'], ['a', 'b', 'b'], ['b', 'a', 'a', 'b']]) {
      const hits = order.map((id) => hit(id, id === 'a' ? 'alpha' : 'beta'));
      const packed = await packSources(hits, 100, 'en', words, positions);
      expect(ids(packed)).toEqual([['a', 'b']]);
      expect(packed[0].text).toBe('alpha\nbeta');
      expect(packed[0].tokens).toBe(8);
    }
  });

  it('trims every merged chunk at both ends', async () => {
    const first = '\n  alpha  \n';
    const second = '  beta \n ';
    const positions = new Map([['a', at('d', 0, 0, first.length)], ['b', at('d', 1, first.length, first.length + second.length)]]);
    const packed = await packSources([hit('a', first), hit('b', second)], 100, 'en', words, positions);
    expect(packed[0].text).toBe('alpha\nbeta');
    expect(formatPacked(packed[0], 'en')).toBe('[1] Doc (p. 1)\nalpha\nbeta');
    // The overlap cut leaves the rest of the chunk, trimmed at both ends too.
    const third = 'beta gamma  ';
    const overlapping = new Map([['a', at('d', 0, 0, 10)], ['b', at('d', 1, 6, 6 + third.length)]]);
    expect((await packSources([hit('a', 'alpha beta'), hit('b', third)], 100, 'en', words, overlapping))[0].text).toBe('alpha beta\ngamma');
  });

  it('numbers a merged source by the rank of its best chunk, later sources after it', async () => {
    const positions = new Map([['a', at('d', 0, 0, 5)], ['b', at('d', 1, 6, 10)], ['c', at('d', 2, 11, 16)], ['x', at('e', 0, 0, 5)]]);
    // c, then x (another document), then a (apart), then b joins c and a into the first source.
    const hits = [hit('c', 'gamma', 'd', 2), hit('x', 'xi', 'e'), hit('a', 'alpha'), hit('b', 'beta', 'd', 2)];
    const packed = await packSources(hits, 100, 'en', chars, positions);
    expect(ids(packed)).toEqual([['a', 'b', 'c'], ['x']]);
    expect(packed.map((p) => [p.n, p.hit.chunkId])).toEqual([[1, 'c'], [2, 'x']]);
    expect(formatPacked(packed[0], 'en')).toBe('[1] Doc (p. 1-2)\nalpha\nbeta\ngamma');
    for (const p of packed) expect(p.tokens).toBe((await chars(formatPacked(p, 'en'))) + 2);
  });
});

const VOCABULARY = ['the', 'harbour', 'light', 'was', 'built', 'in', '1852', 'and', 'le', 'phare', 'fut', 'allumé', 'en', 'mer', 'keeper', 'storm'];

interface Chunk {
  hit: SearchHit;
  position: ChunkPosition;
  /** Characters this chunk repeats from the previous one. */
  overlap: number;
}

/** A document's text cut in order into chunks, each repeating 0 to 12 characters of the previous one. */
function chunkDocument(documentId: string, random: () => number): Chunk[] {
  const text = Array.from({ length: 400 }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]).join(random() < 0.3 ? '\n' : ' ');
  const chunks: Chunk[] = [];
  let start = 0;
  for (let ordinal = 0; ordinal < 2 + Math.floor(random() * 6) && start < text.length - 20; ordinal++) {
    const overlap = ordinal === 0 || random() < 0.5 ? 0 : Math.floor(random() * 12);
    const charStart = Math.max(0, start - overlap);
    const charEnd = Math.min(text.length, start + 5 + Math.floor(random() * random() * 160));
    const page = 1 + Math.floor(ordinal / 2);
    chunks.push({ hit: { chunkId: `${documentId}#${ordinal}`, documentId, title: `Doc ${documentId}`, page, pageEnd: page, score: 0, text: text.slice(charStart, charEnd) }, position: at(documentId, ordinal, charStart, charEnd), overlap: start - charStart });
    start = charEnd;
  }
  return chunks;
}

describe('packSources: rules over many random sets', () => {
  it('stays within the budget, sends whole chunks once, merges only neighbours, keeps the rank order', async () => {
    const random = mulberry32(2026);
    let merged = 0;
    let left = 0;
    for (let i = 0; i < 400; i++) {
      const pool = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, d) => chunkDocument(`d${d}`, random)).flat();
      // A random ranking of a random subset (at most nine: single-digit numbers), a chunk now and then twice.
      const picked = pool.filter(() => random() < 0.7).sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * 9));
      const chunks = new Map(picked.map((c) => [c.hit.chunkId, c]));
      // Most sets with the chunks' positions, now and then one of them unknown.
      const positions = random() < 0.8 ? new Map(picked.filter(() => random() < 0.95).map((c) => [c.hit.chunkId, c.position])) : undefined;
      // Now and then the best chunk met again further down (as a chunk of known position).
      if (picked.length > 1 && positions?.has(picked[0].hit.chunkId) && random() < 0.3) picked.push(picked[0]);
      const hits = picked.map((c) => c.hit);
      const count = random() < 0.5 ? words : chars;
      const lang = random() < 0.5 ? 'en' : 'fr';
      const budget = Math.floor(random() * (count === words ? 200 : 1200));
      const packed = await packSources(hits, budget, lang, count, positions);

      // Within the budget, each source costing what it is as written, plus the separator.
      expect(packed.map((p) => p.n)).toEqual(packed.map((_, k) => k + 1));
      let total = 0;
      for (const p of packed) {
        expect(p.tokens).toBe((await count(formatPacked(p, lang))) + 2);
        total += p.tokens!;
      }
      expect(total).toBeLessThanOrEqual(budget);

      const rank = new Map<string, number>();
      hits.forEach((h, k) => rank.set(h.chunkId, rank.get(h.chunkId) ?? k));
      const bestRanks = packed.map((p) => rank.get(p.hit.chunkId)!);
      expect([...bestRanks].sort((a, b) => a - b)).toEqual(bestRanks);
      const seen = new Set<string>();
      for (const p of packed) {
        const members = p.hits ?? [p.hit];
        expect(Math.min(...members.map((m) => rank.get(m.chunkId)!))).toBe(rank.get(p.hit.chunkId));
        if (members.length > 1) merged++;
        const text = p.text ?? p.hit.text;
        members.forEach((m, k) => {
          expect(seen.has(m.chunkId)).toBe(false);
          seen.add(m.chunkId);
          const chunk = chunks.get(m.chunkId)!;
          // Whole chunks: each member's own text is there, the part repeating its predecessor written once.
          expect(text).toContain((k === 0 ? m.text : m.text.slice(chunk.overlap)).trim());
          if (k > 0) {
            const previous = chunks.get(members[k - 1].chunkId)!;
            expect(positions?.has(m.chunkId) && positions.has(previous.hit.chunkId)).toBe(true);
            expect(chunk.position.documentId).toBe(previous.position.documentId);
            expect(chunk.position.ordinal).toBe(previous.position.ordinal + 1);
          }
        });
      }
      // A hit left out (not merged) would not have fitted alone as the next source.
      if (!positions) {
        for (const h of hits.filter((x) => !seen.has(x.chunkId))) {
          left++;
          const alone = (await count(formatPacked({ n: packed.length + 1, hit: h }, lang))) + 2;
          expect(total + alone).toBeGreaterThan(budget);
        }
      }
    }
    // The sets exercised merged sources and hits left out.
    expect(merged).toBeGreaterThan(40);
    expect(left).toBeGreaterThan(20);
  });
});
