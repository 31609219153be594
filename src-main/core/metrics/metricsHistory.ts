/**
 * Keeps the history the dashboard draws. What happens (an answer, a rating, a document) is observed
 * into the current minute; at each minute's end the minute is written: count, sum, min, max, median
 * and 95th percentile of its values, and the gauges (memory, disk, library size) sampled then. Each
 * hour over is rolled up into one row per series (hours a stopped app missed are rolled up at start).
 * The last minutes' raw values stay in memory for the alert rules.
 */
import { HISTORY_GAUGE_SERIES, HISTORY_SERIES, type HistoryRange, type HistorySeries, type HistorySeriesData } from '../../../src-shared/monitoring';
import { hourStart, type HistoryRow, type HistoryStore, type Resolution } from './historyStore';

/** Series sampled at the end of each minute (the others are events). */
export const GAUGE_SERIES = HISTORY_GAUGE_SERIES;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Raw values kept in memory for the alert rules (they look at the last five minutes). */
const RECENT_MS = 10 * MINUTE_MS;
const RANGE_MS: Record<HistoryRange, number> = { '1h': HOUR_MS, '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS };

export interface MetricsHistory {
  /** Records one event of a series (an answer's latency, a rating, 1 for a count). */
  observe(series: HistorySeries, value: number): void;
  /** Raw values of a series observed in the last `windowMs`. */
  recent(series: HistorySeries, windowMs: number): number[];
  /** Writes the minutes that are over (and their hours' roll-ups); the timer calls it, tests may too. */
  flush(now?: number): Promise<void>;
  query(series: readonly HistorySeries[], range: HistoryRange, now?: number): Promise<HistorySeriesData[]>;
  start(): Promise<void>;
  /** Writes what the current minute holds so far, then stops. */
  dispose(): Promise<void>;
}

export interface MetricsHistoryDeps {
  store: HistoryStore;
  /** The gauges' values now. */
  sampleGauges: () => Promise<Partial<Record<HistorySeries, number>>>;
  retentionDays: () => number;
  /** After each minute written (the dashboards refresh). */
  onTick?: (at: Date) => void;
  clock?: () => number;
}

export function createMetricsHistory(deps: MetricsHistoryDeps): MetricsHistory {
  const clock = deps.clock ?? Date.now;
  /** Minute start -> series -> values. */
  const minutes = new Map<number, Map<HistorySeries, number[]>>();
  const recent = new Map<HistorySeries, Array<{ at: number; value: number }>>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();
  let lastPrune = 0;
  let stopped = false;

  function minuteRows(minute: number, values: Map<HistorySeries, number[]>, gauges: Partial<Record<HistorySeries, number>>): HistoryRow[] {
    const t = new Date(minute).toISOString();
    const rows: HistoryRow[] = [];
    for (const [name, list] of values) {
      if (GAUGE_SERIES.has(name) || list.length === 0) continue;
      rows.push({ name, resolution: '1m', t, ...summarise(list), value: sum(list) / list.length });
    }
    for (const [name, value] of Object.entries(gauges) as Array<[HistorySeries, number]>) {
      if (!Number.isFinite(value)) continue;
      rows.push({ name, resolution: '1m', t, count: 1, sum: value, min: value, max: value, p50: value, p95: value, value });
    }
    return rows;
  }

  async function rollUp(hour: Date): Promise<void> {
    const rows = await deps.store.read(HISTORY_SERIES, '1m', hour, new Date(hour.getTime() + HOUR_MS));
    await deps.store.append(hourRows(rows, hour));
  }

  async function flushNow(now: number): Promise<void> {
    const current = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const over = [...minutes.keys()].filter((m) => m < current).sort((a, b) => a - b);
    // The minute that just ended always gets its gauges, even with no event in it.
    const justEnded = current - MINUTE_MS;
    if (!over.includes(justEnded)) over.push(justEnded);
    const gauges = await deps.sampleGauges().catch((error: unknown) => {
      console.warn('[metrics] could not sample the gauges:', error instanceof Error ? error.message : error);
      return {};
    });
    const rows: HistoryRow[] = [];
    for (const minute of over) {
      rows.push(...minuteRows(minute, minutes.get(minute) ?? new Map(), minute === justEnded ? gauges : {}));
      minutes.delete(minute);
    }
    await deps.store.append(rows);
    for (const hour of await deps.store.hoursToRollUp(new Date(now))) await rollUp(hour);
    if (now - lastPrune > HOUR_MS) {
      lastPrune = now;
      await deps.store.prune(new Date(now), deps.retentionDays());
    }
    deps.onTick?.(new Date(justEnded));
  }

  function schedule(): void {
    if (stopped) return;
    const now = clock();
    // A second past the minute: what happened in it has been observed.
    const wait = MINUTE_MS - (now % MINUTE_MS) + 1_000;
    timer = setTimeout(() => {
      void history.flush().finally(schedule);
    }, wait);
    timer.unref?.();
  }

  const history: MetricsHistory = {
    observe(series, value) {
      if (!Number.isFinite(value)) return;
      const now = clock();
      const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
      let bucket = minutes.get(minute);
      if (!bucket) minutes.set(minute, (bucket = new Map()));
      const list = bucket.get(series) ?? [];
      list.push(value);
      bucket.set(series, list);
      const window = recent.get(series) ?? [];
      window.push({ at: now, value });
      while (window.length && window[0].at < now - RECENT_MS) window.shift();
      recent.set(series, window);
    },

    recent(series, windowMs) {
      const since = clock() - windowMs;
      return (recent.get(series) ?? []).filter((v) => v.at > since).map((v) => v.value);
    },

    flush(now = clock()) {
      flushing = flushing.then(() => flushNow(now)).catch((error: unknown) => {
        console.warn('[metrics] could not write the history:', error instanceof Error ? error.message : error);
      });
      return flushing;
    },

    async query(series, range, now = clock()) {
      const since = new Date(now - RANGE_MS[range]);
      const resolution: Resolution = range === '1h' || range === '24h' ? '1m' : '1h';
      const stored = await deps.store.read(series, resolution, resolution === '1h' ? hourStart(since) : since);
      if (resolution === '1h') {
        // Hours not rolled up yet (the current one, or ones written since the last flush) come from their minutes.
        const rolled = new Set(stored.map((r) => r.t));
        const minutesRows = await deps.store.read(series, '1m', hourStart(new Date(now - HOUR_MS)));
        const byHour = new Map<string, HistoryRow[]>();
        for (const r of minutesRows) {
          const h = hourStart(new Date(r.t)).toISOString();
          if (!rolled.has(h)) byHour.set(h, [...(byHour.get(h) ?? []), r]);
        }
        for (const [h, rows] of byHour) stored.push(...hourRows(rows, new Date(h)));
      }
      return series.map((name) => ({
        name,
        resolution,
        points: mergeSameTime(stored.filter((r) => r.name === name)).map(({ name: _n, resolution: _r, ...point }) => point),
      }));
    },

    async start() {
      // Hours a stopped app left without their roll-up.
      for (const hour of await deps.store.hoursToRollUp(new Date(clock()))) await rollUp(hour);
      schedule();
    },

    async dispose() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await flushing;
      // What the current minute holds so far: a row for that minute (a later row for it is merged on read).
      const rows: HistoryRow[] = [];
      for (const [minute, values] of minutes) rows.push(...minuteRows(minute, values, {}));
      minutes.clear();
      await deps.store.append(rows).catch(() => undefined);
    },
  };
  return history;
}

function sum(list: readonly number[]): number {
  let s = 0;
  for (const v of list) s += v;
  return s;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(list: readonly number[]) {
  const sorted = [...list].sort((a, b) => a - b);
  return { count: list.length, sum: sum(list), min: sorted[0], max: sorted[sorted.length - 1], p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/**
 * An hour's row from its minute rows. Counts, sums, minimum and maximum are exact; the hour's median
 * and 95th percentile are the count-weighted median and 95th percentile of the minutes' own (an
 * approximation: the raw values are not kept past their minute). A gauge keeps its last value.
 */
export function hourRows(rows: readonly HistoryRow[], hour: Date): HistoryRow[] {
  const t = hourStart(hour).toISOString();
  const byName = new Map<HistorySeries, HistoryRow[]>();
  for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  const out: HistoryRow[] = [];
  for (const [name, list] of byName) {
    list.sort((a, b) => a.t.localeCompare(b.t));
    const count = sum(list.map((r) => r.count));
    const total = sum(list.map((r) => r.sum));
    const mins = list.map((r) => r.min).filter((v): v is number => v !== null);
    const maxes = list.map((r) => r.max).filter((v): v is number => v !== null);
    const gauge = GAUGE_SERIES.has(name);
    out.push({
      name,
      resolution: '1h',
      t,
      count,
      sum: total,
      min: mins.length ? Math.min(...mins) : null,
      max: maxes.length ? Math.max(...maxes) : null,
      p50: weightedPercentile(list, 'p50', 50),
      p95: weightedPercentile(list, 'p95', 95),
      value: gauge ? list[list.length - 1].value : count > 0 ? total / count : null,
    });
  }
  return out;
}

function weightedPercentile(rows: readonly HistoryRow[], field: 'p50' | 'p95', p: number): number | null {
  const points = rows.filter((r) => r[field] !== null && r.count > 0).map((r) => ({ v: r[field] as number, w: r.count }));
  if (points.length === 0) return null;
  points.sort((a, b) => a.v - b.v);
  const total = sum(points.map((x) => x.w));
  let seen = 0;
  for (const point of points) {
    seen += point.w;
    if (seen >= (p / 100) * total) return point.v;
  }
  return points[points.length - 1].v;
}

/** Two rows for one period (a minute written at shutdown, then again after a restart) read as one. */
function mergeSameTime(rows: HistoryRow[]): HistoryRow[] {
  const out: HistoryRow[] = [];
  for (const r of rows.sort((a, b) => a.t.localeCompare(b.t))) {
    const last = out[out.length - 1];
    if (!last || last.t !== r.t) {
      out.push({ ...r });
      continue;
    }
    const merged = hourRows([last, r], new Date(r.t))[0];
    out[out.length - 1] = { ...merged, resolution: r.resolution, t: r.t };
  }
  return out;
}
