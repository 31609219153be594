/**
 * Quality: the attention and alert banners, the analysis run (run now, live progress, cancel), and in
 * tabs the overview (statistics and health), the review queue, flagged passages, re-ingestion advice,
 * runs with the schedule and rules, and the audit log. Everything reloads on `quality.changed`,
 * `feedback.changed` and the end of a run while the screen is shown. Tabs: ← → Home End move between
 * them (the WAI-ARIA tabs pattern), Tab goes into the panel.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLibraryStore } from '../../stores/libraryStore';
import { useQualityStore, type QualityTab } from '../../stores/qualityStore';
import { AuditLog } from './AuditLog';
import { HealthPanel } from './HealthPanel';
import { PassageLists } from './PassageLists';
import { Recommendations } from './Recommendations';
import { ReviewQueue } from './ReviewQueue';
import { RunHistory } from './RunHistory';
import { RunPanel } from './RunPanel';
import { ScheduleForm } from './ScheduleForm';
import { SignalBanners } from './SignalBanners';
import { StatsPanel } from './StatsPanel';
import './quality.css';

const TABS: QualityTab[] = ['overview', 'review', 'passages', 'recommendations', 'runs', 'audit'];

export function QualityScreen() {
  const { t } = useTranslation();
  const setActive = useQualityStore((s) => s.setActive);
  const refreshAll = useQualityStore((s) => s.refreshAll);
  const tab = useQualityStore((s) => s.tab);
  const setTab = useQualityStore((s) => s.setTab);
  const stats = useQualityStore((s) => s.stats);
  const reviewCount = useQualityStore((s) => s.review.length);
  const openRecommendations = useQualityStore((s) => s.recommendations.filter((r) => r.status === 'open' || r.status === 'pending-review').length);
  const tabRefs = useRef<Partial<Record<QualityTab, HTMLButtonElement | null>>>({});

  useEffect(() => {
    setActive(true);
    // Document titles for the audit log and the passages.
    void useLibraryStore.getState().refresh();
    return () => setActive(false);
  }, [setActive]);

  const counts: Partial<Record<QualityTab, number>> = { review: reviewCount, recommendations: openRecommendations };
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.indexOf(tab);
    const moves: Record<string, number> = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = TABS[(moves[e.key] + TABS.length) % TABS.length];
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <section className="screen quality-screen" aria-labelledby="quality-title">
      <div className="screen-head">
        <div>
          <h1 id="quality-title" tabIndex={-1}>
            {t('quality.title')}
          </h1>
          <p className="muted">{t('quality.intro')}</p>
        </div>
        <button type="button" className="button" onClick={() => void refreshAll()} data-testid="quality-refresh">
          {t('quality.refresh')}
        </button>
      </div>
      <SignalBanners stats={stats} />
      <RunPanel />
      <div className="tabs" role="tablist" aria-label={t('quality.tabs.label')} onKeyDown={onTabKey}>
        {TABS.map((name) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`quality-tab-${name}`}
            className="tab"
            aria-selected={tab === name}
            aria-controls={tab === name ? `quality-panel-${name}` : undefined}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            data-testid={`quality-tab-${name}`}
          >
            {t(`quality.tabs.${name}`)}
            {counts[name] ? (
              <>
                {' '}
                <span className="tab-count">{counts[name]}</span>
              </>
            ) : null}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`quality-panel-${tab}`} aria-labelledby={`quality-tab-${tab}`} tabIndex={0}>
        {tab === 'overview' && (
          <div className="overview-grid">
            <StatsPanel />
            <HealthPanel />
          </div>
        )}
        {tab === 'review' && <ReviewQueue />}
        {tab === 'passages' && <PassageLists />}
        {tab === 'recommendations' && <Recommendations />}
        {tab === 'runs' && (
          <>
            <ScheduleForm />
            <RunHistory />
          </>
        )}
        {tab === 'audit' && <AuditLog />}
      </div>
    </section>
  );
}
