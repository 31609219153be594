/**
 * Figures of the quality loop as people read them: shares as percentages, ratings with one decimal,
 * durations, dates. Signals (attention reasons, alerts, re-ingestion reasons) arrive as a code and
 * params; their sentence is the code's translation, filled with these formatted params.
 */
import type { Lang } from '../../../src-shared/errors';
import { baseName, formatDate, formatMs } from '../../lib/format';
import { formatBytes } from '../models/formatModel';

export type ParamValue = string | number;

export function formatPercent(share: number, lang: Lang, digits = 0): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: digits }).format(share);
}

function formatDecimal(value: number, lang: Lang, digits: number): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits }).format(value);
}

/** A number given as a share (0..1) or already as a percentage (1..100). */
function asShare(value: number): number {
  return value > 1 ? value / 100 : value;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * One param, formatted by what its name says it is: shares, rates and ratios as percentages (and the
 * names in `shares`, for a code whose threshold is a share), confidences as percentages, milliseconds
 * as durations, byte counts as sizes, averages, ratings, scores and thresholds with up to two decimals, ISO dates as dates.
 */
export function formatParam(name: string, value: ParamValue, lang: Lang, shares: readonly string[] = []): string {
  if (typeof value === 'string') return ISO_DATE.test(value) ? formatDate(value, lang) : value;
  if (!Number.isFinite(value)) return String(value);
  if (shares.includes(name) || /share|rate|ratio|percent/i.test(name)) return formatPercent(asShare(value), lang, 1);
  if (/confidence/i.test(name)) return formatPercent(asShare(value), lang);
  if (/ms$/i.test(name)) return formatMs(value, lang);
  if (/bytes$/i.test(name)) return formatBytes(value, lang);
  if (/average|avg|mean|rating|score|threshold|min|max/i.test(name)) return formatDecimal(value, lang, 2);
  return formatDecimal(value, lang, 2);
}

export function formatParams(params: Record<string, ParamValue>, lang: Lang, shares: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, formatParam(k, v, lang, shares)]));
}

/**
 * Params a code's threshold is a share of (an alert on ingestion success compares a rate with a rate).
 * Everything else is formatted by its name alone.
 */
export const SHARE_PARAMS: Record<string, readonly string[]> = {
  'low-ingest-success': ['threshold', 'min', 'value', 'actual'],
  'many-corrections': ['threshold', 'max', 'value', 'actual'],
};

/**
 * The param whose number a code's sentence agrees with ("of its 1 passage is", "of its 3 passages
 * are"): its plural form is chosen by that count. Codes not listed agree with `count`, when given.
 */
export const PLURAL_PARAMS: Record<string, string> = {
  'low-ingest-success': 'documents',
  'blacklisted-share': 'chunks',
  'low-score-share': 'scored',
  'low-ocr-confidence': 'ocrPages',
};

/** The sentence's placeholders that the params do not fill: the UI then falls back to a plain list. */
export function missingPlaceholders(template: string, params: Record<string, unknown>): string[] {
  const names = [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
  return [...new Set(names)].filter((n) => !(n in params));
}

/** 'HH:MM' of the schedule: two digits each, 00:00 to 23:59. */
export function isScheduleTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** A row of the histogram: its share of the largest bar (0..100, for a <meter>), and its count. */
export function histogramBars(histogram: readonly number[]): Array<{ rating: number; count: number; ofMax: number }> {
  const max = Math.max(0, ...histogram);
  return histogram.map((count, i) => ({ rating: i + 1, count, ofMax: max > 0 ? Math.round((count / max) * 100) : 0 }));
}

/** A model as the run names it: a file's name without its folder, a remote one ("remote:<label>") whole. */
export function modelName(model: string): string {
  return model.startsWith('remote:') ? model : baseName(model);
}
