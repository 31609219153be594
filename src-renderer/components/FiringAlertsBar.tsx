/**
 * On every screen but Monitoring: a line saying that alerts are firing (not yet acknowledged), with
 * the most recent one phrased and a button to open Monitoring, so nobody misses one.
 */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../stores/appStore';
import { useMonitoringStore } from '../stores/monitoringStore';
import { useAlertText } from '../screens/monitoring/useAlertText';

export function FiringAlertsBar() {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  const firing = useMonitoringStore((s) => s.firing);
  const setTab = useMonitoringStore((s) => s.setTab);
  const phrase = useAlertText();
  const open = firing.filter((a) => !a.acknowledgedAt);
  if (screen === 'monitoring' || open.length === 0) return null;
  const worst = open.find((a) => a.severity === 'critical') ?? open[0];
  return (
    <div className={`banner banner-${worst.severity} firing-bar`} role="status" data-testid="firing-alerts-bar">
      <span className="firing-bar-text">
        <strong>{t('monitoring.alerts.firingCount', { count: open.length })}</strong> {phrase(worst).title}
      </span>
      <button
        type="button"
        className="button button-small"
        onClick={() => {
          setTab('alerts');
          setScreen('monitoring');
        }}
      >
        {t('monitoring.alerts.open')}
      </button>
    </div>
  );
}
