/** Every alert, most recent first: what fired, its value against the threshold, when it fired and resolved, and who acknowledged it. */
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { ALERT_HISTORY_LIMIT, useMonitoringStore } from '../../stores/monitoringStore';
import { useAlertText } from './useAlertText';

export function AlertHistory() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const alerts = useMonitoringStore((s) => s.alerts);
  const loaded = useMonitoringStore((s) => s.loaded.alerts);
  const error = useMonitoringStore((s) => s.errors.alerts);
  const acknowledge = useMonitoringStore((s) => s.acknowledge);
  const busy = useMonitoringStore((s) => s.busy);
  const actionErrors = useMonitoringStore((s) => s.actionErrors);
  const phrase = useAlertText();
  return (
    <section className="panel" aria-labelledby="alert-history-title" data-testid="alert-history">
      <div className="panel-head">
        <h2 id="alert-history-title" className="panel-title">
          {t('monitoring.alerts.history')}
        </h2>
        <span className="small muted" aria-live="polite">
          {alerts.length >= ALERT_HISTORY_LIMIT ? t('monitoring.alerts.countCapped', { count: alerts.length }) : t('monitoring.alerts.count', { count: alerts.length })}
        </span>
      </div>
      <p className="small muted">{t('monitoring.alerts.intro')}</p>
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {loaded && !error && alerts.length === 0 ? (
        <p className="empty">{t('monitoring.alerts.empty')}</p>
      ) : (
        alerts.length > 0 && (
          <table className="data-table" data-testid="alert-table">
            <thead>
              <tr>
                <th scope="col">{t('monitoring.alerts.alert')}</th>
                <th scope="col">{t('monitoring.alerts.state')}</th>
                <th scope="col">{t('monitoring.alerts.firedAt')}</th>
                <th scope="col">{t('monitoring.alerts.resolvedAt')}</th>
                <th scope="col">{t('monitoring.alerts.acknowledgedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => {
                const text = phrase(a);
                const error = actionErrors[`ack:${a.id}`];
                return (
                  <tr key={a.id} data-testid="alert-row" data-state={a.state} data-rule={a.rule}>
                    <td>
                      <strong>{text.title}</strong>
                      <br />
                      <span className="small">{text.detail}</span>
                    </td>
                    <td>
                      <span className={`badge ${a.state === 'firing' ? (a.severity === 'critical' ? 'badge-failed' : 'badge-processing') : 'badge-ready'}`}>
                        {t(`monitoring.alerts.states.${a.state}`)} · {t(`monitoring.alerts.severity.${a.severity}`)}
                      </span>
                    </td>
                    <td className="nowrap">{formatDate(a.firedAt, lang)}</td>
                    <td className="nowrap">{a.resolvedAt ? formatDate(a.resolvedAt, lang) : '—'}</td>
                    <td className="nowrap">
                      {a.acknowledgedAt ? (
                        // Takes the focus when its button is replaced by it, so the keyboard stays on the row.
                        <span id={`alert-${a.id}`} tabIndex={-1}>
                          {formatDate(a.acknowledgedAt, lang)}
                        </span>
                      ) : (
                        <button type="button" className="button button-small" disabled={busy[`ack:${a.id}`]} onClick={() => void acknowledge(a.id).then((done) => done && requestAnimationFrame(() => document.getElementById(`alert-${a.id}`)?.focus()))} aria-label={t('monitoring.alerts.acknowledgeLabel', { title: text.title })}>
                          {t('monitoring.alerts.acknowledge')}
                        </button>
                      )}
                      {error && <p className="feedback-error">{localizeError(error, lang)}</p>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      )}
    </section>
  );
}
