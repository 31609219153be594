/// <reference types="node" />
/**
 * Builds the UI (`npm run build`, i.e. electron-vite) when out/renderer is missing or older than the
 * sources it is built from, so `npm run test:e2e` never tests a stale UI and never rebuilds for nothing.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/paths';

const builtIndex = join(repoRoot, 'out/renderer/index.html');
const sources = ['src-renderer', 'src-shared'].map((d) => join(repoRoot, d));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newestMtime));
if (builtAt < sourcesAt) {
  console.log(builtAt ? '[e2e] out/renderer is older than its sources: building' : '[e2e] out/renderer is missing: building');
  execSync('npm run --silent build', { cwd: repoRoot, stdio: 'inherit' });
} else {
  console.log('[e2e] out/renderer is up to date');
}
