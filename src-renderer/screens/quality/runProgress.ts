/**
 * The analysis run as the Quality screen follows it: `quality.run` events merged into the run shown
 * (a late or repeated event never moves the bar backwards, an older run's event never replaces a newer
 * run), the run history kept up to date, and the figures the progress bar shows.
 */
import type { AnalysisRun, RunStep } from '../../../src-shared/quality';

export const RUN_STEPS: readonly RunStep[] = ['scores', 'blacklist', 'reingest'];

export function isRunning(run: AnalysisRun | null | undefined): boolean {
  return run?.status === 'running';
}

/** The run to show after an event: the newest run, its progress never going back, its end never undone. */
export function mergeRun(current: AnalysisRun | null, incoming: AnalysisRun): AnalysisRun {
  if (!current) return incoming;
  if (current.id !== incoming.id) return Date.parse(incoming.startedAt) >= Date.parse(current.startedAt) ? incoming : current;
  // An event sent before the run ended, arriving after the end: the end stands.
  if (current.status !== 'running' && incoming.status === 'running') return current;
  if (incoming.status === 'running' && incoming.progress < current.progress) return current;
  return incoming;
}

/** The run history with a run added or replaced, most recent first. */
export function upsertRun(runs: readonly AnalysisRun[], run: AnalysisRun): AnalysisRun[] {
  const index = runs.findIndex((r) => r.id === run.id);
  if (index >= 0) {
    const next = [...runs];
    next[index] = mergeRun(runs[index], run);
    return next;
  }
  return [run, ...runs].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
}

/** Whole percent for the bar and its label, within 0..100 whatever the event said. */
export function progressPercent(run: AnalysisRun | null): number {
  if (!run) return 0;
  if (run.status === 'completed') return 100;
  const p = Number.isFinite(run.progress) ? run.progress : 0;
  return Math.max(0, Math.min(100, Math.floor(p)));
}

/** 1-based number of the step (1..3), or null when the run is between steps or not started. */
export function stepNumber(step: RunStep | null): number | null {
  if (!step) return null;
  const i = RUN_STEPS.indexOf(step);
  return i < 0 ? null : i + 1;
}

/** How long a run took (or has been going, for a running one), in milliseconds. */
export function runDurationMs(run: AnalysisRun, now: number = Date.now()): number | null {
  const start = Date.parse(run.startedAt);
  if (Number.isNaN(start)) return null;
  const end = run.endedAt ? Date.parse(run.endedAt) : run.status === 'running' ? now : NaN;
  if (Number.isNaN(end)) return null;
  return Math.max(0, end - start);
}
