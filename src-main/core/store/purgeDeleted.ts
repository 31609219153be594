/**
 * Making deleted rows unreadable on disk. A LanceDB delete only hides rows: they stay in their data
 * file (a deletion file masks them), compaction rewrites a file only once a tenth of its rows are
 * deleted (and the Node API cannot lower that threshold), and older versions keep their own files for
 * as long as they are kept. A removed document's text was still in two `.lance` files 21 minutes
 * later (issue 11).
 *
 * So, for a removal: the fragments holding the document's rows are noted before the delete; after it,
 * the rows still live in those fragments move to a new fragment in one merge-insert commit (readers see
 * each row before or after the move, never without it), which leaves every noted fragment with no live
 * row, so it leaves the table; then the table is optimised with every older version removed, which
 * deletes the files. Cost: the live rows sharing a fragment with the removed ones are written again.
 */
import * as lancedb from '@lancedb/lancedb';
import { arrowRows } from './arrowRows';

/** Fragment ids of the rows `where` selects (row addresses: fragment id in the upper 32 bits). */
export async function fragmentsOf(table: lancedb.Table, where: string): Promise<number[]> {
  const rows = arrowRows(await table.query().where(where).withRowId().select([]).toArrow());
  const fragments = new Set<number>();
  for (const row of rows) fragments.add(Number(BigInt(row._rowid as bigint | number) >> 32n));
  return [...fragments];
}

/** Rows moved per merge-insert commit: bounds the memory a large fragment's rewrite takes. */
const MOVE_SLICE_ROWS = 20_000;

/**
 * Moves the live rows of `fragments` into new fragments, keyed by `key` (the merge matches them and
 * writes them anew). Returns how many rows moved. A fragment already gone (compacted since, which also
 * drops deleted rows) has no row left to move.
 */
export async function rewriteFragments(table: lancedb.Table, fragments: readonly number[], key: string | string[]): Promise<number> {
  let moved = 0;
  for (const fragment of fragments) {
    const inFragment = `_rowid >= ${BigInt(fragment) << 32n} AND _rowid < ${BigInt(fragment + 1) << 32n}`;
    const live = await table.countRows(inFragment);
    // Each slice leaves the fragment once moved, so every read starts from its first live row again.
    for (let done = 0; done < live; ) {
      const slice = await table.query().where(inFragment).limit(MOVE_SLICE_ROWS).toArrow();
      if (slice.numRows === 0) break;
      await table.mergeInsert(key).whenMatchedUpdateAll().execute(slice);
      done += slice.numRows;
      moved += slice.numRows;
    }
  }
  return moved;
}
