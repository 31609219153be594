import { describe, expect, it } from 'vitest';
import type { HistoryPoint, HistorySeriesData } from '../../../src-shared/monitoring';
import {
  latestValue,
  lineLabelKeys,
  PERFORMANCE_CHARTS,
  QUALITY_CHARTS,
  questionsPerDayChart,
  rangeGrid,
  RESOURCE_CHARTS,
  seriesOf,
  tableRows,
  toChartData,
  type ChartSpec,
} from './chartData';

const MIN = 60_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 2, 14, 12, 30, 20);

function point(t: number, fields: Partial<HistoryPoint>): HistoryPoint {
  return { t: new Date(t).toISOString(), count: 0, sum: 0, min: null, max: null, p50: null, p95: null, value: null, ...fields };
}

const LATENCY: ChartSpec = { id: 'total', unit: 'seconds', lines: [{ series: 'total_latency_seconds', stat: 'p50' }, { series: 'total_latency_seconds', stat: 'p95' }] };
const ANSWERS: ChartSpec = { id: 'answers', unit: 'count', kind: 'bars', lines: [{ series: 'answers', stat: 'count' }, { series: 'answer_errors', stat: 'count' }] };

describe('series to chart data', () => {
  it('lays counts on every period of the range, 0 where nothing happened', () => {
    const minute = Math.floor(NOW / MIN) * MIN;
    const data: HistorySeriesData[] = [
      { name: 'answers', resolution: '1m', points: [point(minute - 5 * MIN, { count: 3 }), point(minute - MIN, { count: 1 })] },
      { name: 'answer_errors', resolution: '1m', points: [point(minute - 5 * MIN, { count: 1 })] },
    ];
    const chart = toChartData(data, ANSWERS, '1h', NOW);
    expect(chart.xs).toHaveLength(60);
    expect(chart.xs[59]).toBe(minute);
    expect(chart.xs[1] - chart.xs[0]).toBe(MIN);
    expect(chart.ys[0][54]).toBe(3);
    expect(chart.ys[0][58]).toBe(1);
    expect(chart.ys[0][10]).toBe(0);
    expect(chart.ys[1][54]).toBe(1);
    expect(chart.hasData).toBe(true);
  });

  it('keeps percentiles only where there were events (null between, no invented zero)', () => {
    const data: HistorySeriesData[] = [
      { name: 'total_latency_seconds', resolution: '1m', points: [point(NOW - 10 * MIN, { count: 2, p50: 1.5, p95: 2.5 }), point(NOW - 2 * MIN, { count: 1, p50: 0.8, p95: 0.8 })] },
    ];
    const chart = toChartData(data, LATENCY, '1h', NOW);
    expect(chart.xs).toHaveLength(2);
    expect(chart.ys).toEqual([
      [1.5, 0.8],
      [2.5, 0.8],
    ]);
  });

  it('says there is no data when every series is empty or all zero', () => {
    expect(toChartData([], LATENCY, '24h', NOW).hasData).toBe(false);
    const zeros = toChartData([{ name: 'answers', resolution: '1m', points: [point(NOW - MIN, { count: 0 })] }], ANSWERS, '24h', NOW);
    expect(zeros.hasData).toBe(false);
    expect(zeros.xs).toHaveLength(1440);
  });

  it('uses the resolution the core sent (per hour for 30 days) and drops points older than the range', () => {
    const hour = Math.floor(NOW / HOUR) * HOUR;
    const data: HistorySeriesData[] = [{ name: 'answers', resolution: '1h', points: [point(hour - 3 * HOUR, { count: 7 }), point(hour - 40 * 24 * HOUR, { count: 9 })] }];
    const chart = toChartData(data, ANSWERS, '30d', NOW);
    expect(chart.stepMs).toBe(HOUR);
    expect(chart.xs).toHaveLength(720);
    expect(chart.ys[0].reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(7);
  });

  it('reads gauges from their value', () => {
    const data: HistorySeriesData[] = [{ name: 'rss_bytes', resolution: '1m', points: [point(NOW - 2 * MIN, { value: 100 }), point(NOW - MIN, { value: 120 })] }];
    const spec = RESOURCE_CHARTS.find((c) => c.id === 'memory')!;
    const chart = toChartData(data, spec, '1h', NOW);
    expect(chart.ys[0]).toEqual([100, 120]);
    expect(chart.ys[1]).toEqual([null, null]);
    expect(latestValue(data, 'rss_bytes')).toBe(120);
    expect(latestValue(data, 'cpu_share')).toBeNull();
  });

  it('builds the whole grid of a range, oldest first, ending in the current period', () => {
    const grid = rangeGrid('24h', MIN, NOW);
    expect(grid).toHaveLength(1440);
    expect(grid[1439]).toBe(Math.floor(NOW / MIN) * MIN);
    expect(grid[0]).toBe(grid[1439] - 1439 * MIN);
  });
});

describe('chart numbers as a table', () => {
  it('lists only periods with data, newest first, each value in its unit and language', () => {
    const data: HistorySeriesData[] = [
      { name: 'total_latency_seconds', resolution: '1m', points: [point(NOW - 10 * MIN, { count: 2, p50: 1.5, p95: 12.25 }), point(NOW - 2 * MIN, { count: 1, p50: 0.25, p95: 0.25 })] },
    ];
    const chart = toChartData(data, LATENCY, '1h', NOW);
    const en = tableRows(chart, LATENCY, '1h', 'en');
    expect(en.map((r) => r.cells)).toEqual([
      ['250 ms', '250 ms'],
      ['1.5 s', '12.3 s'],
    ]);
    expect(en[0].key).toBeGreaterThan(en[1].key);
    expect(tableRows(chart, LATENCY, '1h', 'fr')[1].cells).toEqual(['1,5 s', '12,3 s']);
  });

  it('leaves out periods where every count is zero, keeps those where one is not', () => {
    const minute = Math.floor(NOW / MIN) * MIN;
    const data: HistorySeriesData[] = [{ name: 'answer_errors', resolution: '1m', points: [point(minute - 3 * MIN, { count: 2 })] }];
    const rows = tableRows(toChartData(data, ANSWERS, '1h', NOW), ANSWERS, '1h', 'en');
    expect(rows).toHaveLength(1);
    expect(rows[0].cells).toEqual(['0', '2']);
  });

  it('turns questions per day into one bar a day', () => {
    const chart = questionsPerDayChart([
      { day: '2025-03-13', questions: 0 },
      { day: '2025-03-14', questions: 4 },
    ]);
    expect(chart.ys).toEqual([[0, 4]]);
    expect(chart.xs[1] - chart.xs[0]).toBe(86_400_000);
    expect(chart.hasData).toBe(true);
    expect(questionsPerDayChart([]).hasData).toBe(false);
  });
});

describe('the charts of each tab', () => {
  it('ask at most 30 series (the contract’s limit) and each once', () => {
    for (const charts of [PERFORMANCE_CHARTS, QUALITY_CHARTS, RESOURCE_CHARTS]) {
      const series = seriesOf(charts);
      expect(series.length).toBeLessThanOrEqual(30);
      expect(new Set(series).size).toBe(series.length);
    }
  });

  it('name gauges and counts by their series alone, percentiles with their statistic', () => {
    expect(lineLabelKeys({ series: 'rss_bytes', stat: 'value' })).toEqual({ series: 'monitoring.series.rss_bytes', stat: null });
    expect(lineLabelKeys({ series: 'answers', stat: 'count' }).stat).toBeNull();
    expect(lineLabelKeys({ series: 'ttft_seconds', stat: 'p95' }).stat).toBe('monitoring.stats.p95');
  });
});
