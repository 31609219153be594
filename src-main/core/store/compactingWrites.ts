/**
 * Writes through a store's write queue, compacting its tables once they hold too many small fragments:
 * tables written a row or two at a time (a question, a feedback, a minute of metrics) otherwise pile up
 * one data file and one version per write, and every read scans them all (measured: a library where
 * each question and rating came from a one-shot `phare` command held 2,044 fragments in `messages`, and
 * rating an answer took 2-3 s). The decision comes from the table itself, so writes spread over many
 * short processes are compacted too, not only those of one long-lived app. Old versions are kept an
 * hour (a reader in another process may still be on one).
 */
import type * as lancedb from '@lancedb/lancedb';
import type { WriteQueue } from './writeQueue';

export const VERSION_RETENTION_MS = 60 * 60 * 1000;

export function compactingWrites(
  queue: WriteQueue,
  options: {
    tables: () => readonly lancedb.Table[];
    /** Small fragments a table may hold before it is compacted. */
    maxSmallFragments: number;
    tag: string;
    /** Writes between two looks at the tables' fragments (the first write of a process always looks). */
    checkEveryWrites?: number;
  },
): <T>(task: () => Promise<T>) => Promise<T> {
  const every = options.checkEveryWrites ?? 8;
  let writes = 0;

  // Runs in the queue, after the write: the store's close (which waits for its queue) waits for it too.
  async function compactIfNeeded(): Promise<void> {
    for (const table of options.tables()) {
      const { fragmentStats } = await table.stats();
      if (fragmentStats.numSmallFragments > options.maxSmallFragments) {
        await table.optimize({ cleanupOlderThan: new Date(Date.now() - VERSION_RETENTION_MS) });
      }
    }
  }

  return (task) => {
    const result = queue.run(task);
    if (writes++ % every === 0) {
      void queue.run(compactIfNeeded).catch((error: unknown) => console.warn(`[${options.tag}] compaction failed:`, error instanceof Error ? error.message : error));
    }
    return result;
  };
}
