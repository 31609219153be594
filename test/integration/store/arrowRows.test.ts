/**
 * Rows read column by column from LanceDB's Arrow results hold exactly what LanceDB's own row objects
 * hold: strings (ASCII and not), nulls, booleans, integers, floats and vectors, across several
 * written batches and after a filter that leaves gaps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Bool, Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { arrowRows } from '../../../src-main/core/store/arrowRows';

const schema = new Schema([
  new Field('id', new Utf8(), false),
  new Field('title', new Utf8(), true),
  new Field('count', new Int32(), false),
  new Field('score', new Float64(), true),
  new Field('flag', new Bool(), false),
  new Field('vector', new FixedSizeList(3, new Field('item', new Float32(), true)), false),
]);

function row(i: number): Record<string, unknown> {
  return {
    id: `row-${i}`,
    // Mixed: ASCII only, accented, emoji, empty, null.
    title: [`Title ${i}`, `Élément n°${i} — déjà vu`, `📄 ${i}`, '', null][i % 5],
    count: i * 7 - 3,
    score: i % 3 === 0 ? null : i / 4,
    flag: i % 2 === 0,
    vector: [i, i + 0.5, -i],
  };
}

/** Rows as comparable plain values (a vector becomes a number array). */
function plain(rows: Record<string, unknown>[], columns: string[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(columns.map((c) => [c, c === 'vector' ? Array.from(r[c] as ArrayLike<number>) : r[c]])));
}

describe('arrowRows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phare-arrow-rows-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('matches LanceDB row objects for every column type, batch and filter', async () => {
    const db = await lancedb.connect(dir);
    const table = await db.createEmptyTable('t', schema);
    // Several commits: several fragments, so several record batches in one result.
    for (let batch = 0; batch < 4; batch++) await table.add(Array.from({ length: 700 }, (_, k) => row(batch * 700 + k)));
    const queries: Array<[() => lancedb.Query, string[]]> = [
      [() => table.query(), schema.fields.map((f) => f.name)],
      [() => table.query().where('count % 3 = 1'), schema.fields.map((f) => f.name)],
      [() => table.query().select(['title', 'flag']).limit(50), ['title', 'flag']],
    ];
    for (const [query, columns] of queries) {
      const expected = plain((await query().toArray()) as Record<string, unknown>[], columns);
      const rows = arrowRows(await query().toArrow());
      expect(rows.length).toBeGreaterThan(0);
      expect(Object.keys(rows[0]).sort()).toEqual([...columns].sort());
      expect(plain(rows, columns)).toEqual(expected);
    }
    const all = arrowRows(await table.query().where("id = 'row-6'").toArrow());
    expect(all).toEqual([{ id: 'row-6', title: `Élément n°6 — déjà vu`, count: 39, score: null, flag: true, vector: expect.anything() }]);
    table.close();
    db.close();
  });
});
