/** 1 h / 24 h / 7 d / 30 d: a group of toggle buttons (the pressed one is the range shown). */
import { useTranslation } from 'react-i18next';
import { HistoryRangeSchema } from '../../../src-shared/monitoring';
import { useMonitoringStore } from '../../stores/monitoringStore';

export function RangePicker() {
  const { t } = useTranslation();
  const range = useMonitoringStore((s) => s.range);
  const setRange = useMonitoringStore((s) => s.setRange);
  return (
    <div className="segmented" role="group" aria-label={t('monitoring.range.label')} data-testid="range-picker">
      {HistoryRangeSchema.options.map((r) => (
        <button key={r} type="button" className="segment" aria-pressed={range === r} title={t(`monitoring.range.long.${r}`)} onClick={() => setRange(r)} data-testid={`range-${r}`}>
          {t(`monitoring.range.short.${r}`)}
        </button>
      ))}
    </div>
  );
}
