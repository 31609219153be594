/**
 * The daily backup: node-schedule makes one at HH:MM local time (settings.backup); a backup missed
 * because the app was not running then is made after the next start, once the user has left the app
 * quiet for a while, as the quality run catches up (quality/qualitySchedule.ts, whose slot arithmetic
 * this shares). Only the app and `phare serve` schedule; one-shot CLI commands do not. An empty
 * library is not backed up on a schedule.
 */
import schedule from 'node-schedule';
import type { BackupSettings } from '../../../src-shared/domain';
import { lastSlotAtOrBefore, nextSlotAfter, parseScheduleTime } from '../quality/qualitySchedule';
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
  const clock = deps.clock ?? Date.now;
  let job: schedule.Job | null = null;
  let scheduledTime: string | null = null;
  const disposed = new AbortController();

  async function fire(): Promise<void> {
    if (!deps.getSettings().scheduleEnabled || disposed.signal.aborted || deps.backups.running()) return;
    if (!(await deps.hasContent())) return;
    try {
      await deps.backups.create({ trigger: 'scheduled' });
    } catch (error) {
      console.warn('[backup] the scheduled backup failed:', error instanceof Error ? error.message : error);
    }
  }

  function reschedule(): void {
    const settings = deps.getSettings();
    const wanted = settings.scheduleEnabled ? settings.scheduleTime : null;
    if (wanted === scheduledTime || disposed.signal.aborted) return;
    job?.cancel();
    job = null;
    scheduledTime = wanted;
    if (wanted) {
      const { hour, minute } = parseScheduleTime(wanted);
      job = schedule.scheduleJob({ hour, minute, second: 0 }, () => void fire());
    }
  }

  async function catchUpWhenQuiet(): Promise<void> {
    const settings = deps.getSettings();
    if (!settings.scheduleEnabled) return;
    const slot = lastSlotAtOrBefore(clock(), settings.scheduleTime).getTime();
    const times = (await listBackupFiles(deps.backups.folder())).map((f) => scheduledBackupTime(f.name)).filter((t): t is number => t !== null);
    if (times.some((t) => t >= slot)) return;
    await deps.activity.whenIdle({ quietMs: deps.catchUpQuietMs ?? BACKUP_CATCH_UP_QUIET_MS, signal: disposed.signal });
    await fire();
  }

  return {
    start() {
      reschedule();
      void catchUpWhenQuiet().catch((error: unknown) => {
        if (!disposed.signal.aborted) console.warn('[backup] the catch-up backup failed to start:', error);
      });
    },
    reschedule,
    nextBackupAt() {
      if (job) return job.nextInvocation() ?? null;
      const settings = deps.getSettings();
      return settings.scheduleEnabled ? nextSlotAfter(clock(), settings.scheduleTime) : null;
    },
    dispose() {
      disposed.abort();
      job?.cancel();
      job = null;
    },
  };
}
