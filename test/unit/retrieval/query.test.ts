import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../../../src-main/core/retrieval/rrf';
import { sanitizeQuery } from '../../../src-main/core/retrieval/sanitizeQuery';
import { sqlAnd, sqlColumn, sqlEquals, sqlIn, sqlNotIn, sqlString } from '../../../src-main/core/store/sqlFilter';

describe('sanitizeQuery', () => {
  it('keeps letters and digits of any script and drops quotes and operators', () => {
    expect(sanitizeQuery('"phare d’Ar-Men" AND (1881)?')).toBe('phare d Ar Men AND 1881');
    expect(sanitizeQuery('  «Crêpes»  ')).toBe('Crêpes');
    expect(sanitizeQuery('"')).toBe('');
    expect(sanitizeQuery('e\u0301te\u0301')).toBe('été');
  });

  it('keeps at most the first 1000 characters of a pasted text', () => {
    const pasted = 'lighthouse keeper '.repeat(400);
    expect(sanitizeQuery(pasted)).toBe(pasted.slice(0, 1000).trim());
  });
});

describe('reciprocalRankFusion', () => {
  it('rewards items ranked well in several lists', () => {
    const scores = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
    ]);
    const order = [...scores.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id);
    expect(order[0]).toBe('b');
    expect(scores.get('a')).toBeCloseTo(1 / 61 + 1 / 63, 12);
  });

  it('votes weight / (k + rank) with ranks from 1, per list', () => {
    const scores = reciprocalRankFusion([['a', 'b'], ['b']], 10, [2, 0.5]);
    expect(scores.get('a')).toBeCloseTo(2 / 11, 12);
    expect(scores.get('b')).toBeCloseTo(2 / 12 + 0.5 / 11, 12);
  });
});

describe('sqlFilter', () => {
  it('escapes quotes so a value cannot change the filter', () => {
    expect(sqlString("l'été")).toBe("'l''été'");
    expect(sqlEquals('collection', "x' OR '1'='1")).toBe("`collection` = 'x'' OR ''1''=''1'");
    expect(sqlIn('id', ['a', "b'c"])).toBe("`id` IN ('a', 'b''c')");
    expect(sqlIn('id', [])).toBe('false');
    expect(sqlNotIn('id', [])).toBe('true');
    expect(sqlAnd('a = 1', undefined, 'true', 'b = 2')).toBe('(a = 1) AND (b = 2)');
    expect(sqlAnd()).toBeUndefined();
    expect(() => sqlColumn('id; drop')).toThrow();
  });
});
