/**
 * i18next set-up. Both languages are bundled (the app is offline, nothing is fetched), and the first
 * language is the system's/browser's: French when it is French, English otherwise. The user's choice,
 * once made, is persisted through `settings.update` (see stores/appStore.ts).
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../../src-shared/errors';
import { en } from './en';
import { fr } from './fr';
import { withManyForms } from './pluralForms';

export function systemLanguage(): Lang {
  const candidates = navigator.languages?.length ? navigator.languages : [navigator.language];
  return candidates[0]?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function initI18n(lang: Lang): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, fr: { translation: withManyForms(fr) } },
    lng: lang,
    fallbackLng: 'en',
    // React escapes what it renders; escaping twice would show &amp; in titles.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  document.documentElement.lang = lang;
  return i18next;
}

export async function setLanguage(lang: Lang): Promise<void> {
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}
