/**
 * The daily analysis run: node-schedule fires it at HH:MM local time; a run missed because the app
 * was not running then (a closed laptop) starts after the next start, once the user has left the
 * app quiet for a while and no ingestion is running. `phare serve` schedules like the app; one-shot
 * CLI commands do not schedule at all.
 */
import schedule from 'node-schedule';
import type { QualitySettings } from '../../../src-shared/domain';
import type { UserActivity } from '../userActivity';
import type { AnalysisRunner } from './analysisRun';
import type { QualityStore } from './qualityStore';

export function parseScheduleTime(time: string): { hour: number; minute: number } {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`not a HH:MM time: ${time}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** The most recent HH:MM (local time) at or before `now`. */
export function lastSlotAtOrBefore(now: number, time: string): Date {
  const { hour, minute } = parseScheduleTime(time);
  const slot = new Date(now);
  slot.setHours(hour, minute, 0, 0);
  if (slot.getTime() > now) slot.setDate(slot.getDate() - 1);
  return slot;
}

/** The next HH:MM (local time) after `now`. */
export function nextSlotAfter(now: number, time: string): Date {
  const { hour, minute } = parseScheduleTime(time);
  const slot = new Date(now);
  slot.setHours(hour, minute, 0, 0);
  if (slot.getTime() <= now) slot.setDate(slot.getDate() + 1);
  return slot;
}

/**
 * Whether the last slot was missed: it lies after the library started being analysed (`since`) and
 * no run of any kind started at or after it.
 */
export function missedSlot(now: number, time: string, since: number, lastRunStartedAt: number | null): Date | null {
  const slot = lastSlotAtOrBefore(now, time);
  if (slot.getTime() <= since) return null;
  if (lastRunStartedAt !== null && lastRunStartedAt >= slot.getTime()) return null;
  return slot;
}

export interface QualityScheduler {
  /** Schedules the daily run and, if the last one was missed, a catch-up run when the app is quiet. */
  start(): Promise<void>;
  /** The schedule setting changed. */
  reschedule(): void;
  nextRunAt(): Date | null;
  dispose(): void;
}

/** Quiet time (no question answered) before a catch-up run starts. */
export const CATCH_UP_QUIET_MS = 60_000;
const JOBS_POLL_MS = 5_000;

export function createQualityScheduler(deps: {
  runner: AnalysisRunner;
  quality: QualityStore;
  getSettings: () => QualitySettings;
  activity: UserActivity;
  /** Whether an ingestion job is running (a catch-up waits for it). */
  ingesting: () => boolean;
  /** When this library started being analysed (catch-ups only for slots after it). */
  since: () => Promise<number>;
  clock?: () => number;
  catchUpQuietMs?: number;
}): QualityScheduler {
  const clock = deps.clock ?? Date.now;
  let job: schedule.Job | null = null;
  let scheduledTime: string | null = null;
  const disposed = new AbortController();

  async function fire(trigger: 'scheduled' | 'catch-up'): Promise<void> {
    if (!deps.getSettings().scheduleEnabled || disposed.signal.aborted) return;
    try {
      await deps.runner.start(trigger);
    } catch (error) {
      // Another process (the app and `phare serve` on one library) started it: nothing to do.
      console.warn(`[quality] ${trigger} run not started:`, error instanceof Error ? error.message : error);
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
      job = schedule.scheduleJob({ hour, minute, second: 0 }, () => void fire('scheduled'));
    }
  }

  async function catchUpWhenQuiet(): Promise<void> {
    const settings = deps.getSettings();
    if (!settings.scheduleEnabled) return;
    const [lastRun] = await deps.quality.listRuns(1);
    const missed = missedSlot(clock(), settings.scheduleTime, await deps.since(), lastRun ? Date.parse(lastRun.startedAt) : null);
    if (!missed) return;
    const quietMs = deps.catchUpQuietMs ?? CATCH_UP_QUIET_MS;
    for (;;) {
      await deps.activity.whenIdle({ quietMs, signal: disposed.signal });
      if (!deps.ingesting()) break;
      await new Promise((resolve) => setTimeout(resolve, JOBS_POLL_MS).unref?.());
      if (disposed.signal.aborted) return;
    }
    await fire('catch-up');
  }

  return {
    async start() {
      reschedule();
      void catchUpWhenQuiet().catch((error: unknown) => {
        if (!disposed.signal.aborted) console.warn('[quality] catch-up run failed to start:', error);
      });
    },
    reschedule,
    nextRunAt() {
      if (job) return job.nextInvocation() ?? null;
      const settings = deps.getSettings();
      // Not scheduling in this process (a one-shot CLI command): when the app would run it.
      return settings.scheduleEnabled ? nextSlotAfter(clock(), settings.scheduleTime) : null;
    },
    dispose() {
      disposed.abort();
      job?.cancel();
      job = null;
    },
  };
}
