/**
 * Phrases a signal of the quality loop (an attention reason, an alert, a re-ingestion reason) from its
 * code and params, in the UI language: the code's sentence filled with the formatted params; when the
 * params do not fill it (a core that names them otherwise), the code's short sentence followed by each
 * param with its label, so nothing is ever shown as a blank or a raw placeholder.
 */
import type { i18n as I18n } from 'i18next';
import type { Lang } from '../../../src-shared/errors';
import { formatParams, missingPlaceholders, PLURAL_PARAMS, SHARE_PARAMS, type ParamValue } from './qualityText';

export function phraseSignal(i18n: I18n, lang: Lang, code: string, params: Record<string, ParamValue>): string {
  const t = i18n.getFixedT(lang);
  // An empty figure (a run that failed without a message) is left out rather than shown blank.
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== ''));
  const formatted = formatParams(given, lang, SHARE_PARAMS[code]);
  const key = `quality.signals.${code}`;
  const template = i18n.getResource(lang, 'translation', key) ?? i18n.getResource(lang, 'translation', `${key}_other`);
  if (typeof template === 'string' && missingPlaceholders(template, formatted).length === 0) {
    // i18next picks the plural form from `count`, which must stay a number: the code's counted param.
    const counted = given[PLURAL_PARAMS[code] ?? 'count'];
    return t(key, { ...formatted, ...(typeof counted === 'number' ? { count: counted } : {}) });
  }
  const short = i18n.exists(`quality.signalsShort.${code}`, { lng: lang }) ? t(`quality.signalsShort.${code}`) : code;
  const details = Object.entries(formatted).map(([name, value]) =>
    t('quality.paramValue', { label: i18n.exists(`quality.params.${name}`, { lng: lang }) ? t(`quality.params.${name}`) : name, value }),
  );
  return details.length ? `${short} (${details.join(' · ')})` : short;
}
