/**
 * The health report (`health`): overall ok / degraded / failing, and each component with its state,
 * the core's one-line reason (already in the user's language) and the figures behind it.
 */
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useQualityStore } from '../../stores/qualityStore';
import { formatParam } from './qualityText';

const STATE_BADGE = { ok: 'badge-ready', degraded: 'badge-processing', failing: 'badge-failed' } as const;

export function HealthPanel() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const health = useQualityStore((s) => s.health);
  const error = useQualityStore((s) => s.errors.health);
  const refresh = useQualityStore((s) => s.refresh);
  return (
    <section className="panel" aria-labelledby="health-title" data-testid="health-panel" data-state={health?.state ?? ''}>
      <div className="panel-head">
        <h2 id="health-title" className="panel-title">
          {t('quality.health.title')}
        </h2>
        {health && <span className={`badge ${STATE_BADGE[health.state]}`}>{t(`quality.health.state.${health.state}`)}</span>}
        <button type="button" className="button button-small" onClick={() => void refresh('health')}>
          {t('quality.health.check')}
        </button>
      </div>
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {health && (
        <>
          <p className="small muted">{t('quality.health.checkedAt', { date: formatDate(health.checkedAt, lang) })}</p>
          <ul className="health-list">
            {health.components.map((c) => {
              const data = Object.entries(c.data).filter(([, v]) => v !== null && v !== '');
              return (
                <li key={c.name} data-testid="health-component" data-name={c.name} data-state={c.state}>
                  <span className={`badge ${STATE_BADGE[c.state]}`}>{t(`quality.health.state.${c.state}`)}</span>
                  <span className="health-name">{t(`quality.health.components.${c.name}`)}</span>
                  <span className="health-detail">{c.detail}</span>
                  {data.length > 0 && (
                    <details className="small muted health-data">
                      <summary>{t('quality.health.figures')}</summary>
                      <p>
                        {data
                          .map(([k, v]) => t('quality.paramValue', { label: k, value: typeof v === 'boolean' ? t(v ? 'quality.yes' : 'quality.no') : formatParam(k, v as string | number, lang) }))
                          .join(' · ')}
                      </p>
                    </details>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
