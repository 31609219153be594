/**
 * The backups folder: where it is, how backups are named, which of them are automatic and which to
 * remove when more than `keep` automatic ones are kept (backups made by hand are the user's to delete).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { BackupSettings } from '../../../src-shared/domain';
import { BACKUP_SETTINGS_DEFAULTS } from '../../../src-shared/settingsDefaults';
import { BACKUP_FILE_PATTERN } from './backupManifest';
import { BACKUPS_FOLDER } from './libraryParts';

export function backupSettings(settings: { backup?: BackupSettings }): BackupSettings {
  return settings.backup ?? BACKUP_SETTINGS_DEFAULTS;
}

export function backupsFolder(dataDir: string, settings: BackupSettings): string {
  if (settings.folder && isAbsolute(settings.folder)) return settings.folder;
  return join(dataDir, settings.folder ?? BACKUPS_FOLDER);
}

/** `phare-backup-YYYYMMDD-HHMMSS[-auto].tar.gz` in local time (what the user sees in a file manager). */
export function backupFileName(at: Date, scheduled: boolean, taken: ReadonlySet<string> = new Set()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
  const suffix = scheduled ? '-auto' : '';
  let name = `phare-backup-${stamp}${suffix}.tar.gz`;
  for (let n = 2; taken.has(name); n++) name = `phare-backup-${stamp}-${n}${suffix}.tar.gz`;
  return name;
}

export interface BackupFile {
  name: string;
  path: string;
  sizeBytes: number;
  modifiedMs: number;
  scheduled: boolean;
}

/** Backup files of the folder, newest first (by name, which holds the time, then by modification). */
export async function listBackupFiles(folder: string): Promise<BackupFile[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: BackupFile[] = [];
  for (const name of names) {
    const match = BACKUP_FILE_PATTERN.exec(name);
    if (!match) continue;
    const info = await stat(join(folder, name)).catch(() => null);
    if (!info?.isFile()) continue;
    files.push({ name, path: join(folder, name), sizeBytes: info.size, modifiedMs: info.mtimeMs, scheduled: Boolean(match[4]) });
  }
  return files.sort((a, b) => b.name.localeCompare(a.name) || b.modifiedMs - a.modifiedMs);
}

/** Removes the oldest automatic backups past `keep`; returns the names removed. */
export async function pruneScheduledBackups(folder: string, keep: number): Promise<string[]> {
  const scheduled = (await listBackupFiles(folder)).filter((f) => f.scheduled);
  const removed: string[] = [];
  for (const file of scheduled.slice(keep)) {
    await rm(file.path, { force: true });
    removed.push(file.name);
  }
  return removed;
}
