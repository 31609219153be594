/**
 * Firing alerts above the Monitoring screen: one banner each (warning or critical) with what fired,
 * since when, and Acknowledge; acknowledged alerts that still fire are summed up in one line.
 */
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useMonitoringStore } from '../../stores/monitoringStore';
import { useAlertText } from './useAlertText';

/** The banner (and its button) goes away once acknowledged: the focus goes to the next one, or to the screen's title. */
function focusAfterAcknowledge() {
  requestAnimationFrame(() => {
    const next = document.querySelector<HTMLButtonElement>('[data-testid="alert-banner"] button');
    (next ?? document.getElementById('monitoring-title'))?.focus();
  });
}

export function AlertBanner() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const firing = useMonitoringStore((s) => s.firing);
  const acknowledge = useMonitoringStore((s) => s.acknowledge);
  const busy = useMonitoringStore((s) => s.busy);
  const actionErrors = useMonitoringStore((s) => s.actionErrors);
  const phrase = useAlertText();
  const open = firing.filter((a) => !a.acknowledgedAt);
  const acknowledged = firing.length - open.length;
  if (firing.length === 0) return null;
  return (
    <div className="signal-banners" role="region" aria-label={t('monitoring.alerts.bannerLabel')} data-testid="alert-banners">
      {open.map((a) => {
        const text = phrase(a);
        const error = actionErrors[`ack:${a.id}`];
        return (
          <div key={a.id} className={`banner banner-${a.severity} alert-banner`} data-testid="alert-banner" data-rule={a.rule}>
            <div className="alert-banner-text">
              <strong>{text.title}</strong> {text.detail} <span className="small muted">{t('monitoring.alerts.since', { date: formatDate(a.firedAt, lang) })}</span>
              {error && <p className="feedback-error">{localizeError(error, lang)}</p>}
            </div>
            <button type="button" className="button button-small" disabled={busy[`ack:${a.id}`]} onClick={() => void acknowledge(a.id).then((done) => done && focusAfterAcknowledge())} aria-label={t('monitoring.alerts.acknowledgeLabel', { title: text.title })}>
              {t('monitoring.alerts.acknowledge')}
            </button>
          </div>
        );
      })}
      {acknowledged > 0 && (
        <p className="small muted" data-testid="alert-acknowledged-firing">
          {t('monitoring.alerts.acknowledgedFiring', { count: acknowledged })}
        </p>
      )}
    </div>
  );
}
