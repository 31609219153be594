/**
 * Runs an ingestion job through any contract client and resolves when its `ingest.done` event
 * arrives. The listener is in place before the job starts, so a fast job's end is never missed.
 */
import type { MethodInput } from './contract';
import type { IngestJobDone, IngestProgress } from './domain';
import type { ContractClient } from './rpc';

export type IngestRequest =
  | { method: 'library.ingestPaths'; input: MethodInput<'library.ingestPaths'> }
  | { method: 'library.ingestUploads'; input: MethodInput<'library.ingestUploads'> };

export async function runIngestJob(
  client: ContractClient,
  request: IngestRequest,
  onProgress?: (progress: IngestProgress) => void,
): Promise<IngestJobDone> {
  let jobId: string | null = null;
  const finishedEarly = new Map<string, IngestJobDone>();
  let resolveDone: (done: IngestJobDone) => void = () => {};
  const done = new Promise<IngestJobDone>((resolve) => (resolveDone = resolve));
  const offDone = client.on('ingest.done', (event) => {
    if (jobId === null) finishedEarly.set(event.jobId, event);
    else if (event.jobId === jobId) resolveDone(event);
  });
  const offProgress = onProgress
    ? client.on('ingest.progress', (event) => {
        if (jobId === null || event.jobId === jobId) onProgress(event);
      })
    : () => {};
  try {
    const job =
      request.method === 'library.ingestPaths'
        ? await client.call('library.ingestPaths', request.input)
        : await client.call('library.ingestUploads', request.input);
    jobId = job.jobId;
    return finishedEarly.get(jobId) ?? (await done);
  } finally {
    offDone();
    offProgress();
  }
}
