/**
 * The folder holding Phare's package.json, found from this file's own location so `phare serve` finds
 * out/renderer wherever it is run from (the source tree under tsx, or an installed package).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'phare') return dir;
      } catch {
        // Not ours or unreadable: keep climbing.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the phare package root');
    dir = parent;
  }
}
