/**
 * Backups of a running library: made by hand (`backup.create`, `phare backup create`) or every day on
 * the schedule, listed, checked and restored. One backup at a time per process (BACKUP_RUNNING).
 * Progress goes out as `backup.progress` events. See librarySnapshot.ts for how a backup stays
 * consistent while the app writes, backupArchive.ts for the file, libraryRestore.ts for restores.
 */
import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupInfo, BackupProgress, BackupVerifyResult, PendingChangeResult } from '../../../src-shared/administration';
import type { Settings } from '../../../src-shared/domain';
import { PhareError, toErrorValue } from '../../../src-shared/errors';
import { appVersion } from '../appVersion';
import type { EventBus } from '../eventBus';
import { ensurePrivateDir } from '../fs/privateFiles';
import { SCHEMA_VERSION } from '../store/schema';
import { describeEntries, readArchive, writeArchive } from './backupArchive';
import { backupFileName, backupSettings, backupsFolder, listBackupFiles, pruneScheduledBackups } from './backupFiles';
import { BACKUP_FORMAT, MANIFEST_ENTRY, type BackupManifest } from './backupManifest';
import { BACKUP_STAGING_PREFIX } from './libraryParts';
import { stageRestore } from './libraryRestore';
import { CONSISTENCY_NOTE, snapshotLibrary } from './librarySnapshot';
import { writePrivateFile } from '../fs/privateFiles';

export interface BackupService {
  create(options?: { trigger?: 'manual' | 'scheduled' }): Promise<BackupInfo>;
  list(): Promise<BackupInfo[]>;
  verify(name: string): Promise<BackupVerifyResult>;
  /** Checks and stages a backup to replace the open library at the next start. */
  restore(name: string): Promise<PendingChangeResult>;
  /** The folder backups go to (settings.backup.folder or `<data>/backups`). */
  folder(): string;
  /** Whether a backup is being made now. */
  running(): boolean;
  /** Resolves when no backup is being made (shutdown waits for it). */
  idle(): Promise<void>;
}

export function createBackupService(deps: {
  dataDir: string;
  getSettings: () => Settings;
  events: EventBus;
  clock?: () => number;
}): BackupService {
  const clock = deps.clock ?? Date.now;
  let current: Promise<BackupInfo> | null = null;
  const folder = () => backupsFolder(deps.dataDir, backupSettings(deps.getSettings()));
  const lang = () => deps.getSettings().language;
  const progress = (event: BackupProgress) => deps.events.emit('backup.progress', event);

  /** Throws BACKUP_NOT_FOUND for a name that is not a backup of the folder. */
  async function fileOf(name: string): Promise<string> {
    const file = (await listBackupFiles(folder())).find((f) => f.name === name);
    if (!file) throw new PhareError('BACKUP_NOT_FOUND', { file: name });
    return file.path;
  }

  async function make(trigger: 'manual' | 'scheduled'): Promise<BackupInfo> {
    const target = folder();
    await ensurePrivateDir(target);
    const staging = join(deps.dataDir, `${BACKUP_STAGING_PREFIX}${randomUUID().slice(0, 8)}`);
    const createdAt = new Date(clock());
    const taken = new Set((await readdir(target)).map((n) => n));
    const name = backupFileName(createdAt, trigger === 'scheduled', taken);
    try {
      progress({ operation: 'create', phase: 'snapshot', done: 0, total: 1, name });
      const snapshot = await snapshotLibrary(deps.dataDir, staging);
      const entries = await describeEntries(staging, (done, total) => progress({ operation: 'create', phase: 'checksums', done, total, name }));
      const manifest: BackupManifest = {
        app: 'Phare',
        format: BACKUP_FORMAT,
        appVersion: appVersion(),
        schemaVersion: SCHEMA_VERSION,
        createdAt: createdAt.toISOString(),
        trigger,
        consistency: CONSISTENCY_NOTE,
        documents: snapshot.documents,
        chunks: snapshot.chunks,
        tables: snapshot.tables,
        entries,
        totalBytes: entries.reduce((sum, e) => sum + e.size, 0),
      };
      await writePrivateFile(join(staging, MANIFEST_ENTRY), JSON.stringify(manifest, null, 2));
      const out = join(target, name);
      await writeArchive(staging, manifest, out, (bytes) => progress({ operation: 'create', phase: 'archive', done: bytes, total: manifest.totalBytes, name }));
      if (trigger === 'scheduled') await pruneScheduledBackups(target, backupSettings(deps.getSettings()).keep);
      const info = infoOf(manifest, name, out, (await listBackupFiles(target)).find((f) => f.name === name)?.sizeBytes ?? 0);
      progress({ operation: 'create', phase: 'done', done: 1, total: 1, name });
      console.info(`[backup] ${name}: ${manifest.documents} documents, ${manifest.entries.length} files, ${info.sizeBytes} bytes`);
      return info;
    } catch (error) {
      progress({ operation: 'create', phase: 'failed', done: 0, total: 0, name });
      if (error instanceof PhareError) throw error;
      throw new PhareError('BACKUP_FAILED', { detail: error instanceof Error ? error.message : String(error) });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  return {
    folder,
    running: () => current !== null,
    async idle() {
      await current?.catch(() => undefined);
    },
    create(options = {}) {
      if (current) throw new PhareError('BACKUP_RUNNING');
      current = make(options.trigger ?? 'manual').finally(() => (current = null));
      return current;
    },
    async list() {
      const infos: BackupInfo[] = [];
      for (const file of await listBackupFiles(folder())) {
        try {
          infos.push(infoOf(await readArchive(file.path, { manifestOnly: true }), file.name, file.path, file.sizeBytes));
        } catch (error) {
          infos.push({
            name: file.name,
            path: file.path,
            sizeBytes: file.sizeBytes,
            createdAt: null,
            trigger: null,
            appVersion: null,
            schemaVersion: null,
            documents: null,
            chunks: null,
            problem: toErrorValue(error, lang()).message,
          });
        }
      }
      return infos;
    },
    async verify(name) {
      const path = await fileOf(name);
      try {
        const manifest = await readArchive(path, {
          onBytes: (done, total) => progress({ operation: 'verify', phase: 'verify', done, total, name }),
        });
        progress({ operation: 'verify', phase: 'done', done: 1, total: 1, name });
        return { name, ok: true, entries: manifest.entries.length, problem: null };
      } catch (error) {
        progress({ operation: 'verify', phase: 'failed', done: 0, total: 0, name });
        if (!(error instanceof PhareError) || error.code !== 'BACKUP_INVALID') throw error;
        return { name, ok: false, entries: 0, problem: error.toValue(lang()).message };
      }
    },
    async restore(name) {
      const path = await fileOf(name);
      if (current) throw new PhareError('BACKUP_RUNNING');
      try {
        const manifest = await stageRestore(path, deps.dataDir, (done, total) => progress({ operation: 'restore', phase: 'unpack', done, total, name }));
        progress({ operation: 'restore', phase: 'done', done: 1, total: 1, name });
        console.warn(`[backup] ${name} is checked and staged: the library is replaced at the next start`);
        return { restartRequired: true, documents: manifest.documents };
      } catch (error) {
        progress({ operation: 'restore', phase: 'failed', done: 0, total: 0, name });
        throw error;
      }
    },
  };
}

function infoOf(manifest: BackupManifest, name: string, path: string, sizeBytes: number): BackupInfo {
  return {
    name,
    path,
    sizeBytes,
    createdAt: manifest.createdAt,
    trigger: manifest.trigger,
    appVersion: manifest.appVersion,
    schemaVersion: manifest.schemaVersion,
    documents: manifest.documents,
    chunks: manifest.chunks,
    problem: null,
  };
}
