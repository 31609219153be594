/**
 * `library.reingest`: the pipeline again on a document's kept original (so it works after the user
 * moved or deleted the file; a Failed row that kept nothing is read from its source path), with other
 * OCR or chunk settings. It runs as a one-file job, so it is persistent and reports progress like any
 * ingestion; the document stays searchable with its old content until the new content is swapped in
 * (LibraryStore.replaceDocumentContent).
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { DocumentRecord, IngestJob } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import type { ReingestOptions } from '../jobs/jobJournal';
import type { IngestService } from './ingestService';
import type { LibraryService } from './libraryService';

export async function startReingest(
  deps: { library: LibraryService; ingest: IngestService; dataDir: string },
  options: ReingestOptions,
): Promise<IngestJob> {
  const doc = await deps.library.get(options.documentId);
  const path = doc.storedPath ? join(deps.dataDir, ...doc.storedPath.split('/')) : await sourceFile(doc);
  const job = deps.ingest.startReingestJob(options, { path, displayName: doc.sourcePath, collection: doc.collection });
  await deps.ingest.recorded(job.jobId); // on disk before the caller hears of it
  return job;
}

/**
 * A file that failed before anything of it was kept (failedRows.ts) is read again where it was found,
 * when that place is a file still there (an upload's name is not a place).
 */
async function sourceFile(doc: DocumentRecord): Promise<string> {
  const found = isAbsolute(doc.sourcePath) ? await stat(doc.sourcePath).catch(() => null) : null;
  if (!found?.isFile()) throw new PhareError('ORIGINAL_MISSING', { title: doc.title });
  return doc.sourcePath;
}
