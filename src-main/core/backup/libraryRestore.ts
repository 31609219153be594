/**
 * Restoring a backup: the archive is checked and unpacked into a temporary folder beside the target,
 * its tables are opened and counted against the manifest, and only then is it put in place by renames.
 * Any failure before that leaves the target exactly as it was (the temporary folder is removed).
 *
 * Into an empty or missing folder the whole temporary folder is renamed. Into a library (`--force`,
 * or the app restoring over its own library) the library's parts are swapped one by one (libraryParts.ts):
 * what belongs to the machine (secrets, API token, accounts, logs, models, backups) stays. The app
 * cannot swap the files of the library it has open, so it stages the restore in the data folder and
 * the swap happens at its next start, before anything is opened (applyPendingChange).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { PhareError } from '../../../src-shared/errors';
import { ensurePrivateDir } from '../fs/privateFiles';
import { SCHEMA_VERSION } from '../store/schema';
import { readArchive } from './backupArchive';
import { BACKUP_FORMAT, type BackupManifest } from './backupManifest';
import { DATABASE_FOLDER, LIBRARY_PARTS, PENDING_CHANGE_FOLDER, RESET_PARTS } from './libraryParts';
import { tableNames } from './lanceVersions';

/** Marks a staged change as complete; its content says what to do with it. */
const READY_MARKER = '.ready.json';

interface PendingChange {
  kind: 'restore' | 'reset';
  /** The backup's name, for the log. */
  from?: string;
  /** Parts staged to be put in place, and library parts to remove. */
  place: string[];
  remove: string[];
}

/** Checks and unpacks `archive` into `folder` (created; removed again on failure). */
export async function unpackBackup(archive: string, folder: string, onBytes?: (bytes: number, total: number) => void): Promise<BackupManifest> {
  await ensurePrivateDir(folder);
  try {
    const manifest = await readArchive(archive, { extractTo: folder, onBytes });
    if (manifest.format > BACKUP_FORMAT || manifest.schemaVersion > SCHEMA_VERSION) {
      throw new PhareError('LIBRARY_TOO_NEW', { version: manifest.schemaVersion, supported: SCHEMA_VERSION });
    }
    await checkTables(join(folder, DATABASE_FOLDER), manifest, basename(archive));
    return manifest;
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/** Opens every unpacked table: it must open, and hold the rows the manifest counted. */
async function checkTables(dbDir: string, manifest: BackupManifest, file: string): Promise<void> {
  const present = new Set(await tableNames(dbDir));
  const db = await lancedb.connect(dbDir);
  try {
    for (const { name, rows } of manifest.tables) {
      if (!present.has(name)) throw new PhareError('BACKUP_INVALID', { file, detail: `the table ${name} is missing` });
      const table = await db.openTable(name);
      try {
        const count = await table.countRows();
        if (count !== rows) throw new PhareError('BACKUP_INVALID', { file, detail: `the table ${name} holds ${count} rows, not ${rows}` });
      } finally {
        table.close();
      }
    }
  } catch (error) {
    if (error instanceof PhareError) throw error;
    throw new PhareError('BACKUP_INVALID', { file, detail: error instanceof Error ? error.message : String(error) });
  } finally {
    db.close();
  }
}

function isEmptyFolder(path: string): boolean {
  return !existsSync(path) || readdirSync(path).length === 0;
}

/**
 * `phare backup restore F --data D`: D missing or empty, or any library with `force` (its library parts
 * are replaced, the rest of the folder stays). RESTORE_TARGET_NOT_EMPTY before anything is written.
 */
export async function restoreBackup(archive: string, target: string, options: { force?: boolean; onBytes?: (bytes: number, total: number) => void } = {}): Promise<BackupManifest> {
  const empty = isEmptyFolder(target);
  if (!empty && !options.force) throw new PhareError('RESTORE_TARGET_NOT_EMPTY', { dir: target });
  // Beside the target: same file system, so the final step is a rename.
  const temporary = join(dirname(target), `.${basename(target)}.restore-${randomUUID().slice(0, 8)}`);
  const manifest = await unpackBackup(archive, temporary, options.onBytes);
  try {
    if (empty) {
      if (existsSync(target)) await rmdir(target);
      await rename(temporary, target);
    } else {
      const { place, remove } = partsOf(temporary);
      await swapParts(temporary, target, place, remove);
    }
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  return manifest;
}

/**
 * Puts the parts `place` of `source` into `target` and removes the parts `remove` of `target`. Old
 * parts are moved aside first and deleted at the end. Run again after a crash it finishes the job
 * (a part already placed is no longer in `source`; one already removed is no longer in `target`);
 * a failed rename puts back what was moved, so the target is as before.
 */
async function swapParts(source: string, target: string, place: readonly string[], remove: readonly string[] = []): Promise<void> {
  const aside = join(target, `.replaced-${randomUUID().slice(0, 8)}`);
  await ensurePrivateDir(aside);
  const moved: string[] = [];
  const placed: string[] = [];
  try {
    for (const part of [...place.filter((p) => existsSync(join(source, p))), ...remove]) {
      if (existsSync(join(target, part))) {
        await rename(join(target, part), join(aside, part));
        moved.push(part);
      }
    }
    for (const part of place) {
      if (existsSync(join(source, part))) {
        await rename(join(source, part), join(target, part));
        placed.push(part);
      }
    }
  } catch (error) {
    for (const part of placed) await rename(join(target, part), join(source, part)).catch(() => undefined);
    for (const part of moved) await rename(join(aside, part), join(target, part)).catch(() => undefined);
    await rm(aside, { recursive: true, force: true });
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}

/** The parts a backup unpacked into `folder` holds, and the library parts it does not (removed by a restore). */
function partsOf(folder: string): { place: string[]; remove: string[] } {
  const place = LIBRARY_PARTS.filter((part) => existsSync(join(folder, part)));
  return { place, remove: LIBRARY_PARTS.filter((part) => !place.includes(part)) };
}

/** Stages a restore of the open library; it is applied at the next start (the app must restart). */
export async function stageRestore(archive: string, dataDir: string, onBytes?: (bytes: number, total: number) => void): Promise<BackupManifest> {
  const folder = join(dataDir, PENDING_CHANGE_FOLDER);
  await rm(folder, { recursive: true, force: true });
  const manifest = await unpackBackup(archive, folder, onBytes);
  await writeFile(join(folder, READY_MARKER), JSON.stringify({ kind: 'restore', from: basename(archive), ...partsOf(folder) } satisfies PendingChange), { mode: 0o600 });
  return manifest;
}

/** Stages a reset of the open library (emptied at the next start). */
export async function stageReset(dataDir: string): Promise<void> {
  const folder = join(dataDir, PENDING_CHANGE_FOLDER);
  await rm(folder, { recursive: true, force: true });
  await ensurePrivateDir(folder);
  await writeFile(join(folder, READY_MARKER), JSON.stringify({ kind: 'reset', place: [], remove: [...RESET_PARTS] } satisfies PendingChange), { mode: 0o600 });
}

/** What is staged for the next start, if anything. */
export async function pendingChange(dataDir: string): Promise<PendingChange | null> {
  const folder = join(dataDir, PENDING_CHANGE_FOLDER);
  try {
    return JSON.parse(await readFile(join(folder, READY_MARKER), 'utf8')) as PendingChange;
  } catch {
    return null;
  }
}

/**
 * At start, before the library is opened: applies a staged restore or reset, and removes an
 * incomplete one (a crash while staging) and the leftovers of interrupted swaps.
 */
export async function applyPendingChange(dataDir: string): Promise<PendingChange | null> {
  const folder = join(dataDir, PENDING_CHANGE_FOLDER);
  if (!existsSync(folder)) return null;
  const change = await pendingChange(dataDir);
  if (change) {
    // The marker goes last: a crash in the middle finishes the swap at the next start.
    await swapParts(folder, dataDir, change.place, change.remove);
    console.warn(change.kind === 'reset' ? '[backup] the library was reset' : `[backup] the library was restored from ${change.from ?? 'a backup'}`);
  }
  await rm(folder, { recursive: true, force: true });
  for (const name of await readdir(dataDir)) if (name.startsWith('.replaced-')) await rm(join(dataDir, name), { recursive: true, force: true });
  return change;
}
