/**
 * `maintenance.rebuildIndices` / `phare index rebuild`: every index of every table built again from its
 * rows with the same settings (full-text indices with their language, stemming and stop words read back
 * from LanceDB, scalar indices, the vectors' approximate index), a vector table that has grown past
 * the size for one gets its approximate index, then every table is compacted and its old versions
 * removed. For a library whose indices were damaged, or after a long life of small writes.
 *
 * It works on its own connection while the app goes on: LanceDB commits a rebuilt index next to
 * concurrent appends, and searches use the previous index until then, so results never drop out.
 * Versions younger than a minute are kept for searches in flight. A table that fails is reported
 * and the others are still done.
 */
import * as lancedb from '@lancedb/lancedb';
import type { MaintenanceProgress, RebuildResult } from '../../../src-shared/administration';
import { ANN_INDEX_MIN_ROWS, buildVectorIndex, ensureVectorIndex } from '../store/maintenance';
import { VECTOR_TABLE_PREFIX } from '../store/schema';
import { folderSize } from './folderSize';

/** Versions kept by the rebuild's cleanup: a search that started on one a moment ago still finishes. */
const KEEP_RECENT_VERSIONS_MS = 60_000;

type IndexInfo = Awaited<ReturnType<lancedb.Table['listIndices']>>[number];

/** The same kind of index with the same settings, or null for a kind this version does not rebuild. */
export function sameIndex(index: IndexInfo): lancedb.Index | null {
  const type = index.indexType.toLowerCase().replace(/[^a-z]/g, '');
  const d = (index.indexDetails ?? {}) as Record<string, unknown>;
  const flag = (key: string, fallback: boolean) => (typeof d[key] === 'boolean' ? (d[key] as boolean) : fallback);
  switch (type) {
    case 'btree':
      return lancedb.Index.btree();
    case 'bitmap':
      return lancedb.Index.bitmap();
    case 'labellist':
      return lancedb.Index.labelList();
    case 'fts':
    case 'inverted':
      return lancedb.Index.fts({
        // LanceDB's own name for it ("French", "English"): anything else would abort the process.
        language: typeof d.language === 'string' ? d.language : 'English',
        stem: flag('stem', false),
        removeStopWords: flag('remove_stop_words', false),
        asciiFolding: flag('ascii_folding', false),
        lowercase: flag('lower_case', true),
        withPosition: flag('with_position', false),
      });
    case 'ivfpq':
      // The app's vector indices are all cosine (store/maintenance.ts).
      return lancedb.Index.ivfPq({ distanceType: 'cosine' });
    default:
      return null;
  }
}

export async function rebuildIndices(dbPath: string, onProgress?: (progress: MaintenanceProgress) => void, annIndexMinRows = ANN_INDEX_MIN_ROWS): Promise<RebuildResult> {
  const started = Date.now();
  const bytesBefore = await folderSize(dbPath);
  // A one-shot connection without a Session of our own (store/lanceConnection.ts): its caches, the old
  // index files every rebuild replaces among them, go with it when it closes at the end.
  const db = await lancedb.connect(dbPath, { readConsistencyInterval: 0 });
  const failures: RebuildResult['failures'] = [];
  let indices = 0;
  const names = (await db.tableNames()).sort();
  try {
    for (const [i, name] of names.entries()) {
      onProgress?.({ task: 'rebuild', step: name, done: i, total: names.length });
      let table: lancedb.Table | null = null;
      try {
        table = await db.openTable(name);
        for (const index of await table.listIndices()) {
          const config = sameIndex(index);
          if (!config || index.columns.length !== 1) continue;
          if (name.startsWith(VECTOR_TABLE_PREFIX) && index.columns[0] === 'vector') {
            // Through maintenance, which records the rows it is trained on: its retraining rule reads them.
            await buildVectorIndex(table);
            indices++;
            continue;
          }
          await table.createIndex(index.columns[0], { config, replace: true, name: index.name });
          indices++;
        }
        if (name.startsWith(VECTOR_TABLE_PREFIX) && (await ensureVectorIndex(table, annIndexMinRows))) indices++;
        await table.optimize({ cleanupOlderThan: new Date(Date.now() - KEEP_RECENT_VERSIONS_MS) });
      } catch (error) {
        failures.push({ table: name, detail: error instanceof Error ? error.message : String(error) });
      } finally {
        table?.close();
      }
    }
  } finally {
    db.close();
  }
  onProgress?.({ task: 'rebuild', step: '', done: names.length, total: names.length });
  return { tables: names.length, indices, bytesBefore, bytesAfter: await folderSize(dbPath), seconds: (Date.now() - started) / 1000, failures };
}
