/** Opens a real core on a fresh data directory and drives it through the contract, as any client does. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestResult, Settings } from '../src-shared/domain';
import { runIngestJob } from '../src-shared/ingestJob';
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

export async function ingestAndWait(client: ContractClient, paths: string[]): Promise<IngestResult[]> {
  return (await runIngestJob(client, { method: 'library.ingestPaths', input: { paths } })).results;
}
