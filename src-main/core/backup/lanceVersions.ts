/**
 * A LanceDB table's versions as its folder shows them, without opening it: each committed version is
 * one manifest file in `_versions/`, written whole under its final name (named `N.manifest`, or
 * `(2^64 - 1 - N).manifest` in the newer naming, which lists the latest first). Data, deletion, index
 * and transaction files are written once and never changed, so a version's files can be hard-linked
 * while the app goes on writing; only the version hint is rewritten in place.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const MAX_U64 = (1n << 64n) - 1n;
const MANIFEST = /^(\d+)\.manifest$/;

/** The version a manifest file holds, or null for any other file of `_versions/`. */
export function manifestVersion(fileName: string): number | null {
  const match = MANIFEST.exec(fileName);
  if (!match) return null;
  const n = BigInt(match[1]);
  return Number(n > 1n << 63n ? MAX_U64 - n : n);
}

/** The latest committed version of the table in `tableDir` (null: none yet, or no such table). */
export async function latestVersion(tableDir: string): Promise<number | null> {
  let names: string[];
  try {
    names = await readdir(join(tableDir, '_versions'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let latest: number | null = null;
  for (const name of names) {
    const version = manifestVersion(name);
    if (version !== null && (latest === null || version > latest)) latest = version;
  }
  return latest;
}

/** The tables of a LanceDB database folder (`<name>.lance` folders). */
export async function tableNames(dbDir: string): Promise<string[]> {
  try {
    const entries = await readdir(dbDir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && e.name.endsWith('.lance')).map((e) => e.name.slice(0, -'.lance'.length)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Whether a file of a table folder is written once and never changed (safe to hard-link). */
export function isImmutableTableFile(relativePath: string): boolean {
  const [top, name] = [relativePath.split('/')[0], relativePath.split('/').pop() ?? ''];
  if (top === '_versions') return manifestVersion(name) !== null;
  return top === 'data' || top === '_indices' || top === '_deletions' || top === '_transactions';
}
