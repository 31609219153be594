import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../src-shared/domain';
import { buildRagMessages, citedNumbers, formatPacked, packSources, SYSTEM_PROMPTS, withInstructions } from '../../../src-main/core/chat/ragPrompt';
import { detectLanguage } from '../../../src-main/core/text/detectLanguage';

const hit = (id: string, text: string, page = 1): SearchHit => ({ chunkId: id, documentId: 'd', title: 'Doc', page, pageEnd: page, score: 1, text });
const words = async (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('RAG prompt', () => {
  it('packs the best sources first, whole, within the budget', async () => {
    const hits = [hit('a', 'one two three four five'), hit('b', 'x '.repeat(100)), hit('c', 'six seven')];
    const packed = await packSources(hits, 25, 'en', words);
    expect(packed.map((p) => p.hit.chunkId)).toEqual(['a', 'c']);
    expect(packed.map((p) => p.n)).toEqual([1, 2]);
    let total = 0;
    for (const p of packed) total += (await words(`[${p.n}] Doc (p. 1)\n${p.hit.text}`)) + 2;
    expect(total).toBeLessThanOrEqual(25);
  });

  it('numbers sources with their pages and asks in the question language', () => {
    const messages = buildRagMessages('Quelle est la capitale ?', [{ n: 1, hit: hit('a', 'Paris est la capitale.', 4) }], 'fr');
    expect(messages[0].role).toBe('system');
    expect(messages[0].content).toMatch(/français/);
    expect(messages[1].content).toContain('[1] Doc (p. 4)\nParis est la capitale.');
    expect(messages[1].content).toContain('Question: Quelle est la capitale ?');
    // The whole user turn, labels included.
    expect(messages[1].content).toBe('Sources:\n\n[1] Doc (p. 4)\nParis est la capitale.\n\nQuestion: Quelle est la capitale ?');
  });

  it('writes the system prompt in four sentences, each after a space', () => {
    for (const lang of ['en', 'fr'] as const) {
      expect(SYSTEM_PROMPTS[lang]).not.toMatch(/\.\p{Lu}/u);
      expect(SYSTEM_PROMPTS[lang].split(/(?<=\.) (?=\p{Lu})/u)).toHaveLength(4);
    }
  });

  it('finds cited numbers', () => {
    expect(citedNumbers('A [2] and B [1][2], not [x].')).toEqual([2, 1]);
  });

  it('tells French from English questions', () => {
    expect(detectLanguage('Quelle est la date de la bataille de Hastings ?')).toBe('fr');
    expect(detectLanguage('When did the battle of Hastings take place?')).toBe('en');
    expect(detectLanguage('Hastings')).toBe('und');
  });
});

describe('RAG prompt details', () => {
  const at = (documentId: string, ordinal: number, charStart: number, charEnd: number) => ({ documentId, ordinal, charStart, charEnd });

  it('puts the user instructions after the rules, introduced in the answer language, and nothing when blank', () => {
    const en = buildRagMessages('Why?', [], 'en', '  Answer in bullet points.  ')[0].content;
    expect(en).toBe(`${SYSTEM_PROMPTS.en}\n\nInstructions from the user for this conversation (follow them unless they contradict the rules above):\nAnswer in bullet points.`);
    const fr = withInstructions(SYSTEM_PROMPTS.fr, 'Réponds en vers.', 'fr');
    expect(fr).toBe(`${SYSTEM_PROMPTS.fr}\n\nConsignes de l’utilisateur pour cette conversation (suis-les sauf si elles contredisent les règles ci-dessus) :\nRéponds en vers.`);
    for (const blank of [null, undefined, '', '   \n ']) expect(withInstructions(SYSTEM_PROMPTS.en, blank, 'en')).toBe(SYSTEM_PROMPTS.en);
    expect(SYSTEM_PROMPTS.en).toMatch(/^You are Phare.*cite its source as \[n\].*never invent.*Answer in English, concisely\.$/);
    expect(SYSTEM_PROMPTS.fr).toMatch(/^Tu es Phare.*cite sa source sous la forme \[n\].*n’invente jamais.*Réponds en français, de façon concise\.$/);
  });

  it('writes the whole prompt: sources by number with their page span, then the question', () => {
    const messages = buildRagMessages('  Where?  ', [{ n: 1, hit: { ...hit('a', '  First.  ', 2), pageEnd: 3 } }, { n: 2, hit: hit('b', 'Second.', 5) }], 'en');
    expect(messages).toEqual([
      { role: 'system', content: SYSTEM_PROMPTS.en },
      { role: 'user', content: 'Sources:\n\n[1] Doc (p. 2-3)\nFirst.\n\n[2] Doc (p. 5)\nSecond.\n\nQuestion: Where?' },
    ]);
  });

  it('merges neighbouring chunks into one source, the repeated overlap written once, in document order', async () => {
    const a = hit('a', 'one two three four', 1);
    const b = hit('b', 'four five six', 2);
    const c = hit('c', 'seven eight', 2);
    const positions = new Map([['a', at('d', 0, 0, 18)], ['b', at('d', 1, 14, 27)], ['c', at('d', 2, 28, 39)]]);
    // b first: a and c, each a neighbour of b, join its source; b stands for it (the best chunk).
    const packed = await packSources([b, a, c], 100, 'en', words, positions);
    expect(packed).toHaveLength(1);
    expect(packed[0]).toMatchObject({ n: 1, hit: { chunkId: 'b' }, text: 'one two three four\nfive six\nseven eight' });
    expect(packed[0].hits!.map((h) => h.chunkId)).toEqual(['a', 'b', 'c']);
    // "[1] Doc (p. 1-2)", the three texts, and the separator.
    expect(formatPacked(packed[0], 'en')).toBe('[1] Doc (p. 1-2)\none two three four\nfive six\nseven eight');
    expect(packed[0].tokens).toBe(14);
  });

  it('merges a chunk lying between two sources into one, and never sends a chunk twice', async () => {
    const a = hit('a', 'alpha', 1);
    const b = hit('b', 'beta', 1);
    const c = hit('c', 'gamma', 1);
    const positions = new Map([['a', at('d', 0, 0, 5)], ['b', at('d', 1, 6, 10)], ['c', at('d', 2, 11, 16)]]);
    const packed = await packSources([c, a, a, b], 100, 'en', words, positions);
    expect(packed.map((p) => [p.hit.chunkId, (p.hits ?? [p.hit]).map((h) => h.chunkId), p.text])).toEqual([['c', ['a', 'b', 'c'], 'alpha\nbeta\ngamma']]);
  });

  it('writes a neighbour whole when its offsets do not match its text, or when it lies within the previous chunk', async () => {
    const merged = async (first: [string, number, number], second: [string, number, number]) => {
      const positions = new Map([['a', at('d', 0, first[1], first[2])], ['b', at('d', 1, second[1], second[2])]]);
      return (await packSources([hit('a', first[0]), hit('b', second[0])], 100, 'en', words, positions))[0].text;
    };
    expect(await merged(['alpha beta', 0, 10], ['beta gamma', 6, 16])).toBe('alpha beta\ngamma');
    // Offsets of a text since trimmed: nothing is cut.
    expect(await merged(['alpha beta', 0, 10], ['beta gamma', 6, 20])).toBe('alpha beta\nbeta gamma');
    // A chunk the previous one holds entirely: written whole rather than emptied.
    expect(await merged(['alpha beta', 0, 10], ['beta', 6, 10])).toBe('alpha beta\nbeta');
  });

  it('merges only chunks of the same document that follow each other', async () => {
    const positions = new Map([['a', at('d', 0, 0, 5)], ['b', at('d', 2, 6, 10)], ['e', at('e', 1, 0, 5)]]);
    const packed = await packSources([hit('a', 'alpha'), hit('b', 'beta'), { ...hit('e', 'epsilon'), documentId: 'e' }], 100, 'en', words, positions);
    expect(packed.map((p) => p.hits)).toEqual([undefined, undefined, undefined]);
    // Without positions, nothing is merged.
    expect((await packSources([hit('a', 'alpha'), hit('b', 'beta')], 100, 'en', words)).map((p) => p.hits)).toEqual([undefined, undefined]);
  });

  it('counts two tokens between sources', async () => {
    // Each source costs its four label words, its text and the separator: 4 + 1 + 2 = 7.
    const hits = [hit('a', 'alpha'), hit('b', 'beta'), hit('c', 'gamma')];
    expect((await packSources(hits, 21, 'en', words)).map((p) => p.tokens)).toEqual([7, 7, 7]);
    expect((await packSources(hits, 20, 'en', words)).map((p) => p.hit.chunkId)).toEqual(['a', 'b']);
  });

  it('merges a neighbour only when the merged source still fits', async () => {
    const positions = new Map([['a', at('d', 0, 0, 5)], ['b', at('d', 1, 6, 10)]]);
    // a alone: 4 + 1 + 2 = 7; a and b merged: 8.
    expect((await packSources([hit('a', 'alpha'), hit('b', 'beta')], 7, 'en', words, positions)).map((p) => p.hits?.length ?? 1)).toEqual([1]);
    expect((await packSources([hit('a', 'alpha'), hit('b', 'beta')], 8, 'en', words, positions)).map((p) => p.hits?.length ?? 1)).toEqual([2]);
  });

  it('cites numbers of one to three digits only', () => {
    expect(citedNumbers('[1] [12] [123] [1234] [] [ 4]')).toEqual([1, 12, 123]);
  });
});
