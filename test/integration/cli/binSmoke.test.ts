/**
 * Real spawns of `bin/phare.js`, the command exiting on its own: once with the CLI compiled into
 * out/cli (as `npm run build` and `npm install` leave it), once from the TypeScript sources through tsx
 * (PHARE_CLI_FROM_SOURCE=1, and what runs when a source changed after the build).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCompiledCli, cliEntry, runBin } from '../../helpers/compiledCli';
import { corpusFile } from '../../helpers/paths';

beforeAll(() => buildCompiledCli());

describe.each([
  { mode: 'compiled' as const, fromSource: false },
  { mode: 'source' as const, fromSource: true },
])('bin/phare.js, $mode', ({ mode, fromSource }) => {
  it('ingests a file and prints JSON on stdout only', async () => {
    const data = mkdtempSync(join(tmpdir(), 'phare-bin-'));
    try {
      const file = corpusFile('qa/xquad_en/docs/xquad_en_d002_Normans.txt');
      const run = await runBin(['ingest', file, '--json', '--data', data], { fromSource });
      expect(run.code, run.err).toBe(0);
      expect(cliEntry(run.modules)).toBe(mode);
      const results = JSON.parse(run.out) as Array<{ status: string; chunks: number }>;
      expect(results).toHaveLength(1);
      expect(results[0].status).toBe('ready');
      expect(results[0].chunks).toBeGreaterThan(0);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 90_000);
});
