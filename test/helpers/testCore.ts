/** A real core on a fresh temporary data directory, driven through the contract like any client. */
import type { IngestResult, Settings } from '../../src-shared/domain';
import { runIngestJob } from '../../src-shared/ingestJob';
import type { ContractClient } from '../../src-shared/rpc';
import { createCore, Core } from '../../src-main/core/core';
import { createInProcessClient } from '../../src-main/core/inProcessClient';
import { makeTempDir } from './tempDirs';

export interface TestCore {
  core: Core;
  client: ContractClient;
  dataDir: string;
  dispose(): Promise<void>;
}

export async function openTestCore(overrides: Partial<Settings> = {}): Promise<TestCore> {
  const dataDir = makeTempDir('phare-test-');
  const core = await createCore({ dataDir, settingsOverrides: overrides });
  return { core, client: createInProcessClient(core), dataDir, dispose: () => core.dispose() };
}

/** Ingests files and resolves with one result per file when the job is done. */
export async function ingest(client: ContractClient, paths: string[], collection?: string): Promise<IngestResult[]> {
  const done = await runIngestJob(client, { method: 'library.ingestPaths', input: { paths, collection } });
  return done.results;
}
