/**
 * `library.reingest`: the pipeline again on a document's kept original (so it works after the user
 * moved or deleted the file), with other OCR or chunk settings. It runs as a one-file job, so it is
 * persistent and reports progress like any ingestion; the document stays searchable with its old
 * content until the new content is swapped in (LibraryStore.replaceDocumentContent).
 */
import { join } from 'node:path';
import type { IngestJob } from '../../../src-shared/domain';
import type { ReingestOptions } from '../jobs/jobJournal';
import type { IngestService } from './ingestService';
import type { LibraryService } from './libraryService';

export async function startReingest(
  deps: { library: LibraryService; ingest: IngestService; dataDir: string },
  options: ReingestOptions,
): Promise<IngestJob> {
  const doc = await deps.library.get(options.documentId);
  const path = join(deps.dataDir, ...doc.storedPath.split('/'));
  const job = deps.ingest.startReingestJob(options, { path, displayName: doc.sourcePath, collection: doc.collection });
  await deps.ingest.recorded(job.jobId); // on disk before the caller hears of it
  return job;
}
