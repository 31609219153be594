/**
 * Background upkeep of a library's tables, asked for after each ingestion batch and run one pass at
 * a time (requests made during a pass coalesce into one more pass):
 * - `optimize` on every table: folds new rows into the full-text (and vector) indices, compacts the
 *   small files each commit leaves, and removes versions older than VERSION_RETENTION_MS;
 * - an approximate vector index (IVF_PQ, cosine) on a model's table once it holds ANN_INDEX_MIN_ROWS
 *   vectors. Below that, brute force is exact and fast enough (bench/scale.bench.ts). The index is
 *   trained again once the table holds more than ANN_RETRAIN_GROWTH times the rows it was trained on
 *   (ensureVectorIndex), and vectors written during a build are folded into it in the same pass.
 *
 * Searches never wait on any of this: LanceDB readers keep answering from the version they see, and
 * rows not yet in an index are searched by a flat scan until the next pass folds them in. The index
 * build runs outside the write queue (LanceDB commits an index next to concurrent appends), so
 * ingestion keeps writing while it builds; compaction goes through the queue because it rewrites files
 * that a concurrent delete could also touch.
 */
import * as lancedb from '@lancedb/lancedb';
import type { WriteQueue } from './writeQueue';

/**
 * Vectors in one model's table past which an approximate index is built. Measured with
 * `npm run bench -- scale` (384-d): brute force grows linearly with the rows (p50 64 ms at 25k, 170 ms
 * at 100k on the loaded 2-core test machine; DESIGN.md's idle figure is ~40 ms at 50k), while IVF_PQ
 * answered in 27 ms at 100k. Past 25k rows brute force alone would take most of a 50 ms search budget.
 */
export const ANN_INDEX_MIN_ROWS = 25_000;

/**
 * Growth past which the vector index is trained again. `optimize` only adds new vectors to the
 * partitions trained at the first build: at 1,000,000 vectors an index trained at ~65,000 (255
 * partitions) had ~3,900 rows a partition, so each probe scanned four times what an index trained on
 * the whole table would (docs/benchmarks.md, Growth). A factor of 4 keeps a partition within twice its
 * ideal size (partitions ~ sqrt(rows)) while retraining only O(log rows) times over a library's life;
 * each retraining reads every vector, minutes at 1,000,000 on a small machine.
 */
export const ANN_RETRAIN_GROWTH = 4;

/**
 * Versions older than this are removed by every fold and maintenance pass. Kept short because what a
 * fold, a compaction and a read cost grows with the versions a table keeps (each commit is one, and a
 * file ingested makes several): cleaning up reads every kept manifest, and finding the latest version
 * lists them. Measured (docs/benchmarks.md, Growth): with 10 minutes kept, a
 * fold of the chunks' full-text indices went from 70 to 270 ms over the first 1,000 tiny files and the
 * slices of 250 files from 14 to 28 s; with 30 s kept, this part of the growth stops once 30 s of
 * versions are there (3,000 files: throughput -15 % instead of -59 %; what is left is the fold's own
 * work). A reader does not need its version kept: every library read that loses its files to a
 * cleanup starts again on the latest version (readAgainIfPurged.ts), and a backup that loses the
 * version it was copying takes another (librarySnapshot.ts).
 */
export const VERSION_RETENTION_MS = 30_000;

/** A table as a maintenance pass optimises it (the chunks table's own fold also renews its connection). */
export interface OptimizableTable {
  optimize(options: { cleanupOlderThan: Date }): Promise<unknown>;
}

export interface MaintenanceOptions {
  queue: WriteQueue;
  tables(): Promise<{ data: OptimizableTable[]; vectors: lancedb.Table[] }>;
  annIndexMinRows?: number;
  /** Default ANN_RETRAIN_GROWTH. */
  annRetrainGrowth?: number;
  onError?: (error: unknown) => void;
}

export interface Maintenance {
  /** Schedules a pass (returns at once). */
  request(): void;
  /** Resolves when no pass is running or pending. */
  idle(): Promise<void>;
  /** No new pass starts; resolves when the running one ends. */
  stop(): Promise<void>;
}

export function createMaintenance(options: MaintenanceOptions): Maintenance {
  const minRows = options.annIndexMinRows ?? ANN_INDEX_MIN_ROWS;
  const growth = options.annRetrainGrowth ?? ANN_RETRAIN_GROWTH;
  const onError = options.onError ?? ((error: unknown) => console.warn('[store] background maintenance failed:', error instanceof Error ? error.message : error));
  let pending = false;
  let stopped = false;
  let running: Promise<void> | null = null;

  async function pass(): Promise<void> {
    const { data, vectors } = await options.tables();
    const cleanupOlderThan = new Date(Date.now() - VERSION_RETENTION_MS);
    for (const table of [...data, ...vectors]) {
      if (stopped) return;
      await options.queue.run(() => table.optimize({ cleanupOlderThan })).catch(onError);
    }
    for (const table of vectors) {
      if (stopped) return;
      const built = await ensureVectorIndex(table, minRows, growth, options.queue).catch((error: unknown) => {
        onError(error);
        return false;
      });
      // Vectors written while the index was built are not in it and are searched by a flat scan:
      // fold them now rather than at the next ingestion's pass, which may not come soon.
      if (built && !stopped && (await unindexedVectors(table)) > 0) {
        await options.queue.run(() => table.optimize({ cleanupOlderThan })).catch(onError);
      }
    }
  }

  function start(): void {
    if (running || stopped) return;
    running = (async () => {
      while (pending && !stopped) {
        pending = false;
        await pass().catch(onError);
      }
    })().finally(() => {
      running = null;
      if (pending && !stopped) start();
    });
  }

  return {
    request() {
      if (stopped) return;
      pending = true;
      start();
    },
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      while (running) await running;
    },
  };
}

/** IVF partitions for an index trained on `rows` vectors: LanceDB's own default, sqrt(rows). */
export function partitionsFor(rows: number): number {
  return Math.max(1, Math.round(Math.sqrt(rows)));
}

/**
 * Metadata key on the `vector` column: the rows the vector index was trained on. LanceDB 0.37 does not
 * report it: indexStats' numIndexedRows counts the rows folded in since, and the partition count is in
 * no API (read from a query plan, it also shrinks by one at each fold and doubles when the fold starts
 * a second delta, so it tells nothing reliable about the training).
 */
export const TRAINED_ROWS_KEY = 'phare.annTrainedRows';

/**
 * Builds the approximate index on `vector` once the table holds `minRows` vectors, and builds it
 * again (replacing it) once the table holds more than `growth` times the rows it was trained on.
 * Returns whether an index was built. An index without a recorded size (built before the record
 * existed, as soon as a pass found `minRows` vectors) counts as trained on `minRows`.
 *
 * The build runs outside the write queue: LanceDB trains the new index from the version it read,
 * commits it beside concurrent appends, and searches use the previous index until that commit.
 */
export async function ensureVectorIndex(table: lancedb.Table, minRows: number, growth = ANN_RETRAIN_GROWTH, queue?: WriteQueue): Promise<boolean> {
  const index = (await table.listIndices()).find((i) => i.columns.includes('vector'));
  const rows = await table.countRows();
  if (!index) {
    if (rows < minRows) return false;
  } else if (rows <= growth * ((await vectorIndexTrainedRows(table)) ?? minRows)) {
    return false;
  }
  await buildVectorIndex(table, queue);
  return true;
}

/**
 * Trains the vector index on the table's current rows (replacing the one it has) and records how
 * many that was. The record is a separate commit, through the write queue when there is one: if it
 * is lost (the process ends in between), the next pass only trains once more.
 */
export async function buildVectorIndex(table: lancedb.Table, queue?: WriteQueue): Promise<void> {
  const index = (await table.listIndices()).find((i) => i.columns.includes('vector'));
  const rows = await table.countRows();
  // Partitions are given rather than left to LanceDB's default so that they follow the rows recorded
  // below; sub-vectors stay LanceDB's tuned default (dimension / 16).
  const config = lancedb.Index.ivfPq({ distanceType: 'cosine', numPartitions: partitionsFor(rows) });
  await table.createIndex('vector', index ? { config, replace: true, name: index.name } : { config });
  const record = () => table.updateFieldMetadata([{ path: 'vector', metadata: { [TRAINED_ROWS_KEY]: String(rows) } }]);
  await (queue ? queue.run(record) : record());
}

/** The rows the table's vector index was trained on, as recorded by ensureVectorIndex (null: not recorded). */
export async function vectorIndexTrainedRows(table: lancedb.Table): Promise<number | null> {
  const field = (await table.schema()).fields.find((f) => f.name === 'vector');
  const recorded = Number(field?.metadata.get(TRAINED_ROWS_KEY));
  return Number.isFinite(recorded) && recorded > 0 ? recorded : null;
}

async function unindexedVectors(table: lancedb.Table): Promise<number> {
  const index = (await table.listIndices()).find((i) => i.columns.includes('vector'));
  return index ? ((await table.indexStats(index.name))?.numUnindexedRows ?? 0) : 0;
}
