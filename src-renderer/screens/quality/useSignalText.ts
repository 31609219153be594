/** The signal phraser (phraseSignal.ts) bound to the app's i18n and the UI language. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores/appStore';
import { phraseSignal } from './phraseSignal';
import type { ParamValue } from './qualityText';

export function useSignalText(): (code: string, params: Record<string, ParamValue>) => string {
  const { i18n } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  return (code, params) => phraseSignal(i18n, lang, code, params);
}
