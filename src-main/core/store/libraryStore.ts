/**
 * The library store: one LanceDB database per library, in `<dataDir>/library.lance`.
 * See schema.ts for the tables and why they are laid out that way.
 *
 * Visibility rule, which is what keeps readers from ever seeing half a document:
 * a document's pages, chunks and vectors are written first while its row says `processing`, and its
 * row is flipped to `ready` last. Every search reads the set of ready documents *before* it reads
 * chunks and keeps only chunks of those documents, so a chunk written by an unfinished ingestion
 * (or left behind by a removal in progress) is never returned. Each table write is one LanceDB
 * commit, so a reader also never sees part of one document's chunks.
 */
import { ensurePrivateDirSync } from '../fs/privateFiles';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import type { Schema } from 'apache-arrow';
import type { ChunkRecord, DocumentRecord, DocumentStatus, PageText } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import {
  ADDED_COLUMNS,
  ADDED_VECTOR_COLUMNS,
  pageToRow,
  rowToPage,
  CHUNK_RECORD_COLUMNS,
  FTS_COLUMNS,
  SCHEMA_VERSION,
  TABLES,
  VECTOR_TABLE_PREFIX,
  chunkToRow,
  chunksSchema,
  documentToRow,
  documentsSchema,
  metaSchema,
  pagesSchema,
  rowToChunk,
  rowToDocument,
  vectorTableName,
  vectorsSchema,
  type FtsLang,
  type Row,
  type StoredChunk,
} from './schema';
import { sqlAnd, sqlColumn, sqlEquals, sqlIn, sqlNotIn, sqlString } from './sqlFilter';
import { createMaintenance, VERSION_RETENTION_MS } from './maintenance';
import { createWriteQueue } from './writeQueue';
import { openRenewableTable } from './renewableTable';
import { fragmentsOf, rewriteFragments } from './purgeDeleted';
import { readAgainIfPurged } from './readAgainIfPurged';
import { arrowRows } from './arrowRows';
import { createVisibleDocuments, type RowChange, type Visibility } from './visibleDocuments';
import { compareIds } from './idOrder';
import { connectLance } from './lanceConnection';

export type StoredChunkRecord = ChunkRecord & { collection: string };

export interface DocumentVectors {
  embedderId: string;
  dimension: number;
  /** One vector per chunk, in the order of `chunks`. */
  vectors: Float32Array[];
  /** sha256 of the text each vector was computed from (the embedding cache key), in the same order. */
  contentHashes?: string[];
}

/** What a chunk is embedded from, for a re-embed. */
export interface ChunkEmbeddingInput {
  id: string;
  collection: string;
  /** Title + heading path + text: the text given to the embedding model (before any model prefix). */
  contextText: string;
}

export interface CommitOptions {
  isNew?: boolean;
  /**
   * Runs once the content is written and before the document row is: the post-ingestion checks read
   * the written chunks here, and their result goes into the row in the same commit.
   */
  beforeReady?: (doc: DocumentRecord) => Promise<DocumentRecord>;
}

export interface DocumentContent {
  pages: PageText[];
  chunks: StoredChunk[];
  vectors: DocumentVectors | null;
}

export type { Visibility, VisibleDocument } from './visibleDocuments';

export interface SearchScope {
  collection?: string;
  /** Document ids to leave out (documents that are not ready). */
  excludeDocumentIds?: readonly string[];
  /** Only this document (the post-ingestion findability check). */
  documentId?: string;
}

/** A full-text hit: ids only (a search reads the text of the chunks it returns, not of every candidate). */
export interface FullTextHit {
  chunkId: string;
  documentId: string;
  score: number;
}

export interface VectorHit {
  chunkId: string;
  documentId: string;
  distance: number;
}

export interface ChunkFlags {
  blacklisted?: boolean;
  whitelisted?: boolean;
  satisfaction?: number | null;
}

/** The row that now stands for a path of a collection. */
export interface PathOutcome {
  collection: string;
  sourcePath: string;
  documentId: string;
}

export interface LibraryStore {
  readonly dataDir: string;
  /** Folder of the LanceDB database. */
  readonly dbPath: string;
  /**
   * Inserts or replaces a document row (status changes go through here). `isNew` (the caller has just
   * made up the id) skips the attempt to update an existing row.
   */
  putDocument(doc: DocumentRecord, options?: { isNew?: boolean }): Promise<void>;
  getDocument(id: string): Promise<DocumentRecord | null>;
  listDocuments(filter?: { collection?: string; status?: DocumentStatus }): Promise<DocumentRecord[]>;
  findDocumentsBySha256(sha256: string): Promise<DocumentRecord[]>;
  /**
   * One Failed row per path (ingest/failedRows.ts): adds `failed` (files that failed before a document
   * was made for them) in one commit, and removes every other Failed row at the path of a row added
   * here or of a document named in `settled` (a later attempt at that path, whatever its outcome).
   */
  putFailedRows(failed: readonly DocumentRecord[], settled: ReadonlyArray<PathOutcome>): Promise<void>;
  /**
   * Writes a document's content, replacing any content stored earlier under its id, then stores
   * `doc` (normally with status `ready`) last. The document must not be `ready` while this runs.
   * On failure the partial content is removed again and the error is rethrown. `isNew`: nothing was
   * ever stored under this id, so there is nothing to replace.
   */
  commitDocument(doc: DocumentRecord, content: DocumentContent, options?: CommitOptions): Promise<void>;
  /**
   * Re-ingestion: swaps a ready document's content for `content`, then stores `doc`. A reader sees the
   * old chunks or the new ones, never none or a mix: new vectors go in first (their chunks do not
   * exist yet, so searches drop them), one merge-insert commit on the chunks table adds the new chunks
   * and deletes the old ones, then pages the same way, then the old vectors go.
   */
  replaceDocumentContent(doc: DocumentRecord, content: DocumentContent): Promise<void>;
  /** Moves every document of a collection (rows, chunks, vectors) to another collection name. */
  renameCollection(from: string, to: string): Promise<void>;
  /**
   * Moves one document to another collection: its chunks and vectors first, its row last (the row is
   * what scoped searches read), so a search sees it in one collection or, for the moment between, in
   * neither, never split. Returns the moved record, or null when no document has this id.
   */
  moveDocument(id: string, collection: string): Promise<DocumentRecord | null>;
  /** Number of documents per collection (reads one column: cheap at 10,000 documents). */
  countByCollection(): Promise<Map<string, number>>;
  /**
   * Deletes the document row first (hiding it from readers at once), then its content. The rows stay
   * on disk, hidden, until `purgeRemoved`.
   */
  removeDocument(id: string): Promise<DocumentRecord | null>;
  /**
   * Makes what `removeDocument` deleted so far unreadable on disk (purgeDeleted.ts): the fragments
   * that held the removed documents' rows are rewritten without them, and every older version of the
   * documents, chunks and pages tables is removed. A read begun on an older version loses its files
   * and starts again on the latest (readAgainIfPurged.ts); readers after it see the same rows as before.
   */
  purgeRemoved(): Promise<void>;
  getPages(documentId: string): Promise<PageText[]>;
  listChunks(documentId: string): Promise<StoredChunkRecord[]>;
  getChunks(ids: readonly string[], options?: { includeBlacklisted?: boolean }): Promise<StoredChunkRecord[]>;
  updateChunkFlags(chunkId: string, flags: ChunkFlags): Promise<void>;
  /** Sets the satisfaction score of many chunks in one commit (null clears it); ids no longer stored are skipped. */
  setChunkSatisfaction(scores: ReadonlyArray<{ id: string; satisfaction: number | null }>): Promise<void>;
  /** Ready documents and all stored chunks, read from caches and table metadata (cheap enough for every scrape). */
  counts(): Promise<{ documents: number; chunks: number; blacklisted: number }>;
  /** Chunks carrying a quality flag (the Quality screen's blacklist and whitelist). */
  flaggedChunks(flag: 'blacklisted' | 'whitelisted'): Promise<StoredChunkRecord[]>;
  visibility(collection?: string): Promise<Visibility>;
  /** Best BM25 matches in one language's full-text index, blacklisted chunks left out. */
  searchFullText(query: string, lang: FtsLang, limit: number, scope: SearchScope): Promise<FullTextHit[]>;
  /**
   * Nearest chunks by cosine distance in the vectors of one embedding model ([] when it has none),
   * blacklisted chunks left out. A hit may name a chunk not written yet (a re-ingestion writes vectors
   * first): reading the chunk drops it.
   */
  searchVectors(embedderId: string, vector: Float32Array, limit: number, scope: SearchScope): Promise<VectorHit[]>;
  /** Embedding models that have vectors in this library (table names). */
  vectorTables(): Promise<string[]>;
  /**
   * After a batch: folds the new chunks into the full-text indices (short; awaited), then asks for
   * background maintenance: compact small files, clean old versions, build an approximate vector
   * index once a model's table is large enough. Searches never wait on any of it.
   */
  optimize(): Promise<void>;
  /** Resolves when the maintenance asked for so far has finished (tests, benchmarks, shutdown). */
  maintenanceIdle(): Promise<void>;
  /** Runs a maintenance pass now, with no fold before it, and resolves when it has finished (tests, benchmarks). */
  maintain(): Promise<void>;
  /** Vectors already computed by this model for these content hashes (the embedding cache). */
  cachedVectors(embedderId: string, contentHashes: readonly string[]): Promise<Map<string, Float32Array>>;
  /** The texts a document's chunks are embedded from, in chunk order. */
  chunkEmbeddingInputs(documentId: string): Promise<ChunkEmbeddingInput[]>;
  /**
   * Replaces a ready document's vectors for one model and then stores `doc` (with its new `embedder`).
   * The document stays visible: full-text search never stops, and its vectors in the model's table
   * change in one delete + one append.
   */
  replaceVectors(doc: DocumentRecord, chunkIds: readonly ChunkEmbeddingInput[], vectors: DocumentVectors): Promise<void>;
  /** How many vectors a document has in a model's table, and that table's dimension (null: no table). */
  vectorStats(embedderId: string, documentId: string): Promise<{ count: number; dimension: number | null }>;
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string | null): Promise<void>;
  close(): Promise<void>;
}

const DB_FOLDER = 'library.lance';

export interface LibraryStoreOptions {
  /** Vectors past which a model's table gets an approximate index (default ANN_INDEX_MIN_ROWS). */
  annIndexMinRows?: number;
  /** A write that LanceDB refused (counted by the metrics); the error still reaches the caller. */
  onWriteError?: (error: unknown) => void;
  /** Documents written between two folds of the chunks' indices made by the store itself (default COMMITS_PER_FOLD). */
  commitsPerFold?: number;
  /** Milliseconds of a monotonic clock, for the folds' duty window (default performance.now; tests move it). */
  now?: () => number;
}

export async function openLibraryStore(dataDir: string, options: LibraryStoreOptions = {}): Promise<LibraryStore> {
  const dbPath = join(dataDir, DB_FOLDER);
  // LanceDB creates its files with the process's umask (0644 under the usual 022): the folder is
  // owner-only so that no other user can enter it, whatever the files' own modes (fs/privateFiles.ts).
  ensurePrivateDirSync(dbPath);
  // Reads see other processes' writes at once; the caches are bounded (lanceConnection.ts).
  const db = await connectLance(dbPath);
  const queue = createWriteQueue({ onError: options.onWriteError });

  const existing = new Set(await db.tableNames());
  async function openOrCreate(name: string, schema: Schema): Promise<lancedb.Table> {
    if (existing.has(name)) return db.openTable(name);
    try {
      return await db.createEmptyTable(name, schema, { existOk: true });
    } catch {
      // Another process created it between our listing and our create.
      return db.openTable(name);
    }
  }

  const documents = await openOrCreate(TABLES.documents, documentsSchema);
  const created = await openOrCreate(TABLES.chunks, chunksSchema);
  const pages = await openOrCreate(TABLES.pages, pagesSchema);
  const meta = await openOrCreate(TABLES.meta, metaSchema);
  await ensureMeta(meta, { documents, pages });
  await ensureFullTextIndices(created);
  await ensureScalarIndices(created, ['id', 'documentId']);
  created.close();
  // The chunks table, whose full-text indices are folded after every few dozen documents, is used on
  // a connection of its own that each fold replaces: the old one kept the old index files open
  // (renewableTable.ts). `chunks()` is read at every call.
  const chunksTable = await openRenewableTable(dbPath, TABLES.chunks);
  const chunks = () => chunksTable.current;
  const now = options.now ?? (() => performance.now());
  /** Folds new rows into the chunks' indices (in the write queue), then renews their connection. */
  async function foldChunks(options: { cleanupOlderThan: Date }): Promise<void> {
    const started = now();
    await chunks().optimize(options);
    foldedVersion = await chunks().version();
    commitsSinceFold = 0;
    await chunksTable.renew();
    const ended = now();
    lastFold = { endedAt: ended, ms: ended - started };
  }
  /** The chunks table's version right after the last fold: a maintenance pass has nothing to fold while it holds. */
  let foldedVersion: number | null = null;

  /**
   * Folds while documents are written, not only when the ingestion asks (every DOCUMENTS_PER_FOLD
   * documents). Each document committed adds a small file to the chunks, vectors, pages and documents
   * tables, and its chunks are outside the indices until a fold: every search scans those files
   * (full text by a flat BM25 scan, chunk reads by id outside the id index). Measured with 60
   * documents written since the last fold, with nothing else running: full text p50 52 ms, vectors
   * 13 ms, reading 2 chunks by id 26 ms, against 2-3 ms each right after a fold and compaction
   * (`npm run bench -- search-while-ingesting` for the same under a real ingestion). A fold costs
   * more as the library grows (0.4-0.7 s at 1,200 chunks, 1.2-4 s at 48,000 on the loaded test
   * machine), so it comes after `commitsPerFold` documents and only once the time since the last one
   * is FOLD_DUTY_FACTOR times what that one took: a fold takes at most about a quarter of the time.
   */
  const commitsPerFold = options.commitsPerFold ?? COMMITS_PER_FOLD;
  let commitsSinceFold = 0;
  let lastFold = { endedAt: 0, ms: 0 };
  let foldAsked = false;
  /** Within the duty window of the last fold: another one now would take more than its share of the time. */
  const foldIsRecent = () => now() - lastFold.endedAt < FOLD_DUTY_FACTOR * lastFold.ms;
  function noteContentCommit(): void {
    commitsSinceFold++;
    if (foldAsked || commitsSinceFold < commitsPerFold) return;
    if (foldIsRecent()) return;
    foldAsked = true;
    // Queued behind the write that called this (not awaited: that write returns first).
    void store
      .optimize()
      .catch(() => undefined)
      .finally(() => {
        foldAsked = false;
      });
  }

  const vectorTableCache = new Map<string, lancedb.Table>();
  /**
   * Opens in progress, shared: a search and the first write of a model's table opening it at the same
   * moment both created its scalar indices, and one failed with a commit conflict (found by
   * test/integration/store/visibilityWhileWriting.test.ts).
   */
  const vectorTableOpening = new Map<string, Promise<lancedb.Table | null>>();
  async function vectorTable(embedderId: string, dimension?: number): Promise<lancedb.Table | null> {
    const name = vectorTableName(embedderId);
    const cached = vectorTableCache.get(name);
    if (cached) return cached;
    const opening = vectorTableOpening.get(name);
    if (opening) {
      const table = await opening;
      if (table || dimension === undefined) return table;
    }
    const open = (async () => {
      const names = await db.tableNames();
      let table: lancedb.Table | null = null;
      if (names.includes(name)) table = await migrateVectorTable(await db.openTable(name));
      else if (dimension !== undefined) table = await migrateVectorTable(await db.createEmptyTable(name, vectorsSchema(dimension), { existOk: true }));
      if (table) vectorTableCache.set(name, table);
      return table;
    })().finally(() => vectorTableOpening.delete(name));
    vectorTableOpening.set(name, open);
    return open;
  }

  async function allVectorTables(): Promise<lancedb.Table[]> {
    const names = (await db.tableNames()).filter((n) => n.startsWith(VECTOR_TABLE_PREFIX));
    const tables: lancedb.Table[] = [];
    for (const name of names) {
      let table = vectorTableCache.get(name);
      if (!table) {
        table = await migrateVectorTable(await db.openTable(name));
        vectorTableCache.set(name, table);
      }
      tables.push(table);
    }
    return tables;
  }

  async function deleteContent(documentId: string): Promise<void> {
    const where = sqlEquals('documentId', documentId);
    await chunks().delete(where);
    await pages.delete(where);
    for (const table of await allVectorTables()) await table.delete(where);
  }

  /**
   * Insert or replace a document row: an update in place, or an append when no row was updated.
   * Both are much cheaper than a merge-insert, which joins against the whole table.
   */
  async function upsertDocument(doc: DocumentRecord): Promise<void> {
    const { id: _id, ...values } = documentToRow(doc);
    await visible.write([rowChange(doc)], async () => {
      const { rowsUpdated } = await documents.update({ where: sqlEquals('id', doc.id), values: values as Record<string, lancedb.IntoSql> });
      if (rowsUpdated > 0) return 1;
      await documents.add([documentToRow(doc)]);
      return 2;
    });
  }

  /** Whether anything is stored under a document id (skips three delete commits for a new document). */
  async function hasContent(documentId: string): Promise<boolean> {
    const where = sqlEquals('documentId', documentId);
    if ((await chunks().countRows(where)) > 0 || (await pages.countRows(where)) > 0) return true;
    for (const table of await allVectorTables()) if ((await table.countRows(where)) > 0) return true;
    return false;
  }

  /**
   * The ready/hidden split of all documents, cached per version of the documents table (checking the
   * version is a manifest read, scanning the table on every search is not) and kept current through
   * this store's own row writes (visibleDocuments.ts).
   */
  const visible = createVisibleDocuments(documents, () => rowsOf(documents.query().select(['id', 'status', 'collection', 'title'])));
  const visibleDocuments = (): Promise<Visibility> => visible.read();

  /**
   * Ids of blacklisted chunks, cached per version of the chunks table. Searches leave them out after
   * the index answers instead of with a prefilter: at 100,000 chunks the `blacklisted = false`
   * prefilter cost more than the full-text search itself (bench/scale.bench.ts), while feedback
   * blacklists a handful of chunks, read here with one column scan when the table changes.
   */
  let blacklistCache: { version: number; ids: Set<string> } | null = null;
  let blacklistRead: Promise<Set<string>> | null = null;
  async function readBlacklist(): Promise<Set<string>> {
    const version = await chunks().version();
    if (blacklistCache?.version === version) return blacklistCache.ids;
    const rows = await rowsOf(chunks().query().where('blacklisted = true').select(['id']));
    const ids = new Set(rows.map((r) => String(r.id)));
    blacklistCache = { version, ids };
    return ids;
  }
  /** The lists of one search ask at the same moment: they share one read. */
  function blacklistedChunkIds(): Promise<Set<string>> {
    blacklistRead ??= readBlacklist().finally(() => {
      blacklistRead = null;
    });
    return blacklistRead;
  }

  /**
   * Runs a search asking for `limit` hits plus one per blacklisted chunk, then drops the blacklisted
   * ones: the same hits a prefilter would give. Past MAX_POSTFILTERED_BLACKLIST, a search that can
   * prefilter does; one that cannot (vectors) asks for `limit` and may return fewer.
   */
  async function withoutBlacklisted<T extends { chunkId: string }>(
    limit: number,
    canPrefilter: boolean,
    search: (limit: number, prefilterBlacklist: boolean) => Promise<T[]>,
  ): Promise<T[]> {
    const blacklisted = await blacklistedChunkIds();
    const many = blacklisted.size > MAX_POSTFILTERED_BLACKLIST;
    if (many && canPrefilter) return search(limit, true);
    const hits = await search(many ? limit : limit + blacklisted.size, false);
    return (blacklisted.size ? hits.filter((h) => !blacklisted.has(h.chunkId)) : hits).slice(0, limit);
  }

  /** Fragments holding rows removed since the last purge, by table (purgeDeleted.ts). */
  const purgeable = {
    documents: () => ({ table: documents, key: 'id' }),
    chunks: () => ({ table: chunks(), key: 'id' }),
    pages: () => ({ table: pages, key: ['documentId', 'page'] }),
  } satisfies Record<string, () => { table: lancedb.Table; key: string | string[] }>;
  type PurgeableTable = keyof typeof purgeable;
  const toPurge = new Map<PurgeableTable, Set<number>>();
  async function notePurge(name: PurgeableTable, where: string): Promise<void> {
    const fragments = await fragmentsOf(purgeable[name]().table, where);
    if (fragments.length === 0) return;
    const noted = toPurge.get(name) ?? new Set<number>();
    for (const f of fragments) noted.add(f);
    toPurge.set(name, noted);
  }

  /**
   * A maintenance pass right after a fold (store.optimize asks for one) does not fold, and renew, again.
   * Nor does one within the last fold's duty window (noteContentCommit's), even if documents were
   * written since: the pass each fold asks for folded the chunks a second time with what had been
   * written meanwhile, so folds took a third of a long ingestion instead of a quarter (2,000 tiny files
   * side by side: 12 % faster without). What it leaves is folded by the next store.optimize (the next
   * fold noteContentCommit asks for, or the job's end).
   */
  async function foldChunksIfChanged(options: { cleanupOlderThan: Date }): Promise<void> {
    if (foldedVersion !== null && (await chunks().version()) === foldedVersion) return;
    if (foldIsRecent()) return;
    await foldChunks(options);
  }

  const maintenance = createMaintenance({
    queue,
    annIndexMinRows: options.annIndexMinRows,
    tables: async () => ({ data: [documents, { optimize: foldChunksIfChanged }, pages, meta], vectors: await allVectorTables() }),
  });

  let closed = false;
  function assertOpen(): void {
    if (closed) throw new PhareError('INTERNAL', { detail: 'the library store is closed' });
  }

  const store: LibraryStore = {
    dataDir,
    dbPath,

    putDocument(doc, options = {}) {
      assertOpen();
      return queue.run(() =>
        options.isNew ? visible.write([rowChange(doc)], () => documents.add([documentToRow(doc)]).then(() => 1)) : upsertDocument(doc),
      );
    },

    async getDocument(id) {
      assertOpen();
      const rows = await rowsOf(documents.query().where(sqlEquals('id', id)).limit(1));
      return rows.length ? rowToDocument(rows[0]) : null;
    },

    async listDocuments(filter = {}) {
      assertOpen();
      const where = sqlAnd(
        filter.collection !== undefined ? sqlEquals('collection', filter.collection) : undefined,
        filter.status !== undefined ? sqlEquals('status', filter.status) : undefined,
      );
      const query = documents.query();
      if (where) query.where(where);
      const rows = await rowsOf(query);
      return rows.map(rowToDocument).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.title.localeCompare(b.title));
    },

    async findDocumentsBySha256(sha256) {
      assertOpen();
      const rows = await rowsOf(documents.query().where(sqlEquals('sha256', sha256)));
      return rows.map(rowToDocument);
    },

    putFailedRows(failed, settled) {
      assertOpen();
      const outcomes = [...settled, ...failed.map((d) => ({ collection: d.collection, sourcePath: d.sourcePath, documentId: d.id }))];
      if (outcomes.length === 0) return Promise.resolve();
      return queue.run(async () => {
        for (let i = 0; i < outcomes.length; i += FAILED_PATHS_PER_DELETE) {
          const others = outcomes
            .slice(i, i + FAILED_PATHS_PER_DELETE)
            .map((o) => `(${sqlAnd(sqlEquals('collection', o.collection), sqlEquals('sourcePath', o.sourcePath), `${sqlColumn('id')} != ${sqlString(o.documentId)}`)})`);
          await documents.delete(`${sqlEquals('status', 'failed')} AND (${others.join(' OR ')})`);
        }
        if (failed.length) await documents.add(failed.map(documentToRow));
      });
    },

    commitDocument(doc, content, options = {}) {
      assertOpen();
      return queue.run(async () => {
        if (content.vectors && content.vectors.vectors.length !== content.chunks.length) {
          throw new PhareError('INTERNAL', { detail: `${content.vectors.vectors.length} vectors for ${content.chunks.length} chunks` });
        }
        try {
          // Earlier content under this id (a failed or interrupted attempt) goes first; the document
          // is not ready, so no reader sees the gap.
          if (!options.isNew && (await hasContent(doc.id))) await deleteContent(doc.id);
          // Three tables, three independent commits: made side by side. All of them end before the
          // document row says ready (a failure removes whatever was written).
          const writes: Promise<unknown>[] = [];
          if (content.pages.length) writes.push(pages.add(content.pages.map((p) => pageToRow(doc.id, p))));
          if (content.chunks.length) writes.push(chunks().add(content.chunks.map(chunkToRow)));
          if (content.vectors && content.chunks.length) {
            const { embedderId, dimension } = content.vectors;
            const vectors = content.vectors;
            writes.push(
              vectorTable(embedderId, dimension).then((table) => {
                if (!table) throw new PhareError('INTERNAL', { detail: 'vector table unavailable' });
                return table.add(vectorRows(doc.id, content.chunks, vectors));
              }),
            );
          }
          const failed = (await Promise.allSettled(writes)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
          if (failed) throw failed.reason;
          await upsertDocument(options.beforeReady ? await options.beforeReady(doc) : doc);
        } catch (error) {
          await deleteContent(doc.id).catch(() => undefined);
          throw error;
        }
        if (content.chunks.length) noteContentCommit();
      });
    },

    replaceDocumentContent(doc, content) {
      assertOpen();
      return queue.run(async () => {
        if (content.vectors && content.vectors.vectors.length !== content.chunks.length) {
          throw new PhareError('INTERNAL', { detail: `${content.vectors.vectors.length} vectors for ${content.chunks.length} chunks` });
        }
        const ofDocument = sqlEquals('documentId', doc.id);
        const old = await rowsOf(chunks().query().where(ofDocument).select(['id', 'text', 'blacklisted', 'whitelisted', 'satisfaction']));
        // A chunk whose text did not change keeps its id and quality flags (feedback survives a re-ingest).
        const unused = new Map<string, Row[]>();
        for (const row of old) unused.set(String(row.text), [...(unused.get(String(row.text)) ?? []), row]);
        const newChunks = content.chunks.map((c) => {
          const same = unused.get(c.text)?.shift();
          if (!same) return c;
          const satisfaction = same.satisfaction === null || same.satisfaction === undefined ? null : Number(same.satisfaction);
          return { ...c, id: String(same.id), blacklisted: Boolean(same.blacklisted), whitelisted: Boolean(same.whitelisted), satisfaction };
        });
        const newChunkIds = newChunks.map((c) => c.id);
        const vectorTables = await allVectorTables();
        if (content.vectors && newChunks.length) {
          const { embedderId, dimension } = content.vectors;
          const table = await vectorTable(embedderId, dimension);
          if (!table) throw new PhareError('INTERNAL', { detail: 'vector table unavailable' });
          if (!vectorTables.includes(table)) vectorTables.push(table);
          await table.mergeInsert('chunkId').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(vectorRows(doc.id, newChunks, content.vectors));
        }
        if (newChunks.length) {
          await chunks()
            .mergeInsert('id')
            .whenMatchedUpdateAll()
            .whenNotMatchedInsertAll()
            .whenNotMatchedBySourceDelete({ where: ofDocument })
            .execute(newChunks.map(chunkToRow));
        } else await chunks().delete(ofDocument);
        if (content.pages.length) {
          await pages
            .mergeInsert(['documentId', 'page'])
            .whenMatchedUpdateAll()
            .whenNotMatchedInsertAll()
            .whenNotMatchedBySourceDelete({ where: ofDocument })
            .execute(content.pages.map((p) => pageToRow(doc.id, p)));
        } else await pages.delete(ofDocument);
        // Vectors of chunks that are gone, or of another model, would be stale: only this model's new ones stay.
        for (const table of vectorTables) {
          const keep = content.vectors && vectorTableName(content.vectors.embedderId) === table.name ? newChunkIds : [];
          await table.delete(sqlAnd(ofDocument, sqlNotIn('chunkId', keep)) ?? 'true');
        }
        await upsertDocument(doc);
        noteContentCommit();
      });
    },

    async countByCollection() {
      assertOpen();
      const counts = new Map<string, number>();
      for (const row of await rowsOf(documents.query().select(['collection']))) {
        const name = String(row.collection);
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      return counts;
    },

    renameCollection(from, to) {
      assertOpen();
      return queue.run(async () => {
        // Content first, rows last: the rows are what listings and the ready set read.
        const where = sqlEquals('collection', from);
        for (const table of [chunks(), ...(await allVectorTables()), documents]) await table.update({ where, values: { collection: to } });
      });
    },

    moveDocument(id, collection) {
      assertOpen();
      return queue.run(async () => {
        const doc = await store.getDocument(id);
        if (!doc) return null;
        if (doc.collection === collection) return doc;
        const where = sqlEquals('documentId', id);
        for (const table of [chunks(), ...(await allVectorTables())]) await table.update({ where, values: { collection } });
        const moved: DocumentRecord = { ...doc, collection, updatedAt: new Date().toISOString() };
        await documents.update({ where: sqlEquals('id', id), values: { collection, updatedAt: moved.updatedAt } });
        return moved;
      });
    },

    removeDocument(id) {
      assertOpen();
      return queue.run(async () => {
        const doc = await store.getDocument(id);
        if (!doc) return null;
        // Where its rows are on disk, noted before they are hidden (purgeRemoved rewrites those places).
        await notePurge('documents', sqlEquals('id', id));
        await notePurge('chunks', sqlEquals('documentId', id));
        await notePurge('pages', sqlEquals('documentId', id));
        // The row goes first: from this commit on, searches no longer see the document at all.
        await visible.write([{ kind: 'delete', id }], () => documents.delete(sqlEquals('id', id)).then(() => 1));
        await deleteContent(id);
        return doc;
      });
    },

    purgeRemoved() {
      assertOpen();
      return queue.run(async () => {
        for (const name of [...toPurge.keys()]) {
          const fragments = toPurge.get(name) ?? new Set<number>();
          toPurge.delete(name);
          const { table, key } = purgeable[name]();
          try {
            await rewriteFragments(table, [...fragments], key);
            // Every version but the one just written goes, with the files only they used.
            const cleanupOlderThan = new Date();
            if (name === 'chunks') await foldChunks({ cleanupOlderThan });
            else await table.optimize({ cleanupOlderThan });
          } catch (error) {
            // Tried again with the next purge (the rows stay hidden meanwhile), with the tables not reached.
            const left = toPurge.get(name) ?? new Set<number>();
            for (const f of fragments) left.add(f);
            toPurge.set(name, left);
            throw error;
          }
        }
      });
    },

    async getPages(documentId) {
      assertOpen();
      const rows = await rowsOf(pages.query().where(sqlEquals('documentId', documentId)));
      return rows.map(rowToPage).sort((a, b) => a.page - b.page);
    },

    async listChunks(documentId) {
      assertOpen();
      const rows = await rowsOf(chunks().query().where(sqlEquals('documentId', documentId)).select(CHUNK_RECORD_COLUMNS));
      return rows.map(rowToChunk).sort((a, b) => a.ordinal - b.ordinal);
    },

    async getChunks(ids, options = {}) {
      assertOpen();
      if (ids.length === 0) return [];
      // The id index finds the rows; the blacklist flag is checked on them (as a filter it cost ~1 ms more).
      const rows: Row[] = [];
      // IN lists stay short (the quality loop reads thousands of scored chunks at once).
      for (let i = 0; i < ids.length; i += CACHE_LOOKUP_SLICE) {
        rows.push(...(await rowsOf(chunks().query().where(sqlIn('id', ids.slice(i, i + CACHE_LOOKUP_SLICE))).select(CHUNK_RECORD_COLUMNS))));
      }
      const found = rows.map(rowToChunk);
      return options.includeBlacklisted ? found : found.filter((c) => !c.blacklisted);
    },

    updateChunkFlags(chunkId, flags) {
      assertOpen();
      const values: Record<string, boolean | number | null> = {};
      if (flags.blacklisted !== undefined) values.blacklisted = flags.blacklisted;
      if (flags.whitelisted !== undefined) values.whitelisted = flags.whitelisted;
      if (flags.satisfaction !== undefined) values.satisfaction = flags.satisfaction;
      if (Object.keys(values).length === 0) return Promise.resolve();
      return queue.run(async () => {
        // `values` are literals (LanceDB quotes them), never SQL built from strings.
        await chunks().update({ where: sqlEquals('id', chunkId), values: values as Record<string, lancedb.IntoSql> });
      });
    },

    setChunkSatisfaction(scores) {
      assertOpen();
      if (scores.length === 0) return Promise.resolve();
      return queue.run(async () => {
        // A merge on the id with only these two columns: one commit, and rows not matched are not inserted.
        const set = scores.filter((s) => s.satisfaction !== null);
        if (set.length) await chunks().mergeInsert('id').whenMatchedUpdateAll().execute(set.map((s) => ({ id: s.id, satisfaction: s.satisfaction })));
        // Nulls cannot go through the merge (a column of nulls has no type to infer); cleared scores are few.
        const cleared = scores.filter((s) => s.satisfaction === null).map((s) => s.id);
        for (let i = 0; i < cleared.length; i += CACHE_LOOKUP_SLICE) {
          await chunks().update({ where: sqlIn('id', cleared.slice(i, i + CACHE_LOOKUP_SLICE)), valuesSql: { satisfaction: 'CAST(NULL AS DOUBLE)' } });
        }
      });
    },

    async counts() {
      assertOpen();
      const [visible, chunkRows, blacklisted] = await Promise.all([visibleDocuments(), chunks().countRows(), blacklistedChunkIds()]);
      return { documents: visible.ready.size, chunks: chunkRows, blacklisted: blacklisted.size };
    },

    async flaggedChunks(flag) {
      assertOpen();
      const rows = await rowsOf(chunks().query().where(`${flag} = true`).select(CHUNK_RECORD_COLUMNS));
      return rows.map(rowToChunk).sort((a, b) => compareIds(a.id, b.id));
    },

    async visibility(collection) {
      assertOpen();
      const all = await visibleDocuments();
      if (collection === undefined) return all;
      const ready = new Map([...all.ready].filter(([, d]) => d.collection === collection));
      return { ready, hidden: all.hidden };
    },

    async searchFullText(query, lang, limit, scope) {
      assertOpen();
      const { column } = FTS_COLUMNS[lang];
      return withoutBlacklisted(limit, true, async (n, prefilterBlacklist) => {
        const q = chunks().query().fullTextSearch(query, { columns: column }).select(['id', 'documentId', '_score']).limit(n);
        const where = scopeFilter(scope, prefilterBlacklist);
        if (where) q.where(where);
        const rows = await rowsOf(q);
        // Equal scores ordered by id (idOrder.ts).
        return rows
          .map((r) => ({ chunkId: String(r.id), documentId: String(r.documentId), score: Number(r._score) }))
          .sort((a, b) => b.score - a.score || compareIds(a.chunkId, b.chunkId));
      });
    },

    async searchVectors(embedderId, vector, limit, scope) {
      assertOpen();
      const table = await vectorTable(embedderId);
      if (!table) return [];
      // nprobes / refineFactor only matter once the table has its approximate index (maintenance.ts):
      // more partitions probed and exact re-ranking of the candidates keep its recall close to brute force.
      // The vectors tables have no blacklist column: blacklisted chunks are dropped from the hits.
      return withoutBlacklisted(limit, false, async (n) => {
        const q = table
          .query()
          .nearestTo(Array.from(vector))
          .distanceType('cosine')
          .nprobes(ANN_NPROBES)
          .refineFactor(ANN_REFINE_FACTOR)
          .select(['chunkId', 'documentId', '_distance'])
          .limit(n);
        const where = scopeFilter(scope, false);
        if (where) q.where(where);
        const rows = await rowsOf(q);
        return rows
          .map((r) => ({ chunkId: String(r.chunkId), documentId: String(r.documentId), distance: Number(r._distance) }))
          .sort((a, b) => a.distance - b.distance || compareIds(a.chunkId, b.chunkId));
      });
    },

    async vectorTables() {
      assertOpen();
      return (await db.tableNames()).filter((n) => n.startsWith(VECTOR_TABLE_PREFIX));
    },

    async optimize() {
      assertOpen();
      // New chunks are folded into the full-text indices before this returns: LanceDB searches rows
      // not yet indexed by a flat scan whose BM25 ranks them poorly next to indexed ones (measured:
      // a document's own phrase missed the top 10 until the fold, then ranked first). The fold takes
      // well under a second; searches never wait on it. The rest runs in the background.
      await queue.run(() => foldChunks({ cleanupOlderThan: new Date(Date.now() - VERSION_RETENTION_MS) })).catch((error: unknown) => {
        console.warn('[store] full-text index update failed:', error instanceof Error ? error.message : error);
      });
      maintenance.request();
    },

    maintenanceIdle() {
      return maintenance.idle();
    },

    async maintain() {
      assertOpen();
      maintenance.request();
      await maintenance.idle();
    },

    async cachedVectors(embedderId, contentHashes) {
      assertOpen();
      const found = new Map<string, Float32Array>();
      const table = await vectorTable(embedderId);
      if (!table || contentHashes.length === 0) return found;
      const unique = [...new Set(contentHashes)];
      // IN lists stay short: a large document is looked up in slices.
      for (let i = 0; i < unique.length; i += CACHE_LOOKUP_SLICE) {
        const rows = await rowsOf(table.query().where(sqlIn('contentHash', unique.slice(i, i + CACHE_LOOKUP_SLICE))).select(['contentHash', 'vector']));
        for (const row of rows) {
          const hash = String(row.contentHash);
          if (!found.has(hash)) found.set(hash, Float32Array.from(row.vector as ArrayLike<number>));
        }
      }
      return found;
    },

    async chunkEmbeddingInputs(documentId) {
      assertOpen();
      const rows = await rowsOf(chunks().query().where(sqlEquals('documentId', documentId)).select(['id', 'collection', 'ordinal', 'ftsFr']));
      return rows
        .sort((a, b) => Number(a.ordinal) - Number(b.ordinal))
        .map((r) => ({ id: String(r.id), collection: String(r.collection), contextText: String(r.ftsFr) }));
    },

    replaceVectors(doc, inputs, vectors) {
      assertOpen();
      return queue.run(async () => {
        if (vectors.vectors.length !== inputs.length) {
          throw new PhareError('INTERNAL', { detail: `${vectors.vectors.length} vectors for ${inputs.length} chunks` });
        }
        const table = await vectorTable(vectors.embedderId, vectors.dimension);
        if (!table) throw new PhareError('INTERNAL', { detail: 'vector table unavailable' });
        const where = sqlEquals('documentId', doc.id);
        if ((await table.countRows(where)) > 0) await table.delete(where);
        if (inputs.length) await table.add(vectorRows(doc.id, inputs, vectors));
        await upsertDocument(doc);
      });
    },

    async vectorStats(embedderId, documentId) {
      assertOpen();
      const table = await vectorTable(embedderId);
      if (!table) return { count: 0, dimension: null };
      const field = (await table.schema()).fields.find((f) => f.name === 'vector');
      // Duck-typed: LanceDB's own copy of apache-arrow makes `instanceof FixedSizeList` false.
      const listSize = (field?.type as { listSize?: unknown } | undefined)?.listSize;
      const dimension = typeof listSize === 'number' ? listSize : null;
      return { count: await readAgainIfPurged(() => table.countRows(sqlEquals('documentId', documentId))), dimension };
    },

    async getMeta(key) {
      assertOpen();
      const rows = await rowsOf(meta.query().where(sqlEquals('key', key)).limit(1));
      return rows.length ? String(rows[0].value) : null;
    },

    setMeta(key, value) {
      assertOpen();
      return queue.run(async () => {
        await meta.delete(sqlEquals('key', key));
        if (value !== null) await meta.add([{ key, value }]);
      });
    },

    async close() {
      if (closed) return;
      await maintenance.stop();
      await queue.idle();
      closed = true;
      for (const table of [documents, pages, meta, ...vectorTableCache.values()]) table.close();
      chunksTable.close();
      db.close();
    },
  };
  return store;
}

function rowChange(doc: DocumentRecord): RowChange {
  return { kind: 'put', id: doc.id, status: doc.status, title: doc.title, collection: doc.collection };
}

/** A query's rows as plain objects (see arrowRows.ts: Arrow row proxies are slow to read). */
async function rowsOf(query: lancedb.Query | lancedb.VectorQuery): Promise<Row[]> {
  return arrowRows(await readAgainIfPurged(() => query.toArrow()));
}

/** Documents written before the store folds on its own (see noteContentCommit). */
export const COMMITS_PER_FOLD = 8;
/** A fold starts only when the time since the last one is this many times what it took. */
const FOLD_DUTY_FACTOR = 3;

const ANN_NPROBES = 20;
/** Blacklisted chunks past which searches prefilter them instead of asking for that many more hits. */
const MAX_POSTFILTERED_BLACKLIST = 200;
const ANN_REFINE_FACTOR = 4;

/** Paths per delete of earlier Failed rows (keeps the filter's text short). */
const FAILED_PATHS_PER_DELETE = 100;

/** Values per IN filter (cached vectors' content hashes, chunk ids). */
const CACHE_LOOKUP_SLICE = 500;

function vectorRows(documentId: string, chunks: ReadonlyArray<{ id: string; collection: string }>, vectors: DocumentVectors): Row[] {
  return chunks.map((c, i) => ({
    chunkId: c.id,
    documentId,
    collection: c.collection,
    contentHash: vectors.contentHashes?.[i] ?? null,
    vector: Array.from(vectors.vectors[i]),
  }));
}

/** Vector tables written before a column existed gain it in place (null for existing rows). */
async function migrateVectorTable(table: lancedb.Table): Promise<lancedb.Table> {
  const present = new Set((await table.schema()).fields.map((f) => f.name));
  const missing = ADDED_VECTOR_COLUMNS.filter((c) => !present.has(c.name));
  if (missing.length) await table.addColumns(missing);
  await ensureScalarIndices(table, VECTOR_SCALAR_INDICES);
  return table;
}

/** Vector-table columns filtered on: a document's vectors (replace, delete) and the embedding cache. */
const VECTOR_SCALAR_INDICES = ['documentId', 'contentHash'];

/**
 * B-tree indices on the columns lookups filter on. Without them, reading a search's chunks by id or a
 * document's rows scans the whole table: at 100,000 chunks that was most of a hybrid search's time
 * (bench/scale.bench.ts). Rows written after the index are found by a scan of the unindexed part
 * until maintenance folds them in.
 */
async function ensureScalarIndices(table: lancedb.Table, columns: readonly string[]): Promise<void> {
  const indexed = new Set((await table.listIndices()).flatMap((i) => i.columns));
  for (const column of columns) {
    if (!indexed.has(column)) await table.createIndex(column, { config: lancedb.Index.btree() });
  }
}

function scopeFilter(scope: SearchScope, hasBlacklist: boolean): string | undefined {
  return sqlAnd(
    hasBlacklist ? 'blacklisted = false' : undefined,
    scope.collection !== undefined ? sqlEquals('collection', scope.collection) : undefined,
    scope.excludeDocumentIds?.length ? sqlNotIn('documentId', scope.excludeDocumentIds) : undefined,
    scope.documentId !== undefined ? sqlEquals('documentId', scope.documentId) : undefined,
  );
}

async function ensureMeta(meta: lancedb.Table, tables: Record<keyof typeof ADDED_COLUMNS, lancedb.Table>): Promise<void> {
  const rows = await rowsOf(meta.query().where(sqlEquals('key', 'schemaVersion')));
  if (rows.length === 0) {
    await meta.add([{ key: 'schemaVersion', value: String(SCHEMA_VERSION) }]);
    return;
  }
  const version = Number(rows[0].value);
  if (version > SCHEMA_VERSION) {
    // A newer Phare wrote this library: refuse rather than corrupt it.
    throw new PhareError('LIBRARY_TOO_NEW', { version, supported: SCHEMA_VERSION });
  }
  if (version < SCHEMA_VERSION) {
    // Columns first, version last: a crash in between leaves a library that simply migrates again.
    for (const [name, columns] of Object.entries(ADDED_COLUMNS)) {
      const table = tables[name];
      const present = new Set((await table.schema()).fields.map((f) => f.name));
      const missing = columns.filter((c) => !present.has(c.name));
      if (missing.length) await table.addColumns(missing);
    }
    await meta.update({ where: sqlEquals('key', 'schemaVersion'), values: { value: String(SCHEMA_VERSION) } });
  }
}

/**
 * One index per full-text column, each with its language's stemmer and stop words. The options were
 * measured on the corpus (DESIGN.md): stemming, stop words and ASCII folding beat the defaults.
 * `language` must be LanceDB's exact name ("French", "English"): anything else aborts the process.
 */
async function ensureFullTextIndices(chunks: lancedb.Table): Promise<void> {
  const indices = await chunks.listIndices();
  for (const { column, language } of Object.values(FTS_COLUMNS)) {
    if (indices.some((i) => i.columns.includes(column))) continue;
    await chunks.createIndex(column, {
      config: lancedb.Index.fts({ language, stem: true, removeStopWords: true, asciiFolding: true, lowercase: true, withPosition: false }),
    });
  }
}
