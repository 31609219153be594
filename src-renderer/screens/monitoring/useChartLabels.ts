/** Labels of a chart's lines in the UI language ("Total time · p95", "Answers"). */
import { useTranslation } from 'react-i18next';
import { lineLabelKeys, type ChartSpec } from './chartData';

export function useChartLabels(): (spec: ChartSpec) => string[] {
  const { t } = useTranslation();
  return (spec) =>
    spec.lines.map((line) => {
      const keys = lineLabelKeys(line);
      return keys.stat ? t('monitoring.lineLabel', { series: t(keys.series), stat: t(keys.stat) }) : t(keys.series);
    });
}
