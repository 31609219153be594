/**
 * The charts of one tab for the chosen range, from the history the store holds for that tab and range
 * (while another range's reply is on its way, the charts say they are loading rather than show it).
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useMonitoringStore, type MonitoringTab } from '../../stores/monitoringStore';
import { toChartData, type ChartSpec } from './chartData';
import { RANGE_MS } from './units';
import { TimeChart } from './TimeChart';
import { useChartLabels } from './useChartLabels';

export function ChartGrid({ tab, charts }: { tab: MonitoringTab; charts: readonly ChartSpec[] }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const range = useMonitoringStore((s) => s.range);
  const history = useMonitoringStore((s) => s.history);
  const historyFor = useMonitoringStore((s) => s.historyFor);
  const historyAt = useMonitoringStore((s) => s.historyAt);
  const error = useMonitoringStore((s) => s.errors.history);
  const labelsOf = useChartLabels();
  const current = historyFor === `${tab}|${range}`;
  const datasets = useMemo(() => (current ? charts.map((spec) => toChartData(history, spec, range, historyAt)) : null), [current, charts, history, range, historyAt]);

  const span = useMemo<[number, number]>(() => [historyAt - RANGE_MS[range], historyAt], [historyAt, range]);

  if (error && !current)
    return (
      <p className="answer-error" role="alert" data-testid="history-error">
        {localizeError(error, lang)}
      </p>
    );
  if (!datasets) return <p className="muted">{t('monitoring.loading')}</p>;
  return (
    <>
      {error && (
        <p className="answer-error" role="alert" data-testid="history-error">
          {localizeError(error, lang)}
        </p>
      )}
      <div className="chart-grid" data-range={range}>
        {charts.map((spec, i) => (
          <TimeChart key={spec.id} spec={spec} data={datasets[i]} range={range} title={t(`monitoring.charts.${spec.id}`)} labels={labelsOf(spec)} span={span} />
        ))}
      </div>
    </>
  );
}
