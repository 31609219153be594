/**
 * The approximate vector index is trained again by a background maintenance pass once its table has
 * grown past a factor of the rows the index was trained for, and not before; vectors written after a
 * training are folded into the index; searches answer before, while and after the index is rebuilt.
 * Real LanceDB tables in the app's vectors schema, with small thresholds so that it runs in seconds.
 */
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterEach, describe, expect, it } from 'vitest';
import { createMaintenance, vectorIndexTrainedRows, type Maintenance } from '../../../src-main/core/store/maintenance';
import { vectorsSchema } from '../../../src-main/core/store/schema';
import { createWriteQueue } from '../../../src-main/core/store/writeQueue';
import { makeTempDir } from '../../helpers/tempDirs';

const DIMENSION = 32;
const MIN_ROWS = 1_000;
const GROWTH = 4;

const opened: Array<{ close(): void }> = [];
let maintenance: Maintenance | null = null;
let errors: unknown[] = [];

afterEach(async () => {
  await maintenance?.stop();
  maintenance = null;
  errors = [];
  for (const handle of opened.splice(0).reverse()) handle.close();
});

/** Deterministic pseudo-random unit-free vectors: row i always gets the same one. */
function vectorOf(i: number, dimension = DIMENSION): number[] {
  let x = (i + 1) * 2654435761;
  return Array.from({ length: dimension }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648 - 0.5;
  });
}

function rows(from: number, count: number, dimension = DIMENSION) {
  return Array.from({ length: count }, (_, k) => ({
    chunkId: `c${from + k}`,
    documentId: `d${Math.floor((from + k) / 100)}`,
    collection: 'default',
    contentHash: null,
    vector: vectorOf(from + k, dimension),
  }));
}

async function vectorsTable(dimension = DIMENSION): Promise<lancedb.Table> {
  const db = await lancedb.connect(join(makeTempDir('phare-retrain-'), 'library.lance'), { readConsistencyInterval: 0 });
  const table = await db.createEmptyTable('vectors_test', vectorsSchema(dimension));
  opened.push(db, table);
  return table;
}

/** The rows the index was trained on (as recorded by maintenance), and the rows in it and not. */
async function indexState(table: lancedb.Table): Promise<{ trained: number | null; indexed: number; unindexed: number }> {
  const index = (await table.listIndices()).find((i) => i.columns.includes('vector'));
  if (!index) return { trained: null, indexed: 0, unindexed: await table.countRows() };
  const stats = await table.indexStats(index.name);
  return { trained: await vectorIndexTrainedRows(table), indexed: stats?.numIndexedRows ?? -1, unindexed: stats?.numUnindexedRows ?? -1 };
}

async function pass(m: Maintenance): Promise<void> {
  m.request();
  await m.idle();
}

/** The app's vector search (libraryStore.searchVectors): the ten chunk ids nearest to row i's vector. */
async function search(table: lancedb.Table, i: number): Promise<string[]> {
  const hits = await table.query().nearestTo(vectorOf(i)).distanceType('cosine').nprobes(20).refineFactor(4).select(['chunkId', '_distance']).limit(10).toArray();
  return hits.map((h) => String(h.chunkId));
}

function maintain(table: lancedb.Table, queue = createWriteQueue()): Maintenance {
  maintenance = createMaintenance({
    queue,
    tables: async () => ({ data: [], vectors: [table] }),
    annIndexMinRows: MIN_ROWS,
    annRetrainGrowth: GROWTH,
    onError: (error) => errors.push(error),
  });
  return maintenance;
}

describe('vector index retraining', () => {
  it('counts an index built before the record as trained on the threshold', async () => {
    const table = await vectorsTable();
    const m = maintain(table);
    await table.add(rows(0, MIN_ROWS));
    await table.createIndex('vector', { config: lancedb.Index.ivfPq({ distanceType: 'cosine' }) });
    await table.add(rows(MIN_ROWS, 2_000));
    await pass(m);
    // 3,000 rows, not past 4 x 1,000: folded in, not retrained.
    expect(await indexState(table)).toEqual({ trained: null, indexed: 3_000, unindexed: 0 });
    await table.add(rows(3_000, 1_500));
    await pass(m);
    expect(await indexState(table)).toEqual({ trained: 4_500, indexed: 4_500, unindexed: 0 });
    expect(errors).toEqual([]);
  });

  it('does not retrain while the table is below the growth factor, but folds the new vectors in', async () => {
    const table = await vectorsTable();
    const m = maintain(table);
    await table.add(rows(0, 999));
    await pass(m);
    expect(await indexState(table)).toEqual({ trained: null, indexed: 0, unindexed: 999 });
    await table.add(rows(999, 201));
    await pass(m);
    expect(await indexState(table)).toEqual({ trained: 1_200, indexed: 1_200, unindexed: 0 });

    // 4,800 rows: not past 4 x 1,200, the rows the index was trained on times the factor.
    await table.add(rows(1_200, 3_600));
    await pass(m);
    expect(await indexState(table)).toEqual({ trained: 1_200, indexed: 4_800, unindexed: 0 });
    expect(await search(table, 2_500)).toHaveLength(10);
    expect(errors).toEqual([]);
  });

  it('retrains past the growth factor while searches and writes go on, and folds what was written meanwhile', async () => {
    const table = await vectorsTable();
    // Rows written by another writer once the new index has read its version and before the pass
    // checks: the index just committed does not hold them.
    let appended: Promise<unknown> | null = null;
    let writeDuringBuild = false;
    const watched = new Proxy(table, {
      get(target, key) {
        if (key !== 'createIndex') {
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async (...args: Parameters<lancedb.Table['createIndex']>) => {
          await target.createIndex(...args);
          if (writeDuringBuild) await (appended = target.add(rows(5_000, 500)));
        };
      },
    });
    const m = maintain(watched);
    await table.add(rows(0, MIN_ROWS));
    expect((await search(table, 10))[0]).toBe('c10');
    await pass(m);
    expect((await indexState(table)).trained).toBe(MIN_ROWS);
    expect(await search(table, 10)).toContain('c10');

    // 5,000 rows: past 4 x 1,000.
    await table.add(rows(MIN_ROWS, 4_000));
    writeDuringBuild = true;
    m.request();
    // Searches are made until the pass is over: every one answers in full.
    let done = false;
    const passOver = m.idle().then(() => {
      done = true;
    });
    const during: string[][] = [];
    do during.push(await search(table, during.length % 5_000));
    while (!done);
    await passOver;
    expect(appended).not.toBeNull();
    expect(during.length).toBeGreaterThan(0);
    for (const hits of during) expect(hits).toHaveLength(10);

    // Trained on the 5,000 rows the pass counted; the 500 written after its build were folded in by
    // the same pass, without another request.
    expect(await indexState(table)).toEqual({ trained: 5_000, indexed: 5_500, unindexed: 0 });
    for (const i of [10, 2_500, 5_250]) expect(await search(table, i)).toContain(`c${i}`);
    expect(errors).toEqual([]);
  });
});
