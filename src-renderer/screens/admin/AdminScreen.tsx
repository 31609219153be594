/** Admin: the app's log with its filters, the analytics (table exports and a read-only SQL box), backups, and maintenance, in four tabs. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Tabs } from '../../components/Tabs';
import { ADMIN_TABS, useAdminStore } from '../../stores/adminStore';
import { AnalyticsPanel } from './AnalyticsPanel';
import { BackupsPanel } from './BackupsPanel';
import { MaintenancePanel } from './MaintenancePanel';
import { LogViewer } from './LogViewer';
import './admin.css';

export function AdminScreen() {
  const { t } = useTranslation();
  const setActive = useAdminStore((s) => s.setActive);
  const tab = useAdminStore((s) => s.tab);
  const setTab = useAdminStore((s) => s.setTab);

  useEffect(() => {
    setActive(true);
    return () => setActive(false);
  }, [setActive]);

  return (
    <section className="screen admin-screen" aria-labelledby="admin-title">
      <div className="screen-head">
        <div>
          <h1 id="admin-title" tabIndex={-1}>
            {t('admin.title')}
          </h1>
          <p className="muted">{t('admin.intro')}</p>
        </div>
      </div>
      <Tabs tabs={ADMIN_TABS} selected={tab} onSelect={setTab} idPrefix="admin" label={t('admin.tabs.label')} renderLabel={(name) => t(`admin.tabs.${name}`)}>
        {tab === 'logs' ? <LogViewer /> : tab === 'analytics' ? <AnalyticsPanel /> : tab === 'backups' ? <BackupsPanel /> : <MaintenancePanel />}
      </Tabs>
    </section>
  );
}
