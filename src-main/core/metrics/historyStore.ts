/**
 * The metrics history behind the in-app dashboard, so it works with no Prometheus at all: one LanceDB
 * table, `metric_samples`, in the library's database (own connection). One row per series per minute
 * (`1m`), rolled up into one row per series per hour (`1h`) once the hour is over. Minute rows are kept
 * MINUTE_RETENTION_DAYS, hour rows the retention setting (90 days by default).
 */
import { Field, Float64, Schema, Utf8 } from 'apache-arrow';
import type { HistoryPoint, HistorySeries } from '../../../src-shared/monitoring';
import { arrowRows } from '../store/arrowRows';
import { sqlAnd, sqlIn, sqlString } from '../store/sqlFilter';
import { compactingWrites } from '../store/compactingWrites';
import { tableOpener } from '../store/openOrCreateTable';
import { createWriteQueue } from '../store/writeQueue';
import { connectLance } from '../store/lanceConnection';

export const HISTORY_TABLE = 'metric_samples';
/** Minute points are what the 1 h and 24 h views show; past a week only hours are kept. */
export const MINUTE_RETENTION_DAYS = 7;
const DAY_MS = 86_400_000;
/** Small fragments the history may hold before it is compacted (a row a minute per series makes many). */
const MAX_SMALL_FRAGMENTS = 32;

export type Resolution = '1m' | '1h';

export interface HistoryRow extends HistoryPoint {
  name: HistorySeries;
  resolution: Resolution;
}

const num = (name: string) => new Field(name, new Float64(), true);
const historySchema = new Schema([
  new Field('name', new Utf8(), false),
  new Field('resolution', new Utf8(), false),
  new Field('t', new Utf8(), false),
  new Field('count', new Float64(), false),
  new Field('sum', new Float64(), false),
  num('min'),
  num('max'),
  num('p50'),
  num('p95'),
  num('value'),
]);

export interface HistoryStore {
  append(rows: HistoryRow[]): Promise<void>;
  /** Rows of these series at this resolution from `since` (inclusive) to `until` (exclusive), oldest first. */
  read(names: readonly HistorySeries[], resolution: Resolution, since: Date, until?: Date): Promise<HistoryRow[]>;
  /** Hours that have minute rows but no hour rows yet, before `before` (the current hour). */
  hoursToRollUp(before: Date): Promise<Date[]>;
  /** Drops minute rows older than MINUTE_RETENTION_DAYS and hour rows older than `retentionDays`. */
  prune(now: Date, retentionDays: number): Promise<void>;
  close(): Promise<void>;
}

export async function openHistoryStore(dbPath: string): Promise<HistoryStore> {
  const db = await connectLance(dbPath);
  const table = await tableOpener(db, await db.tableNames())(HISTORY_TABLE, historySchema);
  const queue = createWriteQueue();
  const write = compactingWrites(queue, { tables: () => [table], maxSmallFragments: MAX_SMALL_FRAGMENTS, tag: 'metrics' });

  return {
    append(rows) {
      if (rows.length === 0) return Promise.resolve();
      return write(async () => void (await table.add(rows.map((r) => ({ ...r })))));
    },

    async read(series, resolution, since, until) {
      const where = sqlAnd(
        sqlIn('name', series),
        `resolution = ${sqlString(resolution)}`,
        `t >= ${sqlString(since.toISOString())}`,
        until ? `t < ${sqlString(until.toISOString())}` : undefined,
      );
      const rows = arrowRows(await table.query().where(where!).toArrow());
      return rows.map(rowOf).sort((a, b) => a.t.localeCompare(b.t) || a.name.localeCompare(b.name));
    },

    async hoursToRollUp(before) {
      const rows = arrowRows(await table.query().select(['resolution', 't']).toArrow());
      const minuteHours = new Set<string>();
      const rolled = new Set<string>();
      for (const r of rows) {
        const hour = hourStart(new Date(String(r.t))).toISOString();
        if (String(r.resolution) === '1h') rolled.add(hour);
        else if (hour < hourStart(before).toISOString()) minuteHours.add(hour);
      }
      return [...minuteHours].filter((h) => !rolled.has(h)).sort().map((h) => new Date(h));
    },

    prune(now, retentionDays) {
      return queue.run(async () => {
        const minuteLimit = new Date(now.getTime() - Math.min(MINUTE_RETENTION_DAYS, retentionDays) * DAY_MS).toISOString();
        const hourLimit = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
        await table.delete(`(resolution = '1m' AND t < ${sqlString(minuteLimit)}) OR (resolution = '1h' AND t < ${sqlString(hourLimit)})`);
      });
    },

    async close() {
      await queue.idle();
      table.close();
      db.close();
    },
  };
}

export function hourStart(date: Date): Date {
  const d = new Date(date.getTime());
  d.setUTCMinutes(0, 0, 0);
  return d;
}

function rowOf(r: Record<string, unknown>): HistoryRow {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    name: String(r.name) as HistorySeries,
    resolution: String(r.resolution) as Resolution,
    t: String(r.t),
    count: Number(r.count),
    sum: Number(r.sum),
    min: n(r.min),
    max: n(r.max),
    p50: n(r.p50),
    p95: n(r.p95),
    value: n(r.value),
  };
}
