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
 * dataset until it ends). A read that took `current` just before a renewal but had not started its
 * native call yet would find that table closed ("Table chunks is closed", seen once in CI), so a
 * replaced table is closed at the next renewal (a fold later), not at once: one more connection at most.
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
    // Another process's writes are seen at once, as on the library's main connection. No Session of
    // our own (store/lanceConnection.ts): a Session made here belongs to the JavaScript side and keeps
    // its caches, old index files open with them, after the connection closes, until it is collected
    // (descriptorsBounded.test.ts: 184 LanceDB files open after 256 files, against 5-13 without). The
    // connection's own caches go with it at each renewal, so they never fill.
    const db = await lancedb.connect(dbPath, { readConsistencyInterval: 0 });
    try {
      return { db, table: await db.openTable(name) };
    } catch (error) {
      db.close();
      throw error;
    }
  };
  type Opened = Awaited<ReturnType<typeof open>>;
  const shut = (opened: Opened | null) => {
    opened?.table.close();
    opened?.db.close();
  };
  let live = await open();
  /** The table replaced last, still open for the reads that took it just before. */
  let retired: Opened | null = null;
  let closed = false;
  return {
    get current() {
      return live.table;
    },
    async renew() {
      if (closed) return;
      const fresh = await open();
      if (closed) {
        shut(fresh);
        return;
      }
      shut(retired);
      retired = live;
      live = fresh;
    },
    close() {
      if (closed) return;
      closed = true;
      shut(retired);
      retired = null;
      shut(live);
    },
  };
}
