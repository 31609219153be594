/**
 * Ingestion jobs as the core keeps them (they survive a restart): each with its overall progress bar,
 * counts, state, and pause / resume / cancel. Finished jobs stay listed until the app restarts.
 */
import { useTranslation } from 'react-i18next';
import { useLibraryStore } from '../../stores/libraryStore';

/** Finished jobs shown under the running ones. */
const FINISHED_SHOWN = 3;

export function JobPanel() {
  const { t } = useTranslation();
  const all = useLibraryStore((s) => s.jobSummaries);
  const pause = useLibraryStore((s) => s.pauseJob);
  const resume = useLibraryStore((s) => s.resumeJob);
  const cancel = useLibraryStore((s) => s.cancelJob);
  const live = all.filter((j) => j.state === 'running' || j.state === 'paused');
  const jobs = [...live, ...all.filter((j) => j.state === 'done' || j.state === 'cancelled').slice(0, FINISHED_SHOWN)];
  if (!jobs.length) return null;
  return (
    <section className="panel" aria-labelledby="job-panel-title" data-testid="job-panel">
      <h2 id="job-panel-title" className="panel-title">
        {t('library.manage.jobs')}
      </h2>
      <ul className="job-list">
        {jobs.map((job) => {
          const label = t('library.manage.jobLabel', { kind: t(`library.manage.jobKind.${job.kind}`), collection: job.collection });
          return (
            <li key={job.jobId} className={`job job-${job.state}`} data-testid="job" data-state={job.state}>
              <div className="file-row-head">
                <span className="file-name">
                  {label} <span className={`badge badge-job-${job.state}`}>{t(`library.manage.jobState.${job.state}`)}</span>
                  {job.resumed && <span className="muted small"> · {t('library.manage.resumed')}</span>}
                </span>
                <span className="file-detail">
                  {t('library.manage.jobProgress', { finished: job.finished, total: job.total, failed: job.failed, duplicates: job.duplicates })}
                </span>
              </div>
              <progress className="progress" max={1} value={job.progress} aria-label={label} />
              {(job.state === 'running' || job.state === 'paused') && (
                <div className="job-actions">
                  {job.state === 'running' ? (
                    <button type="button" className="link-button" onClick={() => void pause(job.jobId)}>
                      {t('library.manage.pause')}
                    </button>
                  ) : (
                    <button type="button" className="link-button" onClick={() => void resume(job.jobId)}>
                      {t('library.manage.resume')}
                    </button>
                  )}
                  <button type="button" className="link-button" onClick={() => void cancel(job.jobId)}>
                    {t('library.manage.cancel')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
