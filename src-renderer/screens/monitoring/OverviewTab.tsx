/**
 * The first page: questions per day (30 days, as a chart with its table), the average rating of the
 * last 7 days, the library's size, the last analysis run, the open alerts, and where the metrics port
 * serves (or why it does not).
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useMonitoringStore } from '../../stores/monitoringStore';
import { formatBytes } from '../models/formatModel';
import { questionsPerDayChart, type ChartSpec } from './chartData';
import { TimeChart } from './TimeChart';
import { formatValue } from './units';

const QUESTIONS_CHART: ChartSpec = { id: 'questionsPerDay', unit: 'count', kind: 'bars', lines: [{ series: 'answers', stat: 'count' }] };

export function OverviewTab() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const overview = useMonitoringStore((s) => s.overview);
  const error = useMonitoringStore((s) => s.errors.overview);
  const metrics = useMonitoringStore((s) => s.metrics);
  const setTab = useMonitoringStore((s) => s.setTab);
  const chart = useMemo(() => (overview ? questionsPerDayChart(overview.questionsPerDay) : null), [overview]);

  if (error && !overview)
    return (
      <p className="answer-error" role="alert" data-testid="overview-error">
        {localizeError(error, lang)}
      </p>
    );
  if (!overview || !chart) return <p className="muted">{t('monitoring.loading')}</p>;
  const today = overview.questionsPerDay[overview.questionsPerDay.length - 1]?.questions ?? 0;
  const total = overview.questionsPerDay.reduce((n, d) => n + d.questions, 0);
  const days = Math.max(1, overview.questionsPerDay.length);
  const run = overview.lastRun;

  return (
    <div className="monitoring-overview" data-testid="monitoring-overview">
      <dl className="stats-grid figures">
        <div className="stat" data-testid="figure-questions">
          <dt>{t('monitoring.overview.questionsToday')}</dt>
          <dd>
            <span className="stat-value">{formatNumber(today, lang)}</span>
            <span className="small muted">{t('monitoring.overview.questionsPerDay', { count: total, days, average: formatNumber(total / days, lang, 1) })}</span>
          </dd>
        </div>
        <div className="stat" data-testid="figure-rating">
          <dt>{t('monitoring.overview.rating')}</dt>
          <dd>
            <span className="stat-value">{overview.averageRating7d === null ? t('monitoring.overview.noRating') : formatValue(overview.averageRating7d, 'rating', lang)}</span>
            <span className="small muted">{t('monitoring.overview.ratingWindow')}</span>
          </dd>
        </div>
        <div className="stat" data-testid="figure-library">
          <dt>{t('monitoring.overview.library')}</dt>
          <dd>
            <span className="stat-value">{t('monitoring.overview.documents', { count: overview.library.documents, shown: formatNumber(overview.library.documents, lang) })}</span>
            <span className="small muted">
              {t('monitoring.overview.chunks', { count: overview.library.chunks, shown: formatNumber(overview.library.chunks, lang) })} · {formatBytes(overview.library.bytes, lang)}
            </span>
          </dd>
        </div>
        <div className="stat" data-testid="figure-last-run">
          <dt>{t('monitoring.overview.lastRun')}</dt>
          <dd>
            {run ? (
              <>
                <span className="stat-value">{t(`monitoring.overview.runStatus.${run.status}`, { defaultValue: run.status })}</span>
                <span className="small muted">{formatDate(run.endedAt ?? run.startedAt, lang)}</span>
              </>
            ) : (
              <span className="stat-value">{t('monitoring.overview.noRun')}</span>
            )}
          </dd>
        </div>
        <div className="stat" data-testid="figure-alerts">
          <dt>{t('monitoring.overview.openAlerts')}</dt>
          <dd>
            <span className={`stat-value${overview.openAlerts ? ' stat-bad' : ''}`}>{formatNumber(overview.openAlerts, lang)}</span>
            <button type="button" className="link-button" onClick={() => setTab('alerts')}>
              {t('monitoring.overview.seeAlerts')}
            </button>
          </dd>
        </div>
        <div className="stat" data-testid="figure-metrics-port">
          <dt>{t('monitoring.overview.metricsPort')}</dt>
          <dd>
            {overview.metricsUrl ? (
              <code className="metrics-url">{overview.metricsUrl}</code>
            ) : (
              <span className={overview.metricsError ? 'stat-note stat-bad' : 'stat-note'}>
                {overview.metricsError
                  ? t('monitoring.overview.metricsError', { error: overview.metricsError })
                  : metrics?.enabled
                    ? t('monitoring.overview.metricsStarting')
                    : t('monitoring.overview.metricsOff')}
              </span>
            )}
            <button type="button" className="link-button" onClick={() => setTab('settings')}>
              {t('monitoring.overview.metricsSettings')}
            </button>
          </dd>
        </div>
      </dl>
      <TimeChart
        spec={QUESTIONS_CHART}
        data={chart}
        range="days"
        title={t('monitoring.charts.questionsPerDay')}
        labels={[t('monitoring.series.questions')]}
        span={chart.xs.length ? [chart.xs[0] - 43_200_000, chart.xs[chart.xs.length - 1] + 43_200_000] : undefined}
      />
    </div>
  );
}
