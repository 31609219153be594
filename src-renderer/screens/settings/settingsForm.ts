/**
 * The Settings screen's form, without React: the draft as typed, its validation against the very
 * schema the core checks (SettingsSchema), the patch it saves, and whether it differs from what is saved.
 * Errors are values (a translation key and its numbers) so they are shown in the user's language.
 */
import type { z } from 'zod';
import { SettingsSchema, type OcrMode, type Settings } from '../../../src-shared/domain';
import { INGESTION_SETTINGS_DEFAULTS, type AnswerSettings, type IngestionSettings } from '../../../src-shared/settingsDefaults';

export type ChunkUnit = IngestionSettings['chunkUnit'];
export type NumberField = 'temperature' | 'maxTokens' | 'topK' | 'chunkSize' | 'chunkOverlap';
export const NUMBER_FIELDS: readonly NumberField[] = ['temperature', 'maxTokens', 'topK', 'chunkSize', 'chunkOverlap'];

/** What the form edits; numbers stay text while typed, so "0," or an empty box can be shown and judged. */
export interface SettingsDraft extends Record<NumberField, string> {
  chunkUnit: ChunkUnit;
  ocrMode: OcrMode;
  ocrLanguages: string[];
}

/** The part of the settings the screen saves: nothing else is sent, so other screens' settings are untouched. */
export type SettingsPatch = AnswerSettings & IngestionSettings;

export interface FieldError {
  /** Under `settings.errors`. */
  key: 'required' | 'notNumber' | 'notWhole' | 'between' | 'atLeast' | 'above' | 'atMost' | 'oneLanguage' | 'languagesInvalid';
  values: Record<string, number>;
}

export type DraftErrors = Partial<Record<NumberField | 'ocrLanguages', FieldError>>;

const shape = SettingsSchema.shape;
const numberSchemas: Record<NumberField, z.ZodNumber> = {
  temperature: shape.temperature,
  maxTokens: shape.maxTokens,
  topK: shape.topK,
  chunkSize: shape.chunkSize,
  chunkOverlap: shape.chunkOverlap,
};

/** A bound zod puts on every integer (the largest safe one) is no bound a person needs to read. */
const meaningful = (bound: number | null) => (bound !== null && Number.isFinite(bound) && Math.abs(bound) < Number.MAX_SAFE_INTEGER ? bound : null);

/**
 * The schema's bounds of a number field, for the inputs' hints and min/max attributes. An exclusive
 * lower bound ("positive") on whole numbers is given as the first allowed number.
 */
export function fieldBounds(field: NumberField): { min: number | null; max: number | null; whole: boolean; minExclusive: boolean } {
  const schema = numberSchemas[field];
  const whole = schema.isInt;
  let min = meaningful(schema.minValue);
  let minExclusive = min !== null && !schema.safeParse(min).success;
  if (min !== null && minExclusive && whole) {
    min += 1;
    minExclusive = false;
  }
  return { min, max: meaningful(schema.maxValue), whole, minExclusive };
}

/** Numbers as people type them: French writes "0,7", English "0.7"; both are read. */
export function parseNumber(raw: string): number {
  const text = raw.trim().replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return Number.NaN;
  return Number(text);
}

/** A number as the draft shows it, with the decimal separator of the language. */
export function formatNumber(value: number, lang: string): string {
  const text = String(value);
  return lang === 'fr' ? text.replace('.', ',') : text;
}

function checkNumber(field: NumberField, raw: string): FieldError | null {
  if (raw.trim() === '') return { key: 'required', values: {} };
  const value = parseNumber(raw);
  if (Number.isNaN(value)) return { key: 'notNumber', values: {} };
  const result = numberSchemas[field].safeParse(value);
  if (result.success) return null;
  const { min, max, whole, minExclusive } = fieldBounds(field);
  if (whole && !Number.isInteger(value)) return { key: 'notWhole', values: {} };
  // One message per field, naming every bound, so the user sees the whole range at once.
  if (min !== null && max !== null && !minExclusive) return { key: 'between', values: { min, max } };
  if (min !== null) return minExclusive ? { key: 'above', values: { min } } : { key: 'atLeast', values: { min } };
  if (max !== null) return { key: 'atMost', values: { max } };
  return { key: 'notNumber', values: {} };
}

export function validateDraft(draft: SettingsDraft): DraftErrors {
  const errors: DraftErrors = {};
  for (const field of NUMBER_FIELDS) {
    const error = checkNumber(field, draft[field]);
    if (error) errors[field] = error;
  }
  const languages = shape.ocrLanguages.safeParse(draft.ocrLanguages);
  if (draft.ocrLanguages.length === 0) errors.ocrLanguages = { key: 'oneLanguage', values: {} };
  else if (!languages.success) errors.ocrLanguages = { key: 'languagesInvalid', values: {} };
  return errors;
}

export const hasErrors = (errors: DraftErrors) => Object.keys(errors).length > 0;

/** The settings the draft stands for; only meaningful when validateDraft found nothing. */
export function patchOf(draft: SettingsDraft): SettingsPatch {
  return {
    temperature: parseNumber(draft.temperature),
    maxTokens: parseNumber(draft.maxTokens),
    topK: parseNumber(draft.topK),
    chunkSize: parseNumber(draft.chunkSize),
    chunkOverlap: parseNumber(draft.chunkOverlap),
    chunkUnit: draft.chunkUnit,
    ocrMode: draft.ocrMode,
    ocrLanguages: [...draft.ocrLanguages],
  };
}

/** The saved settings as the form shows them; absent optional settings show the value the core uses for them. */
export function draftOf(settings: Settings, lang: string): SettingsDraft {
  return {
    temperature: formatNumber(settings.temperature, lang),
    maxTokens: String(settings.maxTokens),
    topK: String(settings.topK),
    chunkSize: String(settings.chunkSize),
    chunkOverlap: String(settings.chunkOverlap),
    chunkUnit: settings.chunkUnit ?? INGESTION_SETTINGS_DEFAULTS.chunkUnit,
    ocrMode: settings.ocrMode ?? INGESTION_SETTINGS_DEFAULTS.ocrMode,
    ocrLanguages: [...(settings.ocrLanguages ?? INGESTION_SETTINGS_DEFAULTS.ocrLanguages)],
  };
}

/** Whether the draft would change anything: "0,20" against a saved 0.2 is no change. */
export function isDirty(draft: SettingsDraft, saved: Settings): boolean {
  const savedDraft = draftOf(saved, 'en');
  for (const field of NUMBER_FIELDS) {
    const value = parseNumber(draft[field]);
    if (Number.isNaN(value) || value !== parseNumber(savedDraft[field])) return true;
  }
  return (
    draft.chunkUnit !== savedDraft.chunkUnit ||
    draft.ocrMode !== savedDraft.ocrMode ||
    draft.ocrLanguages.join('+') !== savedDraft.ocrLanguages.join('+')
  );
}

/** Checking a language adds it last (the first is tried first on each word); unchecking keeps the others' order. */
export function toggleLanguage(languages: readonly string[], code: string, on: boolean): string[] {
  const without = languages.filter((l) => l !== code);
  return on ? [...without, code] : without;
}
