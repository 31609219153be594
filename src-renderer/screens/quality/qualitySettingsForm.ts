/**
 * The quality settings as the Quality screen edits them: strings as typed (a comma or a point for
 * decimals), shares shown as percentages, each field checked against the bounds of the core's schema,
 * and the whole `quality` object rebuilt for `settings.update` (the core replaces it as a unit).
 */
import { QualitySettingsSchema, type QualitySettings } from '../../../src-shared/domain';
import { isScheduleTime } from './qualityText';

type NumberKey = Exclude<keyof QualitySettings, 'scheduleEnabled' | 'scheduleTime' | 'allowRemoteJudge' | 'ruleOnlyDecisions'>;
type FlagKey = 'scheduleEnabled' | 'allowRemoteJudge' | 'ruleOnlyDecisions';

export interface NumberField {
  key: NumberKey;
  /** 'percent': a 0..1 share typed as 0..100. */
  kind: 'int' | 'decimal' | 'percent';
  /** Bounds as typed (percent fields in 0..100). */
  min: number;
  max: number;
  step: number;
}

/** Bounds as in QualitySettingsSchema (src-shared/domain.ts). */
export const NUMBER_FIELDS: readonly NumberField[] = [
  { key: 'minVotes', kind: 'int', min: 1, max: 1000, step: 1 },
  { key: 'blacklistThreshold', kind: 'decimal', min: 0, max: 1, step: 0.05 },
  { key: 'priorWeight', kind: 'decimal', min: 0, max: 1000, step: 0.5 },
  { key: 'judgeTimeoutSeconds', kind: 'int', min: 5, max: 600, step: 5 },
  { key: 'alertMinAverageRating', kind: 'decimal', min: 1, max: 5, step: 0.1 },
  { key: 'alertMinIngestSuccess', kind: 'percent', min: 0, max: 100, step: 1 },
  { key: 'attentionMinFeedback', kind: 'int', min: 1, max: 100_000, step: 1 },
  { key: 'attentionMaxAverage', kind: 'decimal', min: 1, max: 5, step: 0.1 },
  { key: 'attentionMaxCorrectedShare', kind: 'percent', min: 0, max: 100, step: 1 },
];

export type QualityForm = { [K in NumberKey]: string } & { [K in FlagKey]: boolean } & { scheduleTime: string };

export type FieldError = { kind: 'required' } | { kind: 'notNumber' } | { kind: 'notWhole' } | { kind: 'between'; min: number; max: number } | { kind: 'time' };
export type FormErrors = Partial<Record<keyof QualitySettings, FieldError>>;

function show(value: number, lang: 'en' | 'fr'): string {
  // Rounded so 0.3 * 100 shows as 30, not 30.000000000000004.
  const text = String(Math.round(value * 1e6) / 1e6);
  return lang === 'fr' ? text.replace('.', ',') : text;
}

export function formOf(settings: QualitySettings, lang: 'en' | 'fr' = 'en'): QualityForm {
  const form = {
    scheduleEnabled: settings.scheduleEnabled,
    scheduleTime: settings.scheduleTime,
    allowRemoteJudge: settings.allowRemoteJudge,
    ruleOnlyDecisions: settings.ruleOnlyDecisions,
  } as QualityForm;
  for (const f of NUMBER_FIELDS) form[f.key] = show(f.kind === 'percent' ? settings[f.key] * 100 : settings[f.key], lang);
  return form;
}

function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '' || !/^-?\d*\.?\d+$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** Checks every field; the settings object is given only when nothing is wrong. */
export function settingsOf(form: QualityForm, base: QualitySettings): { settings: QualitySettings | null; errors: FormErrors } {
  const errors: FormErrors = {};
  const next: QualitySettings = { ...base, scheduleEnabled: form.scheduleEnabled, allowRemoteJudge: form.allowRemoteJudge, ruleOnlyDecisions: form.ruleOnlyDecisions, scheduleTime: form.scheduleTime };
  if (!isScheduleTime(form.scheduleTime)) errors.scheduleTime = { kind: 'time' };
  for (const f of NUMBER_FIELDS) {
    const text = form[f.key];
    if (text.trim() === '') {
      errors[f.key] = { kind: 'required' };
      continue;
    }
    const n = parseNumber(text);
    if (n === null) errors[f.key] = { kind: 'notNumber' };
    else if (f.kind === 'int' && !Number.isInteger(n)) errors[f.key] = { kind: 'notWhole' };
    else if (n < f.min || n > f.max) errors[f.key] = { kind: 'between', min: f.min, max: f.max };
    else next[f.key] = f.kind === 'percent' ? Math.round(n * 1e4) / 1e6 : n;
  }
  if (Object.keys(errors).length) return { settings: null, errors };
  // The core's own schema has the last word (a bound changed there shows here as a refusal, not a crash).
  const checked = QualitySettingsSchema.safeParse(next);
  if (checked.success) return { settings: checked.data, errors };
  const key = (checked.error.issues[0]?.path[0] ?? 'minVotes') as keyof QualitySettings;
  return { settings: null, errors: { [key]: { kind: 'notNumber' } } };
}

export function isFormDirty(form: QualityForm, settings: QualitySettings, lang: 'en' | 'fr' = 'en'): boolean {
  const saved = formOf(settings, lang);
  return (Object.keys(saved) as Array<keyof QualityForm>).some((k) => {
    const a = form[k];
    const b = saved[k];
    if (typeof a === 'string' && typeof b === 'string') return parseNumber(a) !== null && parseNumber(b) !== null ? parseNumber(a) !== parseNumber(b) : a.trim() !== b.trim();
    return a !== b;
  });
}
