/**
 * The metrics settings as the Monitoring screen edits them: strings as typed (a comma or a point for
 * decimals), shares as percentages, each field checked against the bounds of the core's schema. The
 * whole `metrics` object is rebuilt for `settings.update` (the core replaces it as a unit); the two
 * alert thresholds that live in `quality` (average rating, ingestion success) are edited here too and
 * sent inside the whole `quality` object.
 */
import { MetricsSettingsSchema, type MetricsSettings, type QualitySettings } from '../../../src-shared/domain';

export interface MetricsForm {
  enabled: boolean;
  notifications: boolean;
  port: string;
  pushgatewayUrl: string;
  historyRetentionDays: string;
  alertP95LatencySeconds: string;
  /** Percent. */
  alertErrorRate: string;
  /** Percent. */
  alertMinFreeDiskShare: string;
  alertMinAverageRating: string;
  /** Percent. */
  alertMinIngestSuccess: string;
}

export type TextField = Exclude<keyof MetricsForm, 'enabled' | 'notifications'>;
type NumberField = Exclude<TextField, 'pushgatewayUrl'>;

interface NumberRule {
  kind: 'int' | 'decimal' | 'percent';
  min: number;
  max: number;
  /** The bound is excluded (a latency of 0 s is no threshold). */
  minExclusive?: boolean;
}

/** Bounds as typed, as in MetricsSettingsSchema and QualitySettingsSchema (src-shared/domain.ts). */
export const NUMBER_RULES: Record<NumberField, NumberRule> = {
  port: { kind: 'int', min: 1, max: 65_535 },
  historyRetentionDays: { kind: 'int', min: 1, max: 3650 },
  alertP95LatencySeconds: { kind: 'decimal', min: 0, max: 3600, minExclusive: true },
  alertErrorRate: { kind: 'percent', min: 0, max: 100 },
  alertMinFreeDiskShare: { kind: 'percent', min: 0, max: 100 },
  alertMinAverageRating: { kind: 'decimal', min: 1, max: 5 },
  alertMinIngestSuccess: { kind: 'percent', min: 0, max: 100 },
};

export type FieldError =
  | { kind: 'required' }
  | { kind: 'notNumber' }
  | { kind: 'notWhole' }
  | { kind: 'between'; min: number; max: number }
  | { kind: 'above'; min: number }
  | { kind: 'url' };
export type FormErrors = Partial<Record<TextField, FieldError>>;

type QualityThresholds = Pick<QualitySettings, 'alertMinAverageRating' | 'alertMinIngestSuccess'>;

function show(value: number, lang: 'en' | 'fr'): string {
  // Rounded so 0.05 * 100 shows as 5, not 5.000000000000001.
  const text = String(Math.round(value * 1e6) / 1e6);
  return lang === 'fr' ? text.replace('.', ',') : text;
}

export function formOf(metrics: MetricsSettings, quality: QualityThresholds, lang: 'en' | 'fr' = 'en'): MetricsForm {
  return {
    enabled: metrics.enabled,
    notifications: metrics.notifications,
    port: String(metrics.port),
    pushgatewayUrl: metrics.pushgatewayUrl ?? '',
    historyRetentionDays: String(metrics.historyRetentionDays),
    alertP95LatencySeconds: show(metrics.alertP95LatencySeconds, lang),
    alertErrorRate: show(metrics.alertErrorRate * 100, lang),
    alertMinFreeDiskShare: show(metrics.alertMinFreeDiskShare * 100, lang),
    alertMinAverageRating: show(quality.alertMinAverageRating, lang),
    alertMinIngestSuccess: show(quality.alertMinIngestSuccess * 100, lang),
  };
}

export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '' || !/^-?\d*\.?\d+$/.test(trimmed)) return null;
  return Number(trimmed);
}

function checkNumber(text: string, rule: NumberRule): { value: number } | { error: FieldError } {
  if (text.trim() === '') return { error: { kind: 'required' } };
  const n = parseNumber(text);
  if (n === null) return { error: { kind: 'notNumber' } };
  if (rule.kind === 'int' && !Number.isInteger(n)) return { error: { kind: 'notWhole' } };
  if (rule.minExclusive ? n <= rule.min : n < rule.min) return { error: rule.minExclusive ? { kind: 'above', min: rule.min } : { kind: 'between', min: rule.min, max: rule.max } };
  if (n > rule.max) return { error: { kind: 'between', min: rule.min, max: rule.max } };
  return { value: rule.kind === 'percent' ? Math.round(n * 1e4) / 1e6 : n };
}

export function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    return Boolean(new URL(text).host);
  } catch {
    return false;
  }
}

export interface CheckedForm {
  /** Given only when nothing is wrong. */
  metrics: MetricsSettings | null;
  quality: QualityThresholds | null;
  errors: FormErrors;
}

/** Checks every field; the settings are given only when nothing is wrong. */
export function settingsOf(form: MetricsForm): CheckedForm {
  const errors: FormErrors = {};
  const values: Partial<Record<NumberField, number>> = {};
  for (const key of Object.keys(NUMBER_RULES) as NumberField[]) {
    const checked = checkNumber(form[key], NUMBER_RULES[key]);
    if ('error' in checked) errors[key] = checked.error;
    else values[key] = checked.value;
  }
  const url = form.pushgatewayUrl.trim();
  if (url && (!isHttpUrl(url) || url.length > 2000)) errors.pushgatewayUrl = { kind: 'url' };
  if (Object.keys(errors).length) return { metrics: null, quality: null, errors };
  const metrics: MetricsSettings = {
    enabled: form.enabled,
    notifications: form.notifications,
    port: values.port!,
    pushgatewayUrl: url || null,
    historyRetentionDays: values.historyRetentionDays!,
    alertP95LatencySeconds: values.alertP95LatencySeconds!,
    alertErrorRate: values.alertErrorRate!,
    alertMinFreeDiskShare: values.alertMinFreeDiskShare!,
  };
  // The core's own schema has the last word (a bound changed there shows here as a refusal, not a crash).
  const parsed = MetricsSettingsSchema.safeParse(metrics);
  if (!parsed.success) {
    const path = String(parsed.error.issues[0]?.path[0] ?? '');
    const key: TextField = path in NUMBER_RULES || path === 'pushgatewayUrl' ? (path as TextField) : 'port';
    return { metrics: null, quality: null, errors: { [key]: { kind: 'notNumber' } } };
  }
  return { metrics: parsed.data, quality: { alertMinAverageRating: values.alertMinAverageRating!, alertMinIngestSuccess: values.alertMinIngestSuccess! }, errors };
}

export function isFormDirty(form: MetricsForm, metrics: MetricsSettings, quality: QualityThresholds, lang: 'en' | 'fr' = 'en'): boolean {
  const saved = formOf(metrics, quality, lang);
  return (Object.keys(saved) as Array<keyof MetricsForm>).some((k) => {
    const a = form[k];
    const b = saved[k];
    if (typeof a === 'string' && typeof b === 'string') {
      const na = parseNumber(a);
      const nb = parseNumber(b);
      return na !== null && nb !== null ? na !== nb : a.trim() !== b.trim();
    }
    return a !== b;
  });
}
