/** Opens a real core on a fresh data directory and drives it through the contract, as any client does. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestResult, Settings } from '../src-shared/domain';
import type { ContractClient } from '../src-shared/rpc';
import { createCore, Core } from '../src-main/core/core';
import { createInProcessClient } from '../src-main/core/inProcessClient';

export interface BenchCore {
  core: Core;
  client: ContractClient;
  dataDir: string;
}

export async function openBenchCore(name: string, overrides: Partial<Settings> = {}): Promise<BenchCore> {
  const dataDir = mkdtempSync(join(tmpdir(), `phare-bench-${name}-`));
  const core = await createCore({ dataDir, settingsOverrides: overrides });
  return { core, client: createInProcessClient(core), dataDir };
}

/** Starts an ingestion job and resolves with its results when `ingest.done` arrives. */
export async function ingestAndWait(client: ContractClient, paths: string[]): Promise<IngestResult[]> {
  let jobId: string | null = null;
  const early = new Map<string, IngestResult[]>();
  let resolveDone: (results: IngestResult[]) => void = () => {};
  const done = new Promise<IngestResult[]>((resolve) => (resolveDone = resolve));
  const off = client.on('ingest.done', (event) => {
    if (jobId === null) early.set(event.jobId, event.results);
    else if (event.jobId === jobId) resolveDone(event.results);
  });
  try {
    const job = await client.call('library.ingestPaths', { paths });
    jobId = job.jobId;
    const already = early.get(jobId);
    if (already) return already;
    return await done;
  } finally {
    off();
  }
}
