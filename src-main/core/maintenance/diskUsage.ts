/**
 * What the library takes on disk, by part: kept originals, tables, their indices (full-text, vector
 * and scalar indices live in each table's `_indices` folder), models, backups, logs, and the rest.
 * A walk of the folders: at 100,000 chunks a few thousand files, well under a second.
 */
import { readdir, lstat } from 'node:fs/promises';
import { statfs } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import type { DiskPart, DiskUsage } from '../../../src-shared/administration';
import { ORIGINALS_FOLDER } from '../ingest/originals';
import { LOGS_FOLDER } from '../logging/logFiles';
import { DATABASE_FOLDER } from '../backup/libraryParts';

interface Tally {
  bytes: number;
  files: number;
}

async function walk(dir: string, visit: (path: string, size: number) => void, skip: (path: string) => boolean = () => false): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (skip(path)) continue;
    if (entry.isDirectory()) await walk(path, visit, skip);
    else if (entry.isFile()) {
      const info = await lstat(path).catch(() => null);
      if (info) visit(path, info.size);
    }
  }
}

function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export async function diskUsage(dirs: { dataDir: string; modelsDir: string; backupsDir: string }): Promise<DiskUsage> {
  const tally = new Map<DiskPart, Tally>((['originals', 'tables', 'indices', 'models', 'backups', 'logs', 'other'] as DiskPart[]).map((p) => [p, { bytes: 0, files: 0 }]));
  const add = (part: DiskPart) => (_path: string, size: number) => {
    const t = tally.get(part)!;
    t.bytes += size;
    t.files += 1;
  };
  const db = join(dirs.dataDir, DATABASE_FOLDER);
  await walk(db, (path, size) => add(path.split(/[\\/]/).includes('_indices') ? 'indices' : 'tables')(path, size));
  await walk(join(dirs.dataDir, ORIGINALS_FOLDER), add('originals'));
  await walk(join(dirs.dataDir, LOGS_FOLDER), add('logs'));
  await walk(dirs.modelsDir, add('models'));
  await walk(dirs.backupsDir, add('backups'));
  const counted = [db, join(dirs.dataDir, ORIGINALS_FOLDER), join(dirs.dataDir, LOGS_FOLDER), dirs.modelsDir, dirs.backupsDir];
  await walk(dirs.dataDir, add('other'), (path) => counted.some((c) => inside(c, path)));
  let freeBytes: number | null = null;
  try {
    const fs = await statfs(dirs.dataDir);
    freeBytes = fs.bavail * fs.bsize;
  } catch {
    // Not every file system answers; the parts are what matter.
  }
  const parts = [...tally].map(([part, t]) => ({ part, ...t }));
  return { parts, totalBytes: parts.reduce((sum, p) => sum + p.bytes, 0), freeBytes };
}
