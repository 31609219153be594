import { describe, expect, it } from 'vitest';
import type { HistoryRow } from '../../../src-main/core/metrics/historyStore';
import { hourRows } from '../../../src-main/core/metrics/metricsHistory';

const row = (name: HistoryRow['name'], t: string, over: Partial<HistoryRow>): HistoryRow => ({
  name,
  resolution: '1m',
  t,
  count: 1,
  sum: 0,
  min: null,
  max: null,
  p50: null,
  p95: null,
  value: null,
  ...over,
});

describe('hourly roll-ups', () => {
  it('sum counts exactly, keep extremes, weigh the minutes’ percentiles by their counts, and keep a gauge’s last value', () => {
    const hour = new Date('2026-12-07T10:00:00Z');
    const [latency, rss] = hourRows(
      [
        row('total_latency_seconds', '2026-12-07T10:01:00.000Z', { count: 9, sum: 9, min: 0.5, max: 2, p50: 1, p95: 2, value: 1 }),
        row('total_latency_seconds', '2026-12-07T10:02:00.000Z', { count: 1, sum: 30, min: 30, max: 30, p50: 30, p95: 30, value: 30 }),
        row('rss_bytes', '2026-12-07T10:01:00.000Z', { sum: 100, min: 100, max: 100, p50: 100, p95: 100, value: 100 }),
        row('rss_bytes', '2026-12-07T10:02:00.000Z', { sum: 300, min: 300, max: 300, p50: 300, p95: 300, value: 300 }),
      ],
      hour,
    );
    expect(latency).toMatchObject({ resolution: '1h', t: '2026-12-07T10:00:00.000Z', count: 10, sum: 39, min: 0.5, max: 30, p50: 1, p95: 30, value: 3.9 });
    expect(rss).toMatchObject({ count: 2, min: 100, max: 300, value: 300 });
  });
});
