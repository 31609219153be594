/**
 * Background upkeep of a library's tables, asked for after each ingestion batch and run one pass at
 * a time (requests made during a pass coalesce into one more pass):
 * - `optimize` on every table: folds new rows into the full-text (and vector) indices, compacts the
 *   small files each commit leaves, and removes versions older than VERSION_RETENTION_MS;
 * - an approximate vector index (IVF_PQ, cosine) on a model's table once it holds ANN_INDEX_MIN_ROWS
 *   vectors. Below that, brute force is exact and fast enough (bench/scale.bench.ts).
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

/** Versions older than this are removed by a maintenance pass (another process may still read recent ones). */
export const VERSION_RETENTION_MS = 10 * 60_000;

/** A table as a maintenance pass optimises it (the chunks table's own fold also renews its connection). */
export interface OptimizableTable {
  optimize(options: { cleanupOlderThan: Date }): Promise<unknown>;
}

export interface MaintenanceOptions {
  queue: WriteQueue;
  tables(): Promise<{ data: OptimizableTable[]; vectors: lancedb.Table[] }>;
  annIndexMinRows?: number;
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
      await ensureVectorIndex(table, minRows).catch(onError);
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

/** Builds the approximate index on `vector` once the table is large enough (no-op when it exists). */
export async function ensureVectorIndex(table: lancedb.Table, minRows: number): Promise<boolean> {
  const indices = await table.listIndices();
  if (indices.some((i) => i.columns.includes('vector'))) return false;
  const rows = await table.countRows();
  if (rows < minRows) return false;
  // Default partitions (~sqrt(rows)) and sub-vectors (dimension / 16) are LanceDB's tuned defaults.
  await table.createIndex('vector', { config: lancedb.Index.ivfPq({ distanceType: 'cosine' }) });
  return true;
}
