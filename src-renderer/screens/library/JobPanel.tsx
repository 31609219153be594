/**
 * The one place for running work: every ingestion job as the core keeps it (imports, uploads,
 * re-ingestions, watched folders; they survive a restart), each on one compact line with its state,
 * counts, a bar that moves with its files' own progress, the time left on long jobs, and pause /
 * resume / cancel; under it, on demand, its files with their stage and progress (a paused job's
 * files all say paused). The panel folds to one line so the document table stays in view.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobSummary } from '../../../src-shared/libraryManagement';
import { useLibraryStore, type FileProgress } from '../../stores/libraryStore';
import { FileProgressRow } from './FileProgressRow';
import { timeLeft } from './timeLeft';
import { collectionLabel } from '../../lib/collectionName';

/** Finished jobs shown under the running ones (until dismissed). */
const FINISHED_SHOWN = 3;
/** Jobs up to this many files show their files at once; larger ones on demand. */
const FILES_OPEN_UP_TO = 5;
/** Past this many files a job lists only the files worth a look (in flight, failed, already there). */
const LIST_ALL_UP_TO = 20;
const MAX_ROWS = 50;
/** The time left is said on jobs that have at least this long to go. */
const TIME_LEFT_FROM_S = 10;

export function JobPanel() {
  const { t } = useTranslation();
  const all = useLibraryStore((s) => s.jobSummaries);
  const dismissed = useLibraryStore((s) => s.dismissedJobs);
  const [open, setOpen] = useState(true);
  const live = all.filter((j) => j.state === 'running' || j.state === 'paused');
  const ended = all.filter((j) => (j.state === 'done' || j.state === 'cancelled') && !dismissed.includes(j.jobId)).slice(0, FINISHED_SHOWN);
  const jobs = [...live, ...ended];
  if (!jobs.length) return null;
  const overall = live.length ? live.reduce((a, j) => a + j.progress * j.total, 0) / Math.max(1, live.reduce((a, j) => a + j.total, 0)) : 1;
  return (
    <section className="panel running-work" aria-labelledby="job-panel-title" data-testid="job-panel">
      <div className="running-work-head">
        <h2 id="job-panel-title" className="panel-title">
          <button
            type="button"
            className="running-work-toggle"
            aria-expanded={open}
            aria-controls="job-panel-body"
            data-testid="job-panel-toggle"
            onClick={() => setOpen(!open)}
          >
            <span aria-hidden="true" className="running-work-chevron">
              {open ? '▾' : '▸'}
            </span>{' '}
            {t('library.work.title')}
          </button>
        </h2>
        <span className="muted small">{live.length ? t('library.work.running', { count: live.length }) : t('library.work.nothingRunning')}</span>
        {!open && live.length > 0 && (
          <progress className="progress running-work-overall" max={1} value={overall} aria-label={t('library.work.title')} />
        )}
      </div>
      {open && (
        <ul id="job-panel-body" className="job-list">
          {jobs.map((job) => (
            <JobItem key={job.jobId} job={job} />
          ))}
        </ul>
      )}
    </section>
  );
}

function JobItem({ job }: { job: JobSummary }) {
  const { t } = useTranslation();
  const files = useLibraryStore((s) => s.jobs.find((j) => j.jobId === job.jobId)?.files);
  const pause = useLibraryStore((s) => s.pauseJob);
  const resume = useLibraryStore((s) => s.resumeJob);
  const cancel = useLibraryStore((s) => s.cancelJob);
  const dismiss = useLibraryStore((s) => s.dismissJob);
  const [showFiles, setShowFiles] = useState(job.total <= FILES_OPEN_UP_TO);
  const label = t('library.manage.jobLabel', { kind: t(`library.manage.jobKind.${job.kind}`), collection: collectionLabel(t, job.collection) });
  const live = job.state === 'running' || job.state === 'paused';
  const filesId = `job-files-${job.jobId}`;
  return (
    <li className={`job job-${job.state}`} data-testid="job" data-state={job.state} data-job-id={job.jobId}>
      <div className="file-row-head">
        <span className="file-name">
          {label} <span className={`badge badge-job-${job.state}`}>{t(`library.manage.jobState.${job.state}`)}</span>
          {job.resumed && <span className="muted small"> · {t('library.manage.resumed')}</span>}
        </span>
        <span className="file-detail">
          {t('library.manage.jobProgress', { finished: job.finished, total: job.total, failed: job.failed, duplicates: job.duplicates })}
          {job.state === 'running' && job.secondsLeft != null && job.secondsLeft >= TIME_LEFT_FROM_S && (
            <span data-testid="job-time-left"> · {timeLeft(t, job.secondsLeft)}</span>
          )}
        </span>
      </div>
      <progress className="progress" max={1} value={job.progress} aria-label={label} data-testid="job-progress" />
      <div className="job-actions">
        {files && files.length > 0 && (
          <button type="button" className="link-button" aria-expanded={showFiles} aria-controls={filesId} onClick={() => setShowFiles(!showFiles)}>
            {showFiles ? t('library.work.hideFiles') : t('library.work.showFiles', { count: files.length })}
          </button>
        )}
        {live && job.state === 'running' && (
          <button type="button" className="link-button" onClick={() => void pause(job.jobId)}>
            {t('library.manage.pause')}
          </button>
        )}
        {live && job.state === 'paused' && (
          <button type="button" className="link-button" onClick={() => void resume(job.jobId)}>
            {t('library.manage.resume')}
          </button>
        )}
        {live && (
          <button type="button" className="link-button" onClick={() => void cancel(job.jobId)}>
            {t('library.manage.cancel')}
          </button>
        )}
        {!live && (
          <button type="button" className="link-button" onClick={() => dismiss(job.jobId)}>
            {t('library.dismiss')}
          </button>
        )}
      </div>
      {files && showFiles && <JobFiles id={filesId} files={files} paused={job.state === 'paused'} />}
    </li>
  );
}

function JobFiles({ id, files, paused }: { id: string; files: FileProgress[]; paused: boolean }) {
  const { t } = useTranslation();
  const big = files.length > LIST_ALL_UP_TO;
  const rows = files.map((f, i) => ({ f, i })).filter(({ f }) => !big || (f.result ? f.result.status !== 'ready' : f.progress > 0));
  // Problems first: they are what the user has to act on.
  if (big) rows.sort((a, b) => Number(b.f.result?.status === 'failed') - Number(a.f.result?.status === 'failed'));
  const shown = rows.slice(0, MAX_ROWS);
  return (
    <div id={id} data-testid="ingest-job">
      <ul className="job-files">
        {shown.map(({ f, i }) => (
          <FileProgressRow key={i} item={f} paused={paused} />
        ))}
      </ul>
      {rows.length > shown.length && <p className="muted small">{t('library.moreHidden', { count: rows.length - shown.length })}</p>}
    </div>
  );
}
