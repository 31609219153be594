/**
 * Folders too broad to watch without a confirmation: a disk root, the home folder itself, and Phare's
 * own data folder (or a folder inside it, or one that holds it). Watching `/` planned a job of 33,116
 * files within seconds (issue 11); watching the data folder would ingest the library's own copies.
 * Subfolders of the home folder are ordinary choices (Documents, say) unless they hold the data folder.
 */
import { homedir } from 'node:os';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

export type BroadReason = 'root' | 'home' | 'data';

/** Why `folder` needs a confirmation, or null. Paths are compared resolved (no `..`, no trailing slash). */
export function tooBroadToWatch(folder: string, dataDir: string, home: string = homedir()): BroadReason | null {
  const path = resolve(folder);
  if (dirname(path) === path) return 'root';
  if (home && same(path, resolve(home))) return 'home';
  const data = resolve(dataDir);
  if (same(path, data) || contains(path, data) || contains(data, path)) return 'data';
  return null;
}

function same(a: string, b: string): boolean {
  return relative(a, b) === '';
}

/** Whether `inner` lies below `outer`. */
function contains(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
