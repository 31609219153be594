/**
 * A job done once a day at HH:MM local time (the quality analysis run, the backup): node-schedule
 * fires it while the app (or `phare serve`) runs; a slot missed because nothing was running then (a
 * closed laptop) is caught up after the next start, once the owner says the moment is right (the user
 * has left the app quiet, no ingestion runs). One-shot CLI commands create none: `nextAt` then says
 * when the app would run it.
 */
import schedule from 'node-schedule';

export interface DailySchedule {
  scheduleEnabled: boolean;
  /** HH:MM, local time. */
  scheduleTime: string;
}

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

export interface DailyJob {
  /** Schedules the job and, when the last slot was missed, a catch-up at the right moment. */
  start(): void;
  /** The schedule settings changed. */
  reschedule(): void;
  nextAt(): Date | null;
  dispose(): void;
}

export function createDailyJob(options: {
  /** For the log: `[tag] …`. */
  tag: string;
  getSettings: () => DailySchedule;
  /** Does the job (errors are the job's own to report). */
  run: (trigger: 'scheduled' | 'catch-up') => Promise<void>;
  /** Whether the slot (the last one at or before now) went by without the job being done. */
  missed: (slot: Date) => Promise<boolean>;
  /** Resolves when a catch-up may start; may reject with the signal's reason once it is aborted. */
  whenQuiet: (signal: AbortSignal) => Promise<void>;
  clock?: () => number;
}): DailyJob {
  const clock = options.clock ?? Date.now;
  let job: schedule.Job | null = null;
  let scheduledTime: string | null = null;
  const disposed = new AbortController();

  async function fire(trigger: 'scheduled' | 'catch-up'): Promise<void> {
    if (!options.getSettings().scheduleEnabled || disposed.signal.aborted) return;
    await options.run(trigger);
  }

  function reschedule(): void {
    const settings = options.getSettings();
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

  async function catchUp(): Promise<void> {
    const settings = options.getSettings();
    if (!settings.scheduleEnabled) return;
    if (!(await options.missed(lastSlotAtOrBefore(clock(), settings.scheduleTime)))) return;
    await options.whenQuiet(disposed.signal);
    if (!disposed.signal.aborted) await fire('catch-up');
  }

  return {
    start() {
      reschedule();
      void catchUp().catch((error: unknown) => {
        if (!disposed.signal.aborted) console.warn(`[${options.tag}] the catch-up failed to start:`, error);
      });
    },
    reschedule,
    nextAt() {
      if (job) return job.nextInvocation() ?? null;
      const settings = options.getSettings();
      return settings.scheduleEnabled ? nextSlotAfter(clock(), settings.scheduleTime) : null;
    },
    dispose() {
      disposed.abort();
      job?.cancel();
      job = null;
    },
  };
}
