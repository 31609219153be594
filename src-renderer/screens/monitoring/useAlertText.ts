/** The alert phraser (alertText.ts) bound to the app's i18n and the UI language. */
import { useTranslation } from 'react-i18next';
import type { MonitoringAlert } from '../../../src-shared/monitoring';
import { useAppStore } from '../../stores/appStore';
import { phraseAlert, type AlertText } from './alertText';

export function useAlertText(): (alert: MonitoringAlert) => AlertText {
  const { i18n } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  return (alert) => phraseAlert(i18n, lang, alert);
}
