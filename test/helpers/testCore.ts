/** A real core on a fresh temporary data directory, driven through the contract like any client. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestResult, Settings } from '../../src-shared/domain';
import type { ContractClient } from '../../src-shared/rpc';
import { createCore, Core } from '../../src-main/core/core';
import { createInProcessClient } from '../../src-main/core/inProcessClient';

export interface TestCore {
  core: Core;
  client: ContractClient;
  dataDir: string;
  dispose(): Promise<void>;
}

export async function openTestCore(overrides: Partial<Settings> = {}): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-test-'));
  const core = await createCore({ dataDir, settingsOverrides: overrides });
  return { core, client: createInProcessClient(core), dataDir, dispose: () => core.dispose() };
}

/** Starts an ingestion job and resolves with its results when its `ingest.done` event arrives. */
export async function ingest(client: ContractClient, paths: string[], collection?: string): Promise<IngestResult[]> {
  const finished = new Map<string, IngestResult[]>();
  const waiters = new Map<string, (results: IngestResult[]) => void>();
  const off = client.on('ingest.done', (event) => {
    const waiter = waiters.get(event.jobId);
    if (waiter) waiter(event.results);
    else finished.set(event.jobId, event.results);
  });
  try {
    const { jobId } = await client.call('library.ingestPaths', { paths, collection });
    const early = finished.get(jobId);
    if (early) return early;
    return await new Promise<IngestResult[]>((resolve) => waiters.set(jobId, resolve));
  } finally {
    off();
  }
}
