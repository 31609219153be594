/**
 * How far a file and a job are, as one number each that only moves forward.
 *
 * A file reports each stage's own progress (0..1 of extracting, then 0..1 of embedding...). Each stage
 * has a weight, the share of a typical file's time it takes, so the file's bar runs once from 0 to 1
 * across its stages instead of starting again at each one (95 % of embedding falling to 0 at
 * "Saving"). Extraction weighs most: it is where OCR runs, seconds a page. A stage a file skips (no
 * embedding model) is a jump forward, never a step back, and a file's value never decreases.
 *
 * A job's progress is its finished files plus the share done of its files in flight; its time left is
 * estimated from the time it has run (pauses excluded) and how far it is.
 */
import type { IngestStage } from '../../../src-shared/domain';

type WorkStage = Exclude<IngestStage, 'queued' | 'done'>;

/** Shares of a file's time, in pipeline order; they add up to 1. */
export const STAGE_WEIGHTS: Readonly<Record<WorkStage, number>> = {
  reading: 0.05,
  extracting: 0.55,
  chunking: 0.05,
  embedding: 0.3,
  writing: 0.05,
};

const ORDER: WorkStage[] = ['reading', 'extracting', 'chunking', 'embedding', 'writing'];

/** The file's progress, 0..1, from its stage and that stage's own progress. */
export function weightedFileProgress(stage: IngestStage, stageFraction: number): number {
  if (stage === 'queued') return 0;
  if (stage === 'done') return 1;
  const f = Math.min(1, Math.max(0, Number.isFinite(stageFraction) ? stageFraction : 0));
  let before = 0;
  for (const s of ORDER) {
    if (s === stage) break;
    before += STAGE_WEIGHTS[s];
  }
  return Math.min(1, before + STAGE_WEIGHTS[stage] * f);
}

/** Before this long and this far, an estimate of the time left is noise: none is given. */
const ESTIMATE_AFTER_MS = 3_000;
const ESTIMATE_AFTER_PROGRESS = 0.02;

/**
 * The running time of a job, pauses excluded, and its time left. `tick` is called whenever the job
 * is looked at, and at each pause and resume, with whether it was running since the last tick.
 */
export class JobClock {
  private runMs = 0;
  private last: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts the time since the last tick if the job was running meanwhile. */
  tick(runningSinceLast: boolean): void {
    const t = this.now();
    if (this.last !== null && runningSinceLast) this.runMs += t - this.last;
    this.last = t;
  }

  /** Seconds left at this progress, or null while too early to tell or once finished. */
  secondsLeft(progress: number): number | null {
    if (progress >= 1 || this.runMs < ESTIMATE_AFTER_MS || progress < ESTIMATE_AFTER_PROGRESS) return null;
    return Math.max(0, Math.round((this.runMs * (1 - progress)) / progress / 1000));
  }
}
