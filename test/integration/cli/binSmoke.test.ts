/**
 * Real spawns of `bin/phare.js`, the command exiting on its own: once with the CLI compiled into
 * out/cli (as `npm run build` and `npm install` leave it), once from the TypeScript sources through tsx
 * (PHARE_CLI_FROM_SOURCE=1, and what runs when a source changed after the build).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, buildCompiledCli, cliEntry, runBin } from '../../helpers/compiledCli';
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

it('stops quietly when its reader closes the pipe (`phare --help | head -1`)', async () => {
  const child = spawn(process.execPath, [binPath, '--help'], { env: { ...process.env, LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
  // The reader is gone before the first line is written.
  child.stdout.destroy();
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(err).not.toContain('EPIPE');
  expect(code).toBe(0);
}, 60_000);
