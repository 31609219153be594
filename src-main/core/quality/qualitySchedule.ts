/**
 * The daily analysis run (dailyJob.ts): at HH:MM local time, and after a start that follows a missed
 * slot, once the user has left the app quiet for a while and no ingestion is running. `phare serve`
 * schedules like the app; one-shot CLI commands do not schedule at all.
 */
import type { QualitySettings } from '../../../src-shared/domain';
import { createDailyJob, lastSlotAtOrBefore } from '../dailyJob';
import type { UserActivity } from '../userActivity';
import type { AnalysisRunner } from './analysisRun';
import type { QualityStore } from './qualityStore';

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
  const daily = createDailyJob({
    tag: 'quality',
    getSettings: deps.getSettings,
    clock,
    async run(trigger) {
      try {
        await deps.runner.start(trigger);
      } catch (error) {
        // Another process (the app and `phare serve` on one library) started it: nothing to do.
        console.warn(`[quality] ${trigger} run not started:`, error instanceof Error ? error.message : error);
      }
    },
    async missed(slot) {
      const [lastRun] = await deps.quality.listRuns(1);
      return missedSlot(slot.getTime(), deps.getSettings().scheduleTime, await deps.since(), lastRun ? Date.parse(lastRun.startedAt) : null) !== null;
    },
    async whenQuiet(signal) {
      const quietMs = deps.catchUpQuietMs ?? CATCH_UP_QUIET_MS;
      for (;;) {
        await deps.activity.whenIdle({ quietMs, signal });
        if (!deps.ingesting() || signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, JOBS_POLL_MS).unref?.());
      }
    },
  });
  return {
    async start() {
      daily.start();
    },
    reschedule: daily.reschedule,
    nextRunAt: daily.nextAt,
    dispose: daily.dispose,
  };
}
