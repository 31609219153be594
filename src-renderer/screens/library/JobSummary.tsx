/** Overall progress of a large import: files processed, and how many were added, failed or already there. */
import { useTranslation } from 'react-i18next';
import type { JobState } from '../../stores/libraryStore';

export function JobSummary({ job }: { job: JobState }) {
  const { t } = useTranslation();
  const counts = { ready: 0, failed: 0, duplicate: 0 };
  let progress = 0;
  for (const f of job.files) {
    if (f.result) counts[f.result.status] += 1;
    progress += f.result ? 1 : f.progress;
  }
  const done = counts.ready + counts.failed + counts.duplicate;
  return (
    <div className="job-summary" data-testid="job-summary">
      <div className="file-row-head">
        <span className="file-name">{t('library.summary', { done, total: job.files.length })}</span>
        <span className="file-detail">
          {t('library.summaryCounts', { ready: counts.ready, failed: counts.failed, duplicate: counts.duplicate })}
        </span>
      </div>
      <progress className="progress" max={job.files.length} value={progress} aria-label={t('library.jobs')} />
    </div>
  );
}
