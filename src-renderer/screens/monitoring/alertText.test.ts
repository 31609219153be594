import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { AlertRuleSchema, type AlertRule } from '../../../src-shared/monitoring';
import { en } from '../../i18n/en';
import { fr } from '../../i18n/fr';
import { phraseAlert, RULE_UNIT } from './alertText';

const i18n = i18next.createInstance();
void i18n.init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false }, initAsync: false });
const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** Each rule with a value and threshold as the core evaluates them (shares in 0..1, seconds, a 1-5 rating). */
const ALERTS: Array<[AlertRule, number, number]> = [
  ['latency-p95', 12.4, 10],
  ['error-rate', 0.08, 0.05],
  ['low-rating', 2.1, 2.5],
  ['low-ingest-success', 0.5, 0.8],
  ['low-disk', 0.03, 0.05],
  ['last-run-failed', 1, 0],
];

describe('alerts phrased in the UI language', () => {
  it('covers every rule of the contract', () => {
    expect(ALERTS.map(([rule]) => rule).sort()).toEqual([...AlertRuleSchema.options].sort());
    for (const rule of AlertRuleSchema.options) expect(rule in RULE_UNIT).toBe(true);
  });

  it.each(ALERTS)('%s reads as a title and a whole sentence in English and French', (rule, value, threshold) => {
    for (const lang of ['en', 'fr'] as const) {
      const text = phraseAlert(i18n, lang, { rule, value, threshold });
      expect(text.title).not.toMatch(/monitoring\.|\{\{/);
      expect(text.detail).not.toMatch(/monitoring\.|\{\{|\}\}|undefined|NaN/);
      expect(text.detail.length).toBeGreaterThan(20);
    }
  });

  it('writes each figure in its unit', () => {
    expect(phraseAlert(i18n, 'en', { rule: 'latency-p95', value: 12.4, threshold: 10 }).detail).toBe('95 % of answers took up to 12.4 s over the last 5 minutes, above the 10 s threshold.');
    expect(nb(phraseAlert(i18n, 'fr', { rule: 'error-rate', value: 0.08, threshold: 0.05 }).detail)).toBe('8 % des questions ont échoué ces 5 dernières minutes (seuil : 5 %).');
    expect(phraseAlert(i18n, 'en', { rule: 'error-rate', value: 0.085, threshold: 0.05 }).detail).toContain('8.5%');
    expect(phraseAlert(i18n, 'en', { rule: 'low-rating', value: 2.1, threshold: 2.5 }).detail).toContain('2.1 / 5');
    expect(phraseAlert(i18n, 'fr', { rule: 'low-rating', value: 2.1, threshold: 2.5 }).detail).toContain('2,5 / 5');
    expect(phraseAlert(i18n, 'fr', { rule: 'low-disk', value: 0.03, threshold: 0.05 }).title).toBe('Disque presque plein');
  });

  it('never shows a blank for a rule this UI does not know', () => {
    const text = phraseAlert(i18n, 'fr', { rule: 'queue-stuck' as AlertRule, value: 3, threshold: 1 });
    expect(text.title).toBe('queue-stuck');
    expect(text.detail).toBe('valeur 3, seuil 1');
  });
});
