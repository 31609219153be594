/** The import jobs of this session, each file with its stage, progress bar and outcome. */
import { useTranslation } from 'react-i18next';
import { useLibraryStore } from '../../stores/libraryStore';
import { JobSummary } from './JobSummary';
import { FileProgressRow } from './FileProgressRow';

/** Past this many files a job shows a summary and only the files worth a look (running, failed). */
const LIST_ALL_UP_TO = 20;
const MAX_ROWS = 50;

export function ImportJobs() {
  const { t } = useTranslation();
  const jobs = useLibraryStore((s) => s.jobs);
  const dismissJob = useLibraryStore((s) => s.dismissJob);
  const cancelJob = useLibraryStore((s) => s.cancelJob);
  if (!jobs.length) return null;
  return (
    <section className="panel" aria-label={t('library.jobs')}>
      <h2 className="panel-title">{t('library.jobs')}</h2>
      {jobs.map((job) => {
        const big = job.files.length > LIST_ALL_UP_TO;
        const rows = job.files
          .map((f, i) => ({ f, i }))
          .filter(({ f }) => !big || (f.result ? f.result.status !== 'ready' : f.progress > 0));
        // Problems first: they are what the user has to act on.
        if (big) rows.sort((a, b) => Number(b.f.result?.status === 'failed') - Number(a.f.result?.status === 'failed'));
        const shown = rows.slice(0, MAX_ROWS);
        return (
          <div key={job.jobId} className="job" data-testid="ingest-job" data-done={job.done}>
            {big && <JobSummary job={job} />}
            <ul className="job-files">
              {shown.map(({ f, i }) => (
                <FileProgressRow key={i} item={f} />
              ))}
            </ul>
            {rows.length > shown.length && <p className="muted small">{t('library.moreHidden', { count: rows.length - shown.length })}</p>}
            <div className="job-actions">
              {job.cancelled && <span className="muted">{t('library.result.cancelled')}</span>}
              {job.done ? (
                <button type="button" className="link-button" onClick={() => dismissJob(job.jobId)}>
                  {t('library.dismiss')}
                </button>
              ) : (
                <button type="button" className="link-button" onClick={() => void cancelJob(job.jobId)}>
                  {t('library.cancelJob')}
                </button>
              )}
            </div>
          </div>
        );
      })}
    </section>
  );
}
