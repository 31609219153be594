/**
 * The analysis run: "Run now", and the run being followed with a real progress bar (0-100, the step
 * it is in) fed by `quality.run` events, Cancel while it runs, what it decided once it ends, and when
 * the next scheduled run is. Step changes and the end are announced to screen readers.
 */
import { useTranslation } from 'react-i18next';
import type { AnalysisRun } from '../../../src-shared/quality';
import { formatDate, formatMs } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useQualityStore } from '../../stores/qualityStore';
import { modelName } from './qualityText';
import { isRunning, progressPercent, runDurationMs, stepNumber } from './runProgress';

export function RunCounts({ run }: { run: AnalysisRun }) {
  const { t } = useTranslation();
  const c = run.counts;
  return (
    <span className="run-counts">
      {t('quality.run.counts', {
        feedbacks: c.feedbacks,
        scored: c.chunksScored,
        candidates: c.candidates,
        blacklisted: c.blacklisted,
        kept: c.kept,
        review: c.sentToReview,
        recommendations: c.recommendations,
      })}
      {c.judgeErrors > 0 && ` · ${t('quality.run.judgeErrors', { count: c.judgeErrors })}`}
    </span>
  );
}

export function RunPanel() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const run = useQualityStore((s) => s.run);
  const schedule = useQualityStore((s) => s.schedule);
  const busy = useQualityStore((s) => s.busy);
  const actionErrors = useQualityStore((s) => s.actionErrors);
  const runNow = useQualityStore((s) => s.runNow);
  const cancelRun = useQualityStore((s) => s.cancelRun);
  const running = isRunning(run);
  const percent = progressPercent(run);
  const step = run ? stepNumber(run.step) : null;
  const duration = run ? runDurationMs(run) : null;

  const label = !run
    ? ''
    : running
      ? step
        ? t('quality.run.stepOf', { step, total: 3, name: t(`quality.run.steps.${run.step}`) })
        : t('quality.run.starting')
      : t(`quality.run.status.${run.status}`);
  const error = actionErrors.run ?? actionErrors.cancel;

  return (
    <section className="panel run-panel" aria-labelledby="run-panel-title" data-testid="run-panel">
      <div className="run-panel-head">
        <h2 id="run-panel-title" className="panel-title">
          {t('quality.run.title')}
        </h2>
        <span className="small muted" data-testid="next-run">
          {!schedule
            ? ''
            : schedule.enabled && schedule.nextRunAt
              ? t('quality.run.next', { date: formatDate(schedule.nextRunAt, lang) })
              : t('quality.run.scheduleOff')}
        </span>
      </div>
      <div className="run-actions">
        <button type="button" className="button button-primary" disabled={running || busy.run} onClick={() => void runNow()} data-testid="run-now">
          {busy.run ? t('quality.run.starting') : t('quality.run.now')}
        </button>
        {running && (
          <button type="button" className="button" disabled={busy.cancel} onClick={() => void cancelRun()} data-testid="run-cancel">
            {t('quality.run.cancel')}
          </button>
        )}
        {error && (
          <span className="feedback-error" role="alert" data-testid="run-error">
            {localizeError(error, lang)}
          </span>
        )}
      </div>
      {run && (
        <div className="run-progress" data-testid="run-progress" data-status={run.status} data-progress={percent} data-run-id={run.id}>
          <div className="run-progress-label">
            <span id="run-progress-label">{label}</span>
            <span className="run-percent">{t('quality.run.percent', { percent })}</span>
          </div>
          <progress
            className={`progress run-bar run-bar-${run.status}`}
            max={100}
            value={percent}
            aria-labelledby="run-progress-label"
            aria-valuetext={t('quality.run.percent', { percent })}
          />
          <p className="small muted">
            {t(`quality.run.trigger.${run.trigger}`)} · {formatDate(run.startedAt, lang)}
            {duration !== null && ` · ${formatMs(duration, lang)}`}
            {run.judgeModel ? ` · ${t('quality.run.judge', { model: modelName(run.judgeModel) })}` : running ? '' : ` · ${t('quality.run.noJudge')}`}
          </p>
          {!running && (
            <p className="small" data-testid="run-summary">
              <RunCounts run={run} />
            </p>
          )}
          {run.error && <p className="feedback-error">{localizeError({ ...run.error, params: run.error.params ?? {} }, lang)}</p>}
        </div>
      )}
      {/* Announced once per step and at the end; each percent would be noise. */}
      <p className="visually-hidden" aria-live="polite">
        {label}
      </p>
    </section>
  );
}
