/**
 * Takes a consistent copy of a running library into a staging folder, without pausing the app.
 *
 * How the consistent point is taken (LanceDB versions, no write pause): the latest version of every
 * table is read from its folder twice in a row; when both readings agree, no commit landed in between,
 * so at that instant each table was at the version read: that set of versions is one point in time of
 * the whole database, taken across processes too (the CLI and the app writing the same library).
 * The tables' files are then hard-linked (they are never changed once written) and every version
 * newer than the one kept is dropped from the copy. In staging, LanceDB itself then removes whatever
 * that version does not use (older versions, files of later commits, removed rows' old files).
 *
 * What a backup holds is thus exactly what a crash at that instant would have left on disk, and the
 * app's start-up recovery applies to it as to a crash: a document being written is not 'ready' in any
 * table version before its last commit, so it comes back as interrupted (re-queued or failed), never
 * half visible. The settings and registries (small JSON files) are copied right after the point.
 */
import { readFile, rm, unlink, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { PhareError } from '../../../src-shared/errors';
import { ensurePrivateDir, writePrivateFile } from '../fs/privateFiles';
import { JOBS_FOLDER } from '../jobs/jobJournal';
import { ORIGINALS_FOLDER } from '../ingest/originals';
import { TABLES } from '../store/schema';
import { arrowRows } from '../store/arrowRows';
import { isImmutableTableFile, latestVersion, manifestVersion, tableNames } from './lanceVersions';
import { linkTree } from './linkTree';
import { DATABASE_FOLDER, LIBRARY_FILES, SETTINGS_FILE } from './libraryParts';

/** Attempts at a quiet instant before giving up (each costs a few directory listings). */
const MAX_ATTEMPTS = 200;
const RETRY_DELAY_MS = 25;

export const CONSISTENCY_NOTE =
  'LanceDB versions: every table at the version it had at one instant (read twice, equal), files hard-linked, later versions dropped';

export interface SnapshotResult {
  tables: Array<{ name: string; rows: number }>;
  documents: number;
  chunks: number;
}

async function versionsOf(dbDir: string): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  for (const name of await tableNames(dbDir)) {
    const version = await latestVersion(join(dbDir, `${name}.lance`));
    // A table being created has no version yet: it joins the next backup.
    if (version !== null) versions.set(name, version);
  }
  return versions;
}

function sameVersions(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([name, version]) => b.get(name) === version);
}

/** Copies the library of `dataDir` into `staging` (which must not exist) at one consistent point. */
export async function snapshotLibrary(dataDir: string, staging: string): Promise<SnapshotResult> {
  const dbDir = join(dataDir, DATABASE_FOLDER);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const first = await versionsOf(dbDir);
    const second = await versionsOf(dbDir);
    if (!sameVersions(first, second)) {
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * (1 + Math.random())));
      continue;
    }
    await rm(staging, { recursive: true, force: true });
    await ensurePrivateDir(staging);
    if (await copyAtPoint(dataDir, staging, second)) return cleanStagedTables(join(staging, DATABASE_FOLDER), second);
  }
  throw new PhareError('BACKUP_FAILED', { detail: 'the library never stopped changing long enough to take a consistent copy; try again' });
}

/** Links every table at its version, then the originals and the small files. False: a version vanished, try again. */
async function copyAtPoint(dataDir: string, staging: string, versions: Map<string, number>): Promise<boolean> {
  const dbDir = join(dataDir, DATABASE_FOLDER);
  const stagedDb = join(staging, DATABASE_FOLDER);
  await ensurePrivateDir(stagedDb);
  for (const [name, version] of versions) {
    const target = join(stagedDb, `${name}.lance`);
    await linkTree(join(dbDir, `${name}.lance`), target, { immutable: isImmutableTableFile, skip: (p) => p.startsWith('_refs/') });
    // The copy keeps the version of the point: later manifests go, and the hint LanceDB rewrites in place.
    const versionsDir = join(target, '_versions');
    let kept = false;
    for (const file of await readdir(versionsDir).catch(() => [] as string[])) {
      const v = manifestVersion(file);
      if (v === version) kept = true;
      if (v === null || v > version) await unlink(join(versionsDir, file));
    }
    // Cleaned up by the app between the point and the link (it was already an old version): again.
    if (!kept) return false;
  }
  // A cleanup that began during the walk may have removed files of a kept version before they were
  // linked, and its manifest only after: the manifests must all still be there once every table is
  // linked (versions are kept 30 s, store/maintenance.ts, so this is rare; the next attempt is fresh).
  for (const [name, version] of versions) {
    const names = await readdir(join(dbDir, `${name}.lance`, '_versions')).catch(() => [] as string[]);
    if (!names.some((file) => manifestVersion(file) === version)) return false;
  }
  // Originals are content-addressed and written before their document's commit: all those the point needs are there.
  await linkTree(join(dataDir, ORIGINALS_FOLDER), join(staging, ORIGINALS_FOLDER), { immutable: () => true, skip: (p) => p.endsWith('.tmp') });
  await linkTree(join(dataDir, JOBS_FOLDER), join(staging, JOBS_FOLDER), { immutable: () => false, skip: (p) => p.endsWith('.tmp') });
  for (const file of LIBRARY_FILES) {
    const from = join(dataDir, file);
    if (existsSync(from)) await writePrivateFile(join(staging, file), await readFile(from));
  }
  const settings = join(dataDir, SETTINGS_FILE);
  if (existsSync(settings)) await writePrivateFile(join(staging, SETTINGS_FILE), withoutSecrets(await readFile(settings, 'utf8')));
  return true;
}

/** Settings as saved, with any secret that an older version left in them blanked (secrets/). */
export function withoutSecrets(json: string): string {
  try {
    const parsed = JSON.parse(json) as { remoteChat?: { apiKey?: unknown } };
    if (parsed.remoteChat && parsed.remoteChat.apiKey !== undefined) parsed.remoteChat.apiKey = null;
    return JSON.stringify(parsed, null, 2);
  } catch {
    // Damaged settings are not worth keeping: the restored library starts with defaults, as the app would.
    return '{}';
  }
}

/**
 * In staging, with nobody else writing there: LanceDB removes every version but the kept one and the
 * files only they used (compacting small files on the way), and original files no document names go.
 */
async function cleanStagedTables(stagedDb: string, versions: Map<string, number>): Promise<SnapshotResult> {
  const db = await lancedb.connect(stagedDb);
  const tables: SnapshotResult['tables'] = [];
  let documents = 0;
  let chunks = 0;
  const storedPaths = new Set<string>();
  try {
    for (const name of versions.keys()) {
      const table = await db.openTable(name);
      try {
        await table.optimize({ cleanupOlderThan: new Date(Date.now() + 60_000), deleteUnverified: true });
        const rows = await table.countRows();
        tables.push({ name, rows });
        if (name === TABLES.chunks) chunks = rows;
        if (name === TABLES.documents) {
          for (const row of arrowRows(await table.query().select(['status', 'storedPath']).toArrow())) {
            if (String(row.status) === 'ready') documents++;
            if (row.storedPath) storedPaths.add(String(row.storedPath));
          }
        }
      } finally {
        table.close();
      }
    }
  } finally {
    db.close();
  }
  await pruneOriginals(join(stagedDb, '..'), storedPaths);
  return { tables, documents, chunks };
}

/** Removes staged originals that no document of the kept version names (removed documents' files). */
async function pruneOriginals(staging: string, storedPaths: Set<string>): Promise<void> {
  const root = join(staging, ORIGINALS_FOLDER);
  for (const shard of await readdir(root).catch(() => [] as string[])) {
    for (const file of await readdir(join(root, shard)).catch(() => [] as string[])) {
      if (!storedPaths.has(`${ORIGINALS_FOLDER}/${shard}/${file}`)) await unlink(join(root, shard, file));
    }
  }
}
