import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { fr } from '../../i18n/fr';
import { phraseSignal } from './phraseSignal';

const i18n = i18next.createInstance();
void i18n.init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false }, initAsync: false });
const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** Each code with the params the core sends (src-main/core/quality/qualityStats.ts, reingestAdvice.ts). */
const SIGNALS: Array<[string, Record<string, string | number>]> = [
  ['low-average', { average: 2.4, threshold: 3, count: 12 }],
  ['many-corrections', { share: 0.25, threshold: 0.2, count: 3 }],
  ['low-rating', { average: 2.1, threshold: 2.5, count: 12 }],
  ['low-ingest-success', { rate: 0.5, threshold: 0.8, failed: 5, documents: 10 }],
  ['last-run-failed', { runId: 'r1', at: '2025-03-01T03:00:00.000Z', error: 'The model process stopped' }],
  ['blacklisted-share', { blacklisted: 3, chunks: 10, share: 0.3 }],
  ['low-score-share', { low: 4, scored: 5, share: 0.8 }],
  ['low-ocr-confidence', { pages: 2, ocrPages: 4, list: '3, 4' }],
  ['validation-failed', { checks: 'findable' }],
  ['judge-advice', { chunks: 2 }],
];

describe('signals phrased from their code and params', () => {
  it.each(SIGNALS)('%s reads as a whole sentence in English and French', (code, params) => {
    for (const lang of ['en', 'fr'] as const) {
      const text = phraseSignal(i18n, lang, code, params);
      expect(text).not.toMatch(/\{\{|\}\}|quality\./);
      expect(text).not.toContain(code);
      expect(text.length).toBeGreaterThan(15);
    }
  });

  it('formats the figures: percentages, decimals, dates', () => {
    expect(phraseSignal(i18n, 'en', 'low-ingest-success', SIGNALS[3][1])).toBe('Only 50% of the 10 documents ingested became ready (5 failed; the threshold is 80%)');
    expect(nb(phraseSignal(i18n, 'fr', 'low-average', SIGNALS[0][1]))).toBe('Note moyenne de 2,4 sur 12 avis, sous 3');
    expect(phraseSignal(i18n, 'en', 'last-run-failed', SIGNALS[4][1])).toMatch(/^The last analysis run \(1 Mar 2025, \d\d:\d\d\) failed: The model process stopped$/);
  });

  it('falls back to the short sentence and labelled figures when the params do not fit the sentence', () => {
    expect(phraseSignal(i18n, 'en', 'last-run-failed', { runId: 'r1', at: '2025-03-01T03:00:00.000Z', error: '' })).toMatch(/^The last analysis run failed \(run: r1 · started: 1 Mar 2025/);
    expect(phraseSignal(i18n, 'en', 'low-average', { mean: 2 })).toBe('The average rating is low (mean: 2)');
    expect(phraseSignal(i18n, 'en', 'some-new-code', {})).toBe('some-new-code');
  });
});
