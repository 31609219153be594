/**
 * The attention signal and the alerts of the statistics window, as banners above the Quality screen,
 * each phrased from its code and figures in the UI language.
 */
import { useTranslation } from 'react-i18next';
import type { QualityStats } from '../../../src-shared/quality';
import { useSignalText } from './useSignalText';

export function SignalBanners({ stats }: { stats: QualityStats | null }) {
  const { t } = useTranslation();
  const phrase = useSignalText();
  if (!stats || (!stats.attention.active && stats.alerts.length === 0)) return null;
  return (
    <div className="signal-banners" role="region" aria-label={t('quality.banners.label')} data-testid="signal-banners">
      {stats.attention.active && (
        <div className="banner banner-warning" data-testid="attention-banner">
          <strong>{t('quality.banners.attention', { count: stats.days })}</strong>
          <ul>
            {stats.attention.reasons.map((r) => (
              <li key={r.code} data-code={r.code}>
                {phrase(r.code, r.params)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {stats.alerts.map((a) => (
        <div key={a.code} className={`banner banner-${a.severity}`} data-testid="quality-alert" data-code={a.code}>
          <strong>{t(`quality.banners.severity.${a.severity}`)}</strong> {phrase(a.code, a.params)}
        </div>
      ))}
    </div>
  );
}
