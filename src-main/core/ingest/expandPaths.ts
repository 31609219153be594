/**
 * Turns what the user dropped or named (files and folders) into the list of files to ingest.
 * Folders are walked recursively, in a stable order; inside a folder only supported files are taken
 * and hidden entries (dot-files, `.git`) are skipped, so dropping a project folder does not fill the
 * import list with failures. Paths named explicitly are kept as they are, even when unsupported or
 * missing, so that each gets its own clear error on its line. A walk given a signal stops when it is
 * aborted, by throwing: a list cut short would look like files that are gone.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../../../src-shared/documentFormats';

export async function expandPaths(paths: string[], options: { signal?: AbortSignal } = {}): Promise<string[]> {
  const files: string[] = [];
  const visited = new Set<string>();
  for (const path of paths) {
    options.signal?.throwIfAborted();
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) await walk(path, files, visited, options.signal);
    else files.push(path);
  }
  return files;
}

async function walk(folder: string, files: string[], visited: Set<string>, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  // A symbolic link back to a parent must not make the walk endless.
  const real = await realpath(folder).catch(() => folder);
  if (visited.has(real)) return;
  visited.add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return; // An unreadable subfolder is skipped; the rest of the drop goes on.
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isDirectory());
    if (isDirectory) await walk(path, files, visited, signal);
    else if (SUPPORTED_EXTENSIONS.includes(extname(entry.name).toLowerCase())) files.push(path);
  }
}
