/**
 * The Admin screen's pure parts: the log filters turned into a `logs.list` request, a log entry's
 * extra fields as one line, and an analytics result's cells as text. Tested without a browser.
 */
import type { LogLevel } from '../../../src-shared/monitoring';
import type { MethodInput } from '../../../src-shared/contract';
import { LogLevelSchema } from '../../../src-shared/monitoring';

export const LOG_LEVELS: readonly LogLevel[] = LogLevelSchema.options;
/** Entries asked of the core at a time (the list is windowed, so many rows cost little). */
export const LOGS_LIMIT = 2_000;
/** Rows asked of an analytics query (the core says when more were left out). */
export const QUERY_LIMIT = 1_000;

export interface LogFilterForm {
  /** The lowest level shown ('' for all). */
  level: '' | LogLevel;
  source: string;
  /** A local date and time as the datetime-local field gives it (YYYY-MM-DDTHH:MM), or ''. */
  since: string;
  query: string;
}

export const EMPTY_LOG_FILTER: LogFilterForm = { level: '', source: '', since: '', query: '' };

/** A datetime-local value (local time) as an ISO instant; null when empty or not a date. */
export function localToIso(local: string): string | null {
  if (!local.trim()) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function logsInput(form: LogFilterForm, limit = LOGS_LIMIT): MethodInput<'logs.list'> {
  const since = localToIso(form.since);
  const source = form.source.trim();
  const query = form.query.trim().slice(0, 500);
  return {
    limit,
    ...(form.level ? { level: form.level } : {}),
    ...(source ? { source: source.slice(0, 100) } : {}),
    ...(since ? { since } : {}),
    ...(query ? { query } : {}),
  };
}

/** The sources seen in entries, with the usual ones, sorted (suggestions for the source field). */
export function knownSources(entries: ReadonlyArray<{ source: string }>, usual: readonly string[] = ['core', 'chat', 'ingest', 'quality', 'metrics', 'server']): string[] {
  return [...new Set([...usual, ...entries.map((e) => e.source).filter(Boolean)])].sort();
}

/** An entry's extra fields on one line (`key=value`, values as JSON when not plain). */
export function dataLine(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

export type Cell = string | number | boolean | null;

/** One cell of an analytics result as text: numbers in the UI language, null as an em dash. */
export function cellText(value: Cell, lang: 'en' | 'fr'): string {
  if (value === null) return '—';
  if (typeof value === 'number') return Number.isFinite(value) ? new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 6, useGrouping: false }).format(value) : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value;
}

