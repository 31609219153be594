/**
 * Phrases a monitoring alert in the UI language: its title (what went wrong) and a sentence with the
 * value that fired it and the threshold it crossed, each in its unit. Used by the banner, the history
 * and the desktop notification.
 */
import type { i18n as I18n } from 'i18next';
import type { Lang } from '../../../src-shared/errors';
import type { AlertRule, MonitoringAlert } from '../../../src-shared/monitoring';
import { formatValue, type Unit } from './units';

/** The unit of an alert's value and threshold (none: the rule has no figure worth showing). */
export const RULE_UNIT: Record<AlertRule, Unit | null> = {
  'latency-p95': 'seconds',
  'error-rate': 'share',
  'low-rating': 'rating',
  'low-ingest-success': 'share',
  'low-disk': 'share',
  'last-run-failed': null,
};

export interface AlertText {
  title: string;
  detail: string;
}

export function phraseAlert(i18n: I18n, lang: Lang, alert: Pick<MonitoringAlert, 'rule' | 'value' | 'threshold'>): AlertText {
  const t = i18n.getFixedT(lang);
  const unit = RULE_UNIT[alert.rule];
  const key = `monitoring.alerts.rules.${alert.rule}`;
  const figures = unit ? { value: formatValue(alert.value, unit, lang), threshold: formatValue(alert.threshold, unit, lang) } : {};
  if (!i18n.exists(`${key}.title`, { lng: lang })) {
    // A rule from a newer core: its name and figures, never a blank.
    return { title: alert.rule, detail: t('monitoring.alerts.unknownRule', { value: alert.value, threshold: alert.threshold }) };
  }
  return { title: t(`${key}.title`), detail: t(`${key}.detail`, figures) };
}
