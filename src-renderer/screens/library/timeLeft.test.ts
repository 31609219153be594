/**
 * The time left on a long job, in both languages: seconds (in steps of 5) under a minute and a half,
 * minutes after, with their plural forms.
 */
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { fr } from '../../i18n/fr';
import { withManyForms } from '../../i18n/pluralForms';
import { timeLeft } from './timeLeft';

const t: Record<'en' | 'fr', TFunction> = {} as Record<'en' | 'fr', TFunction>;

beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { en: { translation: en }, fr: { translation: withManyForms(fr) } }, lng: 'en', interpolation: { escapeValue: false } });
  t.en = i18n.getFixedT('en');
  t.fr = i18n.getFixedT('fr');
});

describe('timeLeft', () => {
  it('says seconds, then minutes, in English', () => {
    expect(timeLeft(t.en, 12)).toBe('about 10 seconds left');
    expect(timeLeft(t.en, 47)).toBe('about 45 seconds left');
    expect(timeLeft(t.en, 89)).toBe('about 90 seconds left');
    expect(timeLeft(t.en, 90)).toBe('about 2 minutes left');
    expect(timeLeft(t.en, 65 * 60)).toBe('about 65 minutes left');
  });

  it('et en français', () => {
    expect(timeLeft(t.fr, 12)).toBe('environ 10 secondes restantes');
    expect(timeLeft(t.fr, 100)).toBe('environ 2 minutes restantes');
    expect(timeLeft(t.fr, 3)).toBe('environ 5 secondes restantes');
  });
});
