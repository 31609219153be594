import { describe, expect, it } from 'vitest';
import { SettingsSchema, type Settings } from '../../../src-shared/domain';
import { ANSWER_SETTINGS_DEFAULTS, INGESTION_SETTINGS_DEFAULTS, QUALITY_SETTINGS_DEFAULTS, METRICS_SETTINGS_DEFAULTS } from '../../../src-shared/settingsDefaults';
import { draftOf, fieldBounds, isDirty, parseNumber, patchOf, toggleLanguage, validateDraft } from './settingsForm';

const saved: Settings = {
  language: 'fr',
  chatModelPath: null,
  embeddingModelPath: null,
  gpu: 'auto',
  gpuLayers: 'auto',
  threads: 1,
  contextSize: 4096,
  batchSize: 512,
  ...ANSWER_SETTINGS_DEFAULTS,
  chunkSize: 1200,
  chunkOverlap: 150,
  chatModelSource: 'local',
  remoteChat: { enabled: false, baseUrl: 'http://127.0.0.1:11434/v1', model: '', apiKey: null, label: '' },
  quality: { ...QUALITY_SETTINGS_DEFAULTS },
  metrics: { ...METRICS_SETTINGS_DEFAULTS },
};

describe('settings form', () => {
  it('reads numbers typed the French or the English way, and nothing else', () => {
    expect(parseNumber('0,7')).toBe(0.7);
    expect(parseNumber(' 0.7 ')).toBe(0.7);
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber('1e3')).toBeNaN();
    expect(parseNumber('abc')).toBeNaN();
    expect(parseNumber('')).toBeNaN();
  });

  it('takes its bounds from the schema the core checks', () => {
    expect(fieldBounds('temperature')).toMatchObject({ min: 0, max: 2, whole: false });
    expect(fieldBounds('topK')).toMatchObject({ min: 1, max: 50, whole: true });
    // "positive" whole numbers start at 1; the largest safe integer is no bound to show.
    expect(fieldBounds('maxTokens')).toMatchObject({ min: 1, max: null, whole: true });
    expect(fieldBounds('chunkSize')).toMatchObject({ min: 100, max: null });
  });

  it('explains each refused value, and accepts exactly what the schema accepts', () => {
    const draft = draftOf(saved, 'fr');
    expect(draft.temperature).toBe('0,2');
    expect(validateDraft(draft)).toEqual({});
    expect(validateDraft({ ...draft, temperature: '2,5' }).temperature).toEqual({ key: 'between', values: { min: 0, max: 2 } });
    expect(validateDraft({ ...draft, topK: '3.5' }).topK).toEqual({ key: 'notWhole', values: {} });
    expect(validateDraft({ ...draft, maxTokens: '0' }).maxTokens).toEqual({ key: 'atLeast', values: { min: 1 } });
    expect(validateDraft({ ...draft, chunkSize: '99' }).chunkSize).toEqual({ key: 'atLeast', values: { min: 100 } });
    expect(validateDraft({ ...draft, chunkOverlap: '' }).chunkOverlap).toEqual({ key: 'required', values: {} });
    expect(validateDraft({ ...draft, chunkOverlap: 'x' }).chunkOverlap).toEqual({ key: 'notNumber', values: {} });
    expect(validateDraft({ ...draft, ocrLanguages: [] }).ocrLanguages).toEqual({ key: 'oneLanguage', values: {} });
    const patch = patchOf({ ...draft, temperature: '1,5', chunkSize: '800' });
    expect(SettingsSchema.partial().safeParse(patch).success).toBe(true);
    expect(patch).toMatchObject({ temperature: 1.5, chunkSize: 800, chunkUnit: 'auto', ocrMode: 'auto', ocrLanguages: ['fra', 'eng'] });
  });

  it('sees a change only where a value differs', () => {
    const draft = draftOf(saved, 'en');
    expect(isDirty(draft, saved)).toBe(false);
    expect(isDirty({ ...draft, temperature: '0,20' }, saved)).toBe(false);
    expect(isDirty({ ...draft, temperature: '0.3' }, saved)).toBe(true);
    expect(isDirty({ ...draft, chunkSize: '' }, saved)).toBe(true);
    expect(isDirty({ ...draft, ocrLanguages: ['eng', 'fra'] }, saved)).toBe(true);
    expect(isDirty(draft, { ...saved, ...INGESTION_SETTINGS_DEFAULTS })).toBe(false);
  });

  it('adds a checked language last and keeps the others in order', () => {
    expect(toggleLanguage(['fra'], 'eng', true)).toEqual(['fra', 'eng']);
    expect(toggleLanguage(['fra', 'eng'], 'fra', false)).toEqual(['eng']);
    expect(toggleLanguage(['eng'], 'fra', true)).toEqual(['eng', 'fra']);
  });
});
