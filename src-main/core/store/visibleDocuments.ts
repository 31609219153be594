/**
 * What a search may see (ready documents, and the ids of those being written), cached per version of
 * the documents table and kept current through this process's own row writes.
 *
 * Why: an ingestion writes each document's row twice (processing, then ready), so a cache that is only
 * read again when the table's version changes was read again by nearly every search while ingesting,
 * from a table that had gained two small files per document since its last compaction (measured with
 * `npm run bench -- search-while-ingesting`: p50 19-25 ms, p95 90-230 ms before any chunk was read,
 * against 0.6 ms idle). A write of this process through `write` applies its change to the cached
 * value instead, when the version it produced follows the cached one with nothing else in between
 * (another process's commit, or a write not described here, makes the next read scan the table as
 * before). Readers get a new value after each change, never a value changed under them.
 */
import type * as lancedb from '@lancedb/lancedb';
import type { Row } from './schema';

export interface VisibleDocument {
  id: string;
  title: string;
  collection: string;
}

/** What a search may see, read at one moment before the chunks are read. */
export interface Visibility {
  /** Ready documents (of the collection, when one was asked for), with what a search hit shows. */
  ready: Map<string, VisibleDocument>;
  /** Documents being written (queued, processing): excluded by prefilter (usually a handful). */
  hidden: string[];
}

/** A change of one document's row, as a write makes it. */
export type RowChange =
  | { kind: 'put'; id: string; status: string; title: string; collection: string }
  | { kind: 'delete'; id: string };

export interface VisibleDocuments {
  /** The visibility at the table's latest version. */
  read(): Promise<Visibility>;
  /**
   * Runs `commit` (one or more commits of document rows, inside the write queue) and applies
   * `changes` to the cached value if the table moved only by the commits `commit` says it made.
   * `commit` returns how many commits it made.
   */
  write(changes: readonly RowChange[], commit: () => Promise<number>): Promise<void>;
  /** Reads done by scanning the table (tests and benchmarks). */
  readonly scans: number;
}

export function createVisibleDocuments(table: lancedb.Table, scan: () => Promise<Row[]>): VisibleDocuments {
  let cache: { version: number; value: Visibility } | null = null;
  let scans = 0;

  function fromRows(rows: Row[]): Visibility {
    const ready = new Map<string, VisibleDocument>();
    const hidden: string[] = [];
    for (const row of rows) {
      const id = String(row.id);
      if (String(row.status) === 'ready') ready.set(id, { id, title: String(row.title), collection: String(row.collection) });
      // Failed documents have no content left (a failed commit removes its partial writes).
      else if (String(row.status) !== 'failed') hidden.push(id);
    }
    return { ready, hidden };
  }

  function applied(value: Visibility, changes: readonly RowChange[]): Visibility {
    const ready = new Map(value.ready);
    const hidden = new Set(value.hidden);
    for (const change of changes) {
      ready.delete(change.id);
      hidden.delete(change.id);
      if (change.kind === 'delete') continue;
      if (change.status === 'ready') ready.set(change.id, { id: change.id, title: change.title, collection: change.collection });
      else if (change.status !== 'failed') hidden.add(change.id);
    }
    return { ready, hidden: [...hidden] };
  }

  return {
    async read() {
      const version = await table.version();
      if (cache?.version === version) return cache.value;
      scans++;
      const value = fromRows(await scan());
      // The scan may have read a later version than `version`: keyed on the earlier one, it is only
      // used until the table moves again (a later version is read again).
      cache = { version, value };
      return value;
    },
    async write(changes, commit) {
      const before = await table.version();
      const commits = await commit();
      const after = await table.version();
      // A value read meanwhile under `before` may already hold this change: applying it again is harmless.
      if (cache?.version === before && after === before + commits) cache = { version: after, value: applied(cache.value, changes) };
    },
    get scans() {
      return scans;
    },
  };
}
