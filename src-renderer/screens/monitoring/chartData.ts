/**
 * From the history the core sends to what a chart draws and what its table lists. A chart is a list of
 * lines, each one statistic of one series (the 95th percentile of the total answer time, the count of
 * answers, the value of a gauge). Event series have rows only for the periods something happened in:
 * a count line is laid on the whole range's grid with 0 where nothing happened, other lines keep null
 * there (no answer, no latency), so the chart does not invent points. Pure, so it is tested without a browser.
 */
import { HISTORY_GAUGE_SERIES, type HistoryPoint, type HistoryRange, type HistorySeries, type HistorySeriesData } from '../../../src-shared/monitoring';
import type { Lang } from '../../../src-shared/errors';
import { formatTime, formatValue, RANGE_MS, resolutionMs, type Unit } from './units';

/** Series sampled at the end of each period; the others are events. */
export const GAUGE_SERIES = HISTORY_GAUGE_SERIES;

export type Stat = 'p50' | 'p95' | 'count' | 'value' | 'max';

export interface LineSpec {
  series: HistorySeries;
  stat: Stat;
}

export interface ChartSpec {
  /** Names the chart in i18n (monitoring.charts.<id>) and in test ids. */
  id: string;
  unit: Unit;
  lines: readonly LineSpec[];
  /** Bars for counts per period, lines for the rest. */
  kind?: 'line' | 'bars';
}

export interface ChartData {
  /** Period starts, in milliseconds, oldest first. */
  xs: number[];
  /** One array per line, aligned on xs. */
  ys: Array<Array<number | null>>;
  /** Length of one period (60 000 per minute, 3 600 000 per hour). */
  stepMs: number;
  /** Whether any line has something to show (a count above 0, a value). */
  hasData: boolean;
}

/** The series a list of charts asks of `monitoring.history` (each once). */
export function seriesOf(charts: readonly ChartSpec[]): HistorySeries[] {
  return [...new Set(charts.flatMap((c) => c.lines.map((l) => l.series)))];
}

export function statOf(point: HistoryPoint, stat: Stat): number | null {
  const v = point[stat];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function stepOf(data: readonly HistorySeriesData[], range: HistoryRange): number {
  const resolution = data.find((d) => d.points.length)?.resolution;
  return resolution === '1m' ? 60_000 : resolution === '1h' ? 3_600_000 : resolutionMs(range);
}

/** Every period of the range, oldest first, ending with the one `now` is in. */
export function rangeGrid(range: HistoryRange, stepMs: number, now: number): number[] {
  const last = Math.floor(now / stepMs) * stepMs;
  const count = Math.round(RANGE_MS[range] / stepMs);
  const grid: number[] = new Array(count);
  for (let i = 0; i < count; i++) grid[i] = last - (count - 1 - i) * stepMs;
  return grid;
}

export function toChartData(data: readonly HistorySeriesData[], spec: ChartSpec, range: HistoryRange, now: number): ChartData {
  const stepMs = stepOf(data, range);
  const bySeries = new Map(data.map((d) => [d.name, d]));
  // Each line's values by period start.
  const values = spec.lines.map((line) => {
    const map = new Map<number, number | null>();
    for (const p of bySeries.get(line.series)?.points ?? []) {
      const at = Date.parse(p.t);
      if (Number.isNaN(at)) continue;
      map.set(Math.floor(at / stepMs) * stepMs, statOf(p, line.stat));
    }
    return map;
  });
  const counts = spec.lines.some((l) => l.stat === 'count');
  const start = now - RANGE_MS[range];
  const times = new Set<number>(counts ? rangeGrid(range, stepMs, now) : []);
  for (const map of values) for (const at of map.keys()) if (at + stepMs > start) times.add(at);
  const xs = [...times].sort((a, b) => a - b);
  let hasData = false;
  const ys = spec.lines.map((line, i) =>
    xs.map((at) => {
      const v = values[i].get(at);
      if (line.stat === 'count') {
        if (v) hasData = true;
        return v ?? 0;
      }
      if (v !== undefined && v !== null) hasData = true;
      return v ?? null;
    }),
  );
  return { xs, ys, stepMs, hasData };
}

export interface TableRow {
  key: number;
  time: string;
  cells: string[];
}

/**
 * The chart's numbers as table rows, newest first: only the periods with something in them (a count
 * above 0 or a value), each value in its unit.
 */
export function tableRows(chart: ChartData, spec: ChartSpec, range: HistoryRange, lang: Lang): TableRow[] {
  const rows: TableRow[] = [];
  for (let i = chart.xs.length - 1; i >= 0; i--) {
    const cells = chart.ys.map((ys) => ys[i]);
    const empty = cells.every((v, j) => v === null || (spec.lines[j].stat === 'count' && v === 0));
    if (empty) continue;
    rows.push({
      key: chart.xs[i],
      time: formatTime(chart.xs[i], range, lang, 'row'),
      cells: cells.map((v, j) => formatValue(v, lineUnit(spec, spec.lines[j]), lang)),
    });
  }
  return rows;
}

/** The latest value of a gauge series in a history reply (null when it has none). */
export function latestValue(data: readonly HistorySeriesData[], series: HistorySeries): number | null {
  const points = data.find((d) => d.name === series)?.points ?? [];
  for (let i = points.length - 1; i >= 0; i--) {
    const v = statOf(points[i], 'value');
    if (v !== null) return v;
  }
  return null;
}

/** Questions per day (from the overview) as a chart of bars, one a day. */
export function questionsPerDayChart(days: ReadonlyArray<{ day: string; questions: number }>): ChartData {
  const xs = days.map((d) => new Date(`${d.day}T00:00:00`).getTime());
  const ys = [days.map((d) => d.questions)];
  return { xs, ys, stepMs: 86_400_000, hasData: days.some((d) => d.questions > 0) };
}

/** The unit a line's values are in: counts stay counts in a chart of any unit. */
export function lineUnit(spec: ChartSpec, line: LineSpec): Unit {
  return line.stat === 'count' ? 'count' : spec.unit;
}

// The charts of each tab.
export const PERFORMANCE_CHARTS: readonly ChartSpec[] = [
  { id: 'answers', unit: 'count', kind: 'bars', lines: [{ series: 'answers', stat: 'count' }, { series: 'answer_errors', stat: 'count' }, { series: 'unanswered', stat: 'count' }] },
  { id: 'total', unit: 'seconds', lines: [{ series: 'total_latency_seconds', stat: 'p50' }, { series: 'total_latency_seconds', stat: 'p95' }] },
  { id: 'retrieval', unit: 'seconds', lines: [{ series: 'retrieval_latency_seconds', stat: 'p50' }, { series: 'retrieval_latency_seconds', stat: 'p95' }] },
  { id: 'generation', unit: 'seconds', lines: [{ series: 'generation_latency_seconds', stat: 'p50' }, { series: 'generation_latency_seconds', stat: 'p95' }] },
  { id: 'ttft', unit: 'seconds', lines: [{ series: 'ttft_seconds', stat: 'p50' }, { series: 'ttft_seconds', stat: 'p95' }] },
  { id: 'tokens', unit: 'tokensPerSecond', lines: [{ series: 'tokens_per_second', stat: 'p50' }, { series: 'tokens_per_second', stat: 'value' }] },
];

export const QUALITY_CHARTS: readonly ChartSpec[] = [
  { id: 'rating', unit: 'rating', lines: [{ series: 'feedback_rating', stat: 'value' }] },
  { id: 'feedback', unit: 'count', kind: 'bars', lines: [{ series: 'feedback', stat: 'count' }, { series: 'feedback_corrections', stat: 'count' }] },
  { id: 'blacklisted', unit: 'count', lines: [{ series: 'blacklisted_chunks', stat: 'value' }] },
  { id: 'runs', unit: 'count', kind: 'bars', lines: [{ series: 'analysis_runs_completed', stat: 'count' }, { series: 'analysis_runs_failed', stat: 'count' }] },
  { id: 'ingestion', unit: 'count', kind: 'bars', lines: [{ series: 'documents_ready', stat: 'count' }, { series: 'documents_failed', stat: 'count' }] },
  { id: 'unanswered', unit: 'count', kind: 'bars', lines: [{ series: 'unanswered', stat: 'count' }] },
];

export const RESOURCE_CHARTS: readonly ChartSpec[] = [
  { id: 'cpu', unit: 'share', lines: [{ series: 'cpu_share', stat: 'value' }] },
  { id: 'memory', unit: 'bytes', lines: [{ series: 'rss_bytes', stat: 'value' }, { series: 'model_ram_bytes', stat: 'value' }, { series: 'model_vram_bytes', stat: 'value' }] },
  { id: 'disk', unit: 'share', lines: [{ series: 'disk_free_share', stat: 'value' }] },
  { id: 'diskBytes', unit: 'bytes', lines: [{ series: 'disk_free_bytes', stat: 'value' }] },
  { id: 'indexBytes', unit: 'bytes', lines: [{ series: 'index_bytes', stat: 'value' }] },
  { id: 'indexCounts', unit: 'count', lines: [{ series: 'index_documents', stat: 'value' }, { series: 'index_chunks', stat: 'value' }] },
];

/** The i18n keys naming a line: the series alone for counts and gauges, the series and the statistic otherwise. */
export function lineLabelKeys(line: LineSpec): { series: string; stat: string | null } {
  const plain = line.stat === 'count' || GAUGE_SERIES.has(line.series);
  return { series: `monitoring.series.${line.series}`, stat: plain ? null : `monitoring.stats.${line.stat}` };
}
