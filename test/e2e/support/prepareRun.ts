/// <reference types="node" />
/**
 * First step of the e2e web server command: keeps only the last few runs' data folders (each run gets
 * a fresh one, so they would pile up), and builds the UI (`npm run build`, i.e. electron-vite) when
 * out/renderer is missing or older than its sources, so the tests never run a stale UI.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/paths';

const KEEP_PREVIOUS_RUNS = 2;

function pruneOldRuns(): void {
  const dir = join(repoRoot, 'test-results');
  if (!existsSync(dir)) return;
  const current = process.env.PHARE_E2E_RUN;
  // Run folder names are ISO timestamps, so sorting by name sorts by age.
  const runs = readdirSync(dir)
    .filter((name) => name.startsWith('e2e-run-') && name !== current)
    .sort();
  for (const name of runs.slice(0, Math.max(0, runs.length - KEEP_PREVIOUS_RUNS))) {
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureRendererBuilt(): void {
  const builtIndex = join(repoRoot, 'out/renderer/index.html');
  const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
  const sourcesAt = Math.max(...['src-renderer', 'src-shared'].map((d) => newestMtime(join(repoRoot, d))));
  if (builtAt >= sourcesAt) {
    console.log('[e2e] out/renderer is up to date');
    return;
  }
  console.log(builtAt ? '[e2e] out/renderer is older than its sources: building' : '[e2e] out/renderer is missing: building');
  execSync('npm run --silent build', { cwd: repoRoot, stdio: 'inherit' });
}

pruneOldRuns();
ensureRendererBuilt();
