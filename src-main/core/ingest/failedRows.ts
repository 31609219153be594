/**
 * One rule for files that fail (issue 12): every failed file is one Failed row in the library, with its
 * reason, counted like any document and listed under the Failed filter; a later attempt at the same
 * path (same collection) replaces it, whatever that attempt's outcome. A path with no file behind it
 * (FILE_NOT_FOUND) is not a file of the library and gets no row; a cancelled file leaves nothing. Before, a file refused before its
 * content was read (empty, missing, too large, mislabelled) left no row while one that failed while
 * being read did, so of three failed uploads one showed in the library and two did not.
 *
 * Files that fail before a document is made for them fail fast and can come by the thousand (a folder
 * of 10,000 empty files): their rows are written in batches, one commit each, not one commit per file
 * (2,000 single-row writes took 24 s and left 2,000 small files that every list then scanned). The
 * rows a job made are all written before it reports its end.
 */
import { randomUUID } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { DocumentRecord, IngestResult } from '../../../src-shared/domain';
import type { LibraryStore, PathOutcome } from '../store/libraryStore';

/** Rows per commit; also how many wait before a write starts without waiting for the delay. */
const ROWS_PER_COMMIT = 64;
/** A lone failure is written this soon, so it shows while the rest of a long job runs. */
const WRITE_DELAY_MS = 300;

type FailedError = NonNullable<IngestResult['error']>;

export interface FailedRows {
  /** A file failed before a document was made for it: its Failed row is written soon; returns its id. */
  add(file: { displayName: string; collection: string }, error: FailedError): string;
  /** A document now stands for this path (ready, failed while read, or already there): other Failed rows at it go. */
  settle(outcome: PathOutcome): void;
  /** Resolves once everything added or settled so far is written. */
  flush(): Promise<void>;
}

export function createFailedRows(store: Pick<LibraryStore, 'putFailedRows'>, onWritten: (documentIds: string[]) => void): FailedRows {
  let rows: DocumentRecord[] = [];
  let settled: PathOutcome[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  function write(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = rows;
    const paths = settled;
    rows = [];
    settled = [];
    if (batch.length === 0 && paths.length === 0) return writing;
    writing = writing.then(async () => {
      for (let i = 0; i < Math.max(batch.length, paths.length); i += ROWS_PER_COMMIT) {
        await store.putFailedRows(batch.slice(i, i + ROWS_PER_COMMIT), paths.slice(i, i + ROWS_PER_COMMIT)).catch((error: unknown) => {
          // The files' results still say why they failed; only their rows are missing.
          console.warn('[ingest] could not record failed files:', error instanceof Error ? error.message : error);
        });
      }
      onWritten([...batch.map((d) => d.id), ...paths.map((p) => p.documentId)]);
    });
    return writing;
  }

  function schedule(): void {
    if (rows.length + settled.length >= ROWS_PER_COMMIT) void write();
    else timer ??= setTimeout(() => void write(), WRITE_DELAY_MS);
  }

  return {
    add(file, error) {
      const now = new Date().toISOString();
      const name = basename(file.displayName);
      // A second failure at the same path in the same batch replaces the first.
      rows = rows.filter((r) => !(r.collection === file.collection && r.sourcePath === file.displayName));
      const row = failedRow({ id: randomUUID(), title: basename(name, extname(name)) || name, sourcePath: file.displayName, collection: file.collection, error, now });
      rows.push(row);
      schedule();
      return row.id;
    },
    settle(outcome) {
      rows = rows.filter((r) => !(r.collection === outcome.collection && r.sourcePath === outcome.sourcePath));
      settled.push(outcome);
      schedule();
    },
    flush: write,
  };
}

function failedRow(f: { id: string; title: string; sourcePath: string; collection: string; error: FailedError; now: string }): DocumentRecord {
  return {
    id: f.id,
    collection: f.collection,
    title: f.title,
    sourcePath: f.sourcePath,
    // Nothing of the file was kept: there is no original to open or to read again.
    storedPath: '',
    sha256: '',
    mime: 'application/octet-stream',
    sizeBytes: 0,
    pages: 0,
    chunks: 0,
    status: 'failed',
    error: f.error,
    ocrPages: 0,
    ocrMeanConfidence: null,
    lowConfidencePages: [],
    ocrMode: 'auto',
    validation: null,
    language: 'und',
    createdAt: f.now,
    updatedAt: f.now,
    chunkerSettings: '',
    embedder: '',
  };
}
