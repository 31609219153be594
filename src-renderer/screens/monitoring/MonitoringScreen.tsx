/**
 * Monitoring: firing alerts as banners, then in tabs the overview figures, performance (answer times'
 * p50/p95, time to first token, tokens a second, answers), quality (ratings, feedback, corrections,
 * blacklisted passages, runs, ingestion, knowledge gaps), resources (CPU, memory, model RAM/VRAM,
 * disk, index), the alert history, and the metrics settings with the raw /metrics text. Charts follow
 * the range (1 h, 24 h, 7 d, 30 d) and reload at each `monitoring.tick` while the screen is shown.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Tabs } from '../../components/Tabs';
import { MONITORING_TABS, TAB_CHARTS, useMonitoringStore } from '../../stores/monitoringStore';
import { AlertBanner } from './AlertBanner';
import { AlertHistory } from './AlertHistory';
import { ChartGrid } from './ChartGrid';
import { KnowledgeGaps } from './KnowledgeGaps';
import { MetricsRaw } from './MetricsRaw';
import { MetricsSettingsPanel } from './MetricsSettingsForm';
import { OverviewTab } from './OverviewTab';
import { RangePicker } from './RangePicker';
import { ResourceFigures } from './ResourceFigures';
import './monitoring.css';

export function MonitoringScreen() {
  const { t } = useTranslation();
  const setActive = useMonitoringStore((s) => s.setActive);
  const refreshVisible = useMonitoringStore((s) => s.refreshVisible);
  const tab = useMonitoringStore((s) => s.tab);
  const setTab = useMonitoringStore((s) => s.setTab);
  const openAlerts = useMonitoringStore((s) => s.firing.filter((a) => !a.acknowledgedAt).length);
  const charts = TAB_CHARTS[tab];

  useEffect(() => {
    setActive(true);
    return () => setActive(false);
  }, [setActive]);

  return (
    <section className="screen monitoring-screen" aria-labelledby="monitoring-title">
      <div className="screen-head">
        <div>
          <h1 id="monitoring-title" tabIndex={-1}>
            {t('monitoring.title')}
          </h1>
          <p className="muted">{t('monitoring.intro')}</p>
        </div>
        <button type="button" className="button" onClick={() => void refreshVisible()} data-testid="monitoring-refresh">
          {t('monitoring.refresh')}
        </button>
      </div>
      <AlertBanner />
      <Tabs
        tabs={MONITORING_TABS}
        selected={tab}
        onSelect={setTab}
        idPrefix="monitoring"
        label={t('monitoring.tabs.label')}
        renderLabel={(name) => (
          <>
            {t(`monitoring.tabs.${name}`)}
            {name === 'alerts' && openAlerts > 0 && (
              <>
                {' '}
                <span className="tab-count" aria-hidden="true">
                  {openAlerts}
                </span>
                <span className="visually-hidden">{t('monitoring.alerts.firingTab', { count: openAlerts })}</span>
              </>
            )}
          </>
        )}
      >
        {tab === 'overview' && <OverviewTab />}
        {charts && (
          <>
            <div className="range-row">
              <RangePicker />
            </div>
            {tab === 'resources' && <ResourceFigures />}
            <ChartGrid tab={tab} charts={charts} />
            {tab === 'quality' && <KnowledgeGaps />}
          </>
        )}
        {tab === 'alerts' && <AlertHistory />}
        {tab === 'settings' && (
          <>
            <MetricsSettingsPanel />
            <MetricsRaw />
          </>
        )}
      </Tabs>
    </section>
  );
}
