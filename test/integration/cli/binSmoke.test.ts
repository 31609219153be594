/** One real spawn of `bin/phare.js`: the command runs from source through tsx and exits on its own. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { corpusFile, repoRoot } from '../../helpers/paths';

it('bin/phare.js ingests a file and prints JSON on stdout only', async () => {
  const data = mkdtempSync(join(tmpdir(), 'phare-bin-'));
  try {
    const file = corpusFile('qa/xquad_en/docs/xquad_en_d002_Normans.txt');
    const child = spawn(process.execPath, [join(repoRoot, 'bin/phare.js'), 'ingest', file, '--json', '--data', data], {
      cwd: tmpdir(),
      env: { ...process.env, LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, err).toBe(0);
    const results = JSON.parse(out) as Array<{ status: string; chunks: number }>;
    expect(results).toHaveLength(1);
    expect(results[0].status).toBe('ready');
    expect(results[0].chunks).toBeGreaterThan(0);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}, 90_000);
