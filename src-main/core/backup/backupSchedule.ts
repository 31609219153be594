/**
 * The daily backup (dailyJob.ts): one at HH:MM local time (settings.backup); a backup missed because
 * the app was not running then is made after the next start, once the user has left the app quiet for
 * a while. Only the app and `phare serve` schedule; one-shot CLI commands do not. An empty library is
 * not backed up on a schedule.
 */
import type { BackupSettings } from '../../../src-shared/domain';
import { createDailyJob } from '../dailyJob';
import type { UserActivity } from '../userActivity';
import { listBackupFiles } from './backupFiles';
import { BACKUP_FILE_PATTERN } from './backupManifest';
import type { BackupService } from './backupService';

export const BACKUP_CATCH_UP_QUIET_MS = 60_000;

export interface BackupScheduler {
  start(): void;
  /** The backup settings changed. */
  reschedule(): void;
  nextBackupAt(): Date | null;
  dispose(): void;
}

/** When an automatic backup file was made, from its name (local time); null for any other name. */
export function scheduledBackupTime(name: string): number | null {
  const match = BACKUP_FILE_PATTERN.exec(name);
  if (!match || !match[4]) return null;
  const [d, t] = [match[1], match[2]];
  return new Date(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +t.slice(0, 2), +t.slice(2, 4), +t.slice(4, 6)).getTime();
}

export function createBackupScheduler(deps: {
  backups: BackupService;
  getSettings: () => BackupSettings;
  activity: UserActivity;
  /** Whether the library holds anything worth a backup. */
  hasContent: () => Promise<boolean>;
  clock?: () => number;
  catchUpQuietMs?: number;
}): BackupScheduler {
  const daily = createDailyJob({
    tag: 'backup',
    getSettings: deps.getSettings,
    clock: deps.clock,
    async run() {
      if (deps.backups.running() || !(await deps.hasContent())) return;
      try {
        await deps.backups.create({ trigger: 'scheduled' });
      } catch (error) {
        console.warn('[backup] the scheduled backup failed:', error instanceof Error ? error.message : error);
      }
    },
    async missed(slot) {
      const times = (await listBackupFiles(deps.backups.folder())).map((f) => scheduledBackupTime(f.name)).filter((t): t is number => t !== null);
      return !times.some((t) => t >= slot.getTime());
    },
    whenQuiet: (signal) => deps.activity.whenIdle({ quietMs: deps.catchUpQuietMs ?? BACKUP_CATCH_UP_QUIET_MS, signal }),
  });
  return { start: daily.start, reschedule: daily.reschedule, nextBackupAt: daily.nextAt, dispose: daily.dispose };
}
