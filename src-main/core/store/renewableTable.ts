/**
 * A table on a connection of its own that can be replaced by a fresh one, for the chunks table.
 *
 * Why: each fold of new rows into a full-text index (`optimize`) writes the index anew, and the
 * LanceDB connection that did it keeps the old index files open for as long as it lives, whatever
 * its cache sizes (measured with @lancedb/lancedb 0.37: one more descriptor per fold once the index
 * has a few hundred rows, on deleted files once old versions are cleaned up; neither a smaller
 * Session cache, `close()` + `openTable` on the same connection, nor `checkoutLatest` released them;
 * closing the connection did). A long ingestion folds every few dozen documents, so the descriptors
 * and the memory behind them grew until the process hit its limit (issue 11). Renewing the table's
 * connection after each fold bounds both.
 *
 * Replacing it is safe for readers: a query already running keeps what it needs (LanceDB holds its
 * dataset until it ends), and every read takes `current` when it starts its native call.
 */
import * as lancedb from '@lancedb/lancedb';

export interface RenewableTable {
  /** The table to use now; read it at each call (it changes when renewed). */
  readonly current: lancedb.Table;
  /** Opens the table on a fresh connection, then closes the previous table and connection. */
  renew(): Promise<void>;
  close(): void;
}

export async function openRenewableTable(dbPath: string, name: string): Promise<RenewableTable> {
  const open = async () => {
    // Same consistency as the library's main connection: another process's writes are seen at once.
    const db = await lancedb.connect(dbPath, { readConsistencyInterval: 0 });
    try {
      return { db, table: await db.openTable(name) };
    } catch (error) {
      db.close();
      throw error;
    }
  };
  let live = await open();
  let closed = false;
  return {
    get current() {
      return live.table;
    },
    async renew() {
      if (closed) return;
      const fresh = await open();
      if (closed) {
        fresh.table.close();
        fresh.db.close();
        return;
      }
      const old = live;
      live = fresh;
      old.table.close();
      old.db.close();
    },
    close() {
      if (closed) return;
      closed = true;
      live.table.close();
      live.db.close();
    },
  };
}
