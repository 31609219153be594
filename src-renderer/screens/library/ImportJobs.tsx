/** The import jobs of this session, each file with its stage, progress bar and outcome. */
import { useTranslation } from 'react-i18next';
import { useLibraryStore } from '../../stores/libraryStore';
import { FileProgressRow } from './FileProgressRow';

export function ImportJobs() {
  const { t } = useTranslation();
  const jobs = useLibraryStore((s) => s.jobs);
  const dismissJob = useLibraryStore((s) => s.dismissJob);
  const cancelJob = useLibraryStore((s) => s.cancelJob);
  if (!jobs.length) return null;
  return (
    <section className="panel" aria-label={t('library.jobs')}>
      <h2 className="panel-title">{t('library.jobs')}</h2>
      {jobs.map((job) => (
        <div key={job.jobId} className="job" data-testid="ingest-job" data-done={job.done}>
          <ul className="job-files">
            {job.files.map((f, i) => (
              <FileProgressRow key={i} item={f} />
            ))}
          </ul>
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
      ))}
    </section>
  );
}
