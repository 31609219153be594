/**
 * Writes through a store's write queue, with a compaction of its tables every so many writes: tables
 * written a row or two at a time (a question, a feedback, a minute of metrics) otherwise pile up small
 * files and old versions, and reads slow down over months. Old versions are kept an hour (a reader in
 * another process may still be on one).
 */
import type * as lancedb from '@lancedb/lancedb';
import type { WriteQueue } from './writeQueue';

export const VERSION_RETENTION_MS = 60 * 60 * 1000;

export function compactingWrites(
  queue: WriteQueue,
  options: { tables: () => readonly lancedb.Table[]; everyWrites: number; tag: string },
): <T>(task: () => Promise<T>) => Promise<T> {
  let writes = 0;
  return (task) => {
    const result = queue.run(task);
    if (++writes % options.everyWrites === 0) {
      const cleanupOlderThan = new Date(Date.now() - VERSION_RETENTION_MS);
      for (const table of options.tables()) {
        void queue.run(() => table.optimize({ cleanupOlderThan })).catch((error: unknown) => console.warn(`[${options.tag}] compaction failed:`, error));
      }
    }
    return result;
  };
}
