/**
 * Every long-lived LanceDB connection of the app, opened with bounded caches.
 *
 * Why: a connection's Session keeps the metadata of every version it has read or written (manifests,
 * fragment and deletion-file metadata) in a cache of 1 GB by default, and its index cache may reach
 * 6 GB. A version is made by every commit, so a library written to for hours (a long ingestion: four
 * tables and several commits per file; the metrics history: a commit a minute for months) fills it with
 * versions nobody reads again. Measured with @lancedb/lancedb 0.37 (issue 11), 1,000 tiny documents
 * committed through the library store: the main connection's cache grew by 30 MB every 250 documents
 * (119 MB, 67,000 items at 1,000) and RSS with it (+190 MB), JavaScript heap flat; with the metadata
 * cache bounded at 32 MB, RSS stayed at 254-280 MB from 250 to 1,500 documents. The latest versions,
 * which every read uses, are the most recently used entries: an LRU of a few dozen MB keeps them.
 *
 * Connections that close soon open without a Session of their own: the chunks table's (renewableTable.ts,
 * replaced at every fold of the full-text indices) and one-shot ones (an index rebuild, a backup). A
 * Session made here belongs to the JavaScript side and keeps its caches, old index files open with
 * them, after its connection closes, until it is collected; a connection's own caches go with it.
 *
 * Reads stay consistent with other processes' writes: every read checks for the latest version (a
 * cheap manifest check on a local disk), so a CLI ingesting into the same library is seen at once.
 */
import * as lancedb from '@lancedb/lancedb';

const MiB = 1024 * 1024;

/** Metadata cache per connection: the latest versions' manifests and file metadata fit many times over. */
export const METADATA_CACHE_BYTES = 32 * MiB;

/**
 * Index cache per connection: index pages read by searches (full-text postings, IVF_PQ partitions,
 * scalar B-trees). Large enough for a 1,000,000-chunk library's vector index (24 bytes of PQ code and
 * 8 of row id per vector) and its scalar indices; a library past it reads index pages again from disk.
 */
export const INDEX_CACHE_BYTES = 512 * MiB;

export interface LanceCaches {
  indexBytes?: number;
  metadataBytes?: number;
}

const sessions = new WeakMap<lancedb.Connection, lancedb.Session>();

export async function connectLance(dbPath: string, caches: LanceCaches = {}): Promise<lancedb.Connection> {
  const session = new lancedb.Session(BigInt(caches.indexBytes ?? INDEX_CACHE_BYTES), BigInt(caches.metadataBytes ?? METADATA_CACHE_BYTES));
  const connection = await lancedb.connect(dbPath, { readConsistencyInterval: 0, session });
  sessions.set(connection, session);
  return connection;
}

/** Bytes held by a connection's caches (index and metadata), for a connection made by connectLance. */
export function cacheBytes(connection: lancedb.Connection): number | null {
  const session = sessions.get(connection);
  return session ? Number(session.sizeBytes()) : null;
}
