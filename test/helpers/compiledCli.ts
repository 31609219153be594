/**
 * Running `bin/phare.js` as a user would, and knowing what it loaded: the CLI compiled into out/cli
 * (built here, as `npm run build` does) or its sources through tsx (PHARE_CLI_FROM_SOURCE=1).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths';

export const binPath = join(repoRoot, 'bin/phare.js');
const traceHook = join(repoRoot, 'test/helpers/moduleTrace/register.mjs');

/** Builds out/cli from the current sources (moved in so that a CLI starting or running meanwhile is unaffected). */
export function buildCompiledCli(): void {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts/build-cli.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`scripts/build-cli.mjs failed: ${result.stderr}`);
}

export interface BinRun {
  code: number | null;
  out: string;
  err: string;
  /** The URLs of the modules the process loaded: through the ESM loader in order, then those of require()'s cache. */
  modules: string[];
}

/**
 * Spawns `node bin/phare.js <args>` with the module trace on, and waits for it to exit. `fromSource`:
 * true runs the sources, false the build (even when a source of the tree changed since: others may be
 * editing it meanwhile), undefined lets bin/phare.js choose as it does for users.
 */
export async function runBin(args: string[], options: { fromSource?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<BinRun> {
  const traceDir = mkdtempSync(join(tmpdir(), 'phare-trace-'));
  const trace = join(traceDir, 'modules.txt');
  try {
    const child = spawn(process.execPath, ['--import', traceHook, binPath, ...args], {
      cwd: tmpdir(),
      env: {
        ...process.env,
        LANG: 'C',
        PHARE_MODULE_TRACE: trace,
        PHARE_CLI_FROM_SOURCE: options.fromSource === undefined ? '' : options.fromSource ? '1' : '0',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    let modules: string[] = [];
    try {
      modules = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
    } catch {
      // Nothing loaded through the hook (the process failed before).
    }
    return { code, out, err, modules };
  } finally {
    rmSync(traceDir, { recursive: true, force: true });
  }
}

/** Whether a package of node_modules was loaded (by its entry, from our code). */
export function loadedPackage(modules: string[], name: string): boolean {
  return modules.some((url) => url.includes(`/node_modules/${name}/`));
}

/** Which CLI ran: the compiled one of out/cli, or the sources. */
export function cliEntry(modules: string[]): 'compiled' | 'source' | 'none' {
  if (modules.some((url) => /\/out\/cli\/phare-\w+\.cjs$/.test(url))) return 'compiled';
  if (modules.some((url) => url.endsWith('/src-main/cli/main.ts'))) return 'source';
  return 'none';
}
