/**
 * Analytics: the tables of analyticsTables.ts exported as files (analyticsExport.ts) or queried with
 * SQL (analyticsQuery.ts). Queries run one at a time: each gets a DuckDB database of its own, and on a
 * laptop two of them side by side would only slow each other and the app.
 */
import { PhareError } from '../../../src-shared/errors';
import type { AnalyticsResult, AnalyticsTable } from '../../../src-shared/monitoring';
import { exportAnalyticsTable, type AnalyticsExport } from './analyticsExport';
import { runAnalyticsQuery } from './analyticsQuery';
import { readAnalyticsTable, type AnalyticsSources } from './analyticsTables';

export const DEFAULT_QUERY_LIMIT = 1_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

export interface AnalyticsService {
  exportTable(table: AnalyticsTable, format: 'csv' | 'json', since?: string): Promise<AnalyticsExport>;
  query(sql: string, limit?: number): Promise<AnalyticsResult>;
  /** Waits for a query in flight (its DuckDB database is closed when it ends). */
  dispose(): Promise<void>;
}

export function createAnalyticsService(sources: AnalyticsSources, options: { queryTimeoutMs?: number } = {}): AnalyticsService {
  let queue: Promise<unknown> = Promise.resolve();

  return {
    async exportTable(table, format, since) {
      return exportAnalyticsTable(await readAnalyticsTable(table, sources, isoSince(since)), format);
    },
    query(sql, limit) {
      const run = queue.then(() =>
        runAnalyticsQuery(sql, { limit: limit ?? DEFAULT_QUERY_LIMIT, timeoutMs: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS }, (table) =>
          readAnalyticsTable(table, sources),
        ),
      );
      queue = run.catch(() => undefined);
      return run;
    },
    async dispose() {
      await queue;
    },
  };
}

/** `since` as typed (a day, an instant) to the ISO instant the tables' times compare with. */
function isoSince(since: string | undefined): string | undefined {
  if (since === undefined) return undefined;
  const ms = Date.parse(since);
  if (Number.isNaN(ms)) throw new PhareError('VALIDATION', { detail: `since: must be a date (YYYY-MM-DD or ISO 8601), got ${since.slice(0, 40)}` });
  return new Date(ms).toISOString();
}
