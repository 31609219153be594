import { describe, expect, it } from 'vitest';
import type { AnalysisRun } from '../../../src-shared/quality';
import { isRunning, mergeRun, progressPercent, runDurationMs, stepNumber, upsertRun } from './runProgress';

const counts = { feedbacks: 0, chunksScored: 0, candidates: 0, blacklisted: 0, kept: 0, sentToReview: 0, recommendations: 0, judgeCalls: 0, judgeErrors: 0 };
function run(change: Partial<AnalysisRun> = {}): AnalysisRun {
  return { id: 'r1', trigger: 'manual', status: 'running', progress: 0, step: 'scores', counts, judgeModel: null, startedAt: '2025-03-01T10:00:00.000Z', endedAt: null, stepMs: {}, error: null, ...change };
}

describe('following an analysis run', () => {
  it('takes the first event, then newer progress', () => {
    const a = mergeRun(null, run({ progress: 10 }));
    expect(a.progress).toBe(10);
    expect(mergeRun(a, run({ progress: 40, step: 'blacklist' })).step).toBe('blacklist');
  });

  it('never moves the bar backwards on a late event', () => {
    const at60 = run({ progress: 60, step: 'blacklist' });
    expect(mergeRun(at60, run({ progress: 30 }))).toBe(at60);
  });

  it('keeps the end when an event sent before it arrives after it', () => {
    const done = run({ status: 'completed', progress: 100, step: null, endedAt: '2025-03-01T10:01:00.000Z' });
    expect(mergeRun(done, run({ progress: 90 }))).toBe(done);
    // A cancelled run's end replaces its progress even when the progress was further.
    const cancelled = run({ status: 'cancelled', progress: 40, endedAt: '2025-03-01T10:00:30.000Z' });
    expect(mergeRun(run({ progress: 45 }), cancelled)).toBe(cancelled);
  });

  it('a newer run replaces an older one, never the reverse', () => {
    const older = run({ id: 'r0', startedAt: '2025-02-28T03:00:00.000Z', status: 'completed', progress: 100 });
    const newer = run({ id: 'r2', startedAt: '2025-03-02T03:00:00.000Z' });
    expect(mergeRun(older, newer)).toBe(newer);
    expect(mergeRun(newer, older)).toBe(newer);
  });

  it('keeps the history most recent first, updating a run in place', () => {
    const history = [run({ id: 'r1', status: 'completed', progress: 100 }), run({ id: 'r0', startedAt: '2025-02-01T00:00:00.000Z', status: 'failed' })];
    const added = upsertRun(history, run({ id: 'r2', startedAt: '2025-03-05T00:00:00.000Z' }));
    expect(added.map((r) => r.id)).toEqual(['r2', 'r1', 'r0']);
    const moved = upsertRun(added, run({ id: 'r2', startedAt: '2025-03-05T00:00:00.000Z', progress: 50 }));
    expect(moved.map((r) => [r.id, r.progress])).toEqual([
      ['r2', 50],
      ['r1', 100],
      ['r0', 0],
    ]);
  });

  it('shows whole percents within 0-100, and 100 once completed', () => {
    expect(progressPercent(null)).toBe(0);
    expect(progressPercent(run({ progress: 33.7 }))).toBe(33);
    expect(progressPercent(run({ progress: 140 }))).toBe(100);
    expect(progressPercent(run({ status: 'completed', progress: 99.5 }))).toBe(100);
    expect(isRunning(run())).toBe(true);
    expect(isRunning(run({ status: 'failed' }))).toBe(false);
  });

  it('numbers the steps and times the run', () => {
    expect([stepNumber('scores'), stepNumber('blacklist'), stepNumber('reingest'), stepNumber(null)]).toEqual([1, 2, 3, null]);
    expect(runDurationMs(run({ status: 'completed', endedAt: '2025-03-01T10:00:42.500Z' }))).toBe(42_500);
    expect(runDurationMs(run(), Date.parse('2025-03-01T10:00:05.000Z'))).toBe(5_000);
    expect(runDurationMs(run({ status: 'interrupted' }))).toBeNull();
  });
});
