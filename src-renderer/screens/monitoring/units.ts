/**
 * How the Monitoring screen writes its figures: each history series has a unit (seconds, bytes, a
 * share, a rating, a count, tokens a second), formatted in the UI language for tables, tooltips and
 * axis ticks; and the range and time labels of the charts. Pure, so it is tested without a browser.
 */
import type { Lang } from '../../../src-shared/errors';
import type { HistoryRange, HistorySeries } from '../../../src-shared/monitoring';
import { formatBytes } from '../models/formatModel';

export type Unit = 'seconds' | 'count' | 'bytes' | 'share' | 'rating' | 'tokensPerSecond';

export const SERIES_UNIT: Record<HistorySeries, Unit> = {
  answers: 'count',
  answer_errors: 'count',
  unanswered: 'count',
  total_latency_seconds: 'seconds',
  retrieval_latency_seconds: 'seconds',
  generation_latency_seconds: 'seconds',
  ttft_seconds: 'seconds',
  tokens_per_second: 'tokensPerSecond',
  feedback: 'count',
  feedback_rating: 'rating',
  feedback_corrections: 'count',
  blacklisted_chunks: 'count',
  analysis_runs_completed: 'count',
  analysis_runs_failed: 'count',
  documents_ready: 'count',
  documents_failed: 'count',
  cpu_share: 'share',
  rss_bytes: 'bytes',
  model_ram_bytes: 'bytes',
  model_vram_bytes: 'bytes',
  disk_free_bytes: 'bytes',
  disk_free_share: 'share',
  index_documents: 'count',
  index_chunks: 'count',
  index_bytes: 'bytes',
};

const LOCALE: Record<Lang, string> = { en: 'en-GB', fr: 'fr-FR' };

function number(value: number, lang: Lang, digits: number): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits }).format(value);
}

/** Seconds as people read them: 85 ms, 1.4 s, 12 s, 2.5 min. */
export function formatSeconds(seconds: number, lang: Lang): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1) return `${number(seconds * 1000, lang, abs < 0.01 ? 1 : 0)} ms`;
  if (abs < 10) return `${number(seconds, lang, 2)} s`;
  if (abs < 120) return `${number(seconds, lang, 1)} s`;
  return `${number(seconds / 60, lang, 1)} min`;
}

/** A 0..1 share as a percentage (French puts a narrow no-break space before %, Intl knows). */
export function formatShare(share: number, lang: Lang): string {
  const digits = share !== 0 && Math.abs(share) < 0.1 ? 1 : 0;
  return new Intl.NumberFormat(LOCALE[lang], { style: 'percent', maximumFractionDigits: digits }).format(share);
}

export function formatValue(value: number | null | undefined, unit: Unit, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'seconds':
      return formatSeconds(value, lang);
    case 'bytes':
      return formatBytes(value, lang);
    case 'share':
      return formatShare(value, lang);
    case 'rating':
      return `${number(value, lang, 2)} / 5`;
    case 'tokensPerSecond':
      return `${number(value, lang, value < 10 ? 1 : 0)} tok/s`;
    case 'count':
      return number(value, lang, Number.isInteger(value) ? 0 : 2);
  }
}

/** Short tick labels for an axis: the same units, with fewer digits. */
export function formatTick(value: number, unit: Unit, lang: Lang): string {
  if (unit === 'rating') return number(value, lang, 1);
  if (unit === 'count') return number(value, lang, Number.isInteger(value) ? 0 : 1);
  return formatValue(value, unit, lang);
}

export const RANGE_MS: Record<HistoryRange, number> = {
  '1h': 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  '30d': 30 * 24 * 3_600_000,
};

/** How far back a range goes, in milliseconds. */
export function rangeOf(range: HistoryRange): number {
  return RANGE_MS[range];
}

/** The period one point covers for a range (per minute up to 24 h, per hour beyond). */
export function resolutionMs(range: HistoryRange): number {
  return range === '1h' || range === '24h' ? 60_000 : 3_600_000;
}

/** How a time is written on the axis and in the tables: the clock for 1 h and 24 h, the day (and hour) beyond. */
export function formatTime(ms: number, range: HistoryRange, lang: Lang, detail: 'tick' | 'row' = 'row'): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '';
  const options: Intl.DateTimeFormatOptions =
    range === '1h' || (range === '24h' && detail === 'tick')
      ? { hour: '2-digit', minute: '2-digit' }
      : range === '24h'
        ? { weekday: 'short', hour: '2-digit', minute: '2-digit' }
        : detail === 'tick'
          ? { day: 'numeric', month: 'short' }
          : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(LOCALE[lang], options).format(date);
}

/** A calendar day (YYYY-MM-DD as the overview gives it, or a local time in ms) in the UI language. */
export function formatDay(day: string | number, lang: Lang): string {
  const date = typeof day === 'number' ? new Date(day) : new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return String(day);
  return new Intl.DateTimeFormat(LOCALE[lang], { weekday: 'short', day: 'numeric', month: 'short' }).format(date);
}
