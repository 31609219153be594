/** The resources now: the last value of each gauge in the history shown (CPU, memory, disk, index). */
import { useTranslation } from 'react-i18next';
import type { HistorySeries } from '../../../src-shared/monitoring';
import { useAppStore } from '../../stores/appStore';
import { useMonitoringStore } from '../../stores/monitoringStore';
import { latestValue } from './chartData';
import { formatValue, SERIES_UNIT } from './units';

const NOW: readonly HistorySeries[] = ['cpu_share', 'rss_bytes', 'model_ram_bytes', 'model_vram_bytes', 'disk_free_bytes', 'disk_free_share', 'index_bytes', 'index_documents', 'index_chunks'];

export function ResourceFigures() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const history = useMonitoringStore((s) => s.history);
  const historyFor = useMonitoringStore((s) => s.historyFor);
  if (!historyFor.startsWith('resources|')) return null;
  return (
    <dl className="stats-grid figures" aria-label={t('monitoring.resources.now')} data-testid="resource-figures">
      {NOW.map((series) => (
        <div key={series} className="stat">
          <dt>{t(`monitoring.series.${series}`)}</dt>
          <dd>
            <span className="stat-value">{formatValue(latestValue(history, series), SERIES_UNIT[series], lang)}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
