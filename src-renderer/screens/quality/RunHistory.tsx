/** The analysis runs, most recent first: trigger, status, when, how long, what each decided, the judge, the error. */
import { useTranslation } from 'react-i18next';
import { formatDate, formatMs } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useQualityStore } from '../../stores/qualityStore';
import { modelName } from './qualityText';
import { RunCounts } from './RunPanel';
import { progressPercent, runDurationMs } from './runProgress';

const STATUS_BADGE = { running: 'badge-processing', completed: 'badge-ready', failed: 'badge-failed', cancelled: '', interrupted: 'badge-failed' } as const;

export function RunHistory() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const runs = useQualityStore((s) => s.runs);
  const loaded = useQualityStore((s) => s.loaded.runs);
  const error = useQualityStore((s) => s.errors.runs);
  return (
    <section className="panel" aria-labelledby="runs-title">
      <h2 id="runs-title" className="panel-title">
        {t('quality.runs.title')}
      </h2>
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {loaded && runs.length === 0 && !error ? (
        <p className="empty">{t('quality.runs.empty')}</p>
      ) : (
        <table className="data-table" data-testid="run-history">
          <thead>
            <tr>
              <th>{t('quality.runs.started')}</th>
              <th>{t('quality.runs.trigger')}</th>
              <th>{t('quality.runs.status')}</th>
              <th className="num">{t('quality.runs.duration')}</th>
              <th>{t('quality.runs.counts')}</th>
              <th>{t('quality.runs.judge')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const duration = runDurationMs(r);
              return (
                <tr key={r.id} data-testid="run-row" data-status={r.status} data-run-id={r.id}>
                  <td className="nowrap">{formatDate(r.startedAt, lang)}</td>
                  <td>{t(`quality.run.trigger.${r.trigger}`)}</td>
                  <td>
                    <span className={`badge ${STATUS_BADGE[r.status]}`}>{t(`quality.run.status.${r.status}`)}</span>
                    {r.status === 'running' && <span className="small muted"> {t('quality.run.percent', { percent: progressPercent(r) })}</span>}
                    {r.error && <p className="feedback-error small">{localizeError({ ...r.error, params: r.error.params ?? {} }, lang)}</p>}
                  </td>
                  <td className="num nowrap">{duration === null ? '—' : formatMs(duration, lang)}</td>
                  <td className="small">
                    <RunCounts run={r} />
                  </td>
                  <td className="small">{r.judgeModel ? modelName(r.judgeModel) : r.status === 'running' ? '—' : t('quality.run.noJudge')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
