import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../src-shared/domain';
import { buildRagMessages, citedNumbers, packSources } from '../../../src-main/core/chat/ragPrompt';
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
