/**
 * Ingestion jobs. `startJob` returns at once with a job id; files are processed in the background,
 * a few at a time across all jobs, each reporting `ingest.progress` per stage. When a job ends it
 * emits `ingest.done` with one result per file (in the order given) and `library.changed`.
 * Cancelling stops files at their next stage boundary; files not started are reported CANCELLED.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { IngestJob, IngestJobDone, IngestResult, IngestStage, Settings } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import type { EventBus } from '../eventBus';
import type { Embedder } from '../llm/types';
import type { LibraryStore } from '../store/libraryStore';
import { ingestFile, type FileTask } from './ingestFile';
import { DEFAULT_INGEST_CONCURRENCY, DEFAULT_MAX_FILE_BYTES } from './limits';

export const DEFAULT_COLLECTION = 'default';
export const INBOX_FOLDER = 'inbox';

export interface IngestOptions {
  collection?: string;
}

export interface UploadedFile {
  name: string;
  dataBase64: string;
}

export interface IngestServiceDeps {
  store: LibraryStore;
  dataDir: string;
  events: EventBus;
  getSettings: () => Settings;
  getEmbedder: () => Promise<Embedder | null>;
  /** Optional tuning; defaults in limits.ts. */
  limits?: { maxFileBytes?: number; concurrency?: number };
}

export interface IngestService {
  startJob(paths: string[], options?: IngestOptions): IngestJob;
  /** Writes the uploaded bytes to `<dataDir>/inbox/<jobId>/` first, then ingests them like paths. */
  startUploadJob(files: UploadedFile[], options?: IngestOptions): IngestJob;
  cancel(jobId: string): boolean;
  /** Resolves with the job's results when it ends (also for a job that already ended recently). */
  waitForJob(jobId: string): Promise<IngestJobDone>;
  dispose(): Promise<void>;
}

interface RunningJob {
  controller: AbortController;
  done: Promise<IngestJobDone>;
}

/** Finished jobs kept for `waitForJob` after the fact. */
const FINISHED_JOBS_KEPT = 200;

export function createIngestService(deps: IngestServiceDeps): IngestService {
  const maxFileBytes = deps.limits?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const slots = createSemaphore(Math.max(1, deps.limits?.concurrency ?? DEFAULT_INGEST_CONCURRENCY));
  const running = new Map<string, RunningJob>();
  const finished = new Map<string, IngestJobDone>();
  /** Content being ingested right now, across jobs, with the title of the file ingesting it. */
  const inFlight = new Map<string, string>();
  let disposed = false;

  function launch(jobId: string, tasks: FileTask[], cleanup?: () => Promise<void>, prepare?: () => Promise<void>): IngestJob {
    if (disposed) throw new PhareError('INTERNAL', { detail: 'the ingest service is shut down' });
    const controller = new AbortController();
    const done = (async (): Promise<IngestJobDone> => {
      const results: (IngestResult | null)[] = tasks.map(() => null);
      const touched = new Set<string>();
      const emitProgress = (task: FileTask, stage: IngestStage, progress: number, documentId: string | null, result: IngestResult | null) =>
        deps.events.emit('ingest.progress', { jobId, index: task.index, file: task.displayName, stage, progress, documentId, result });
      try {
        for (const task of tasks) emitProgress(task, 'queued', 0, null, null);
        await prepare?.();
        await Promise.all(
          tasks.map(async (task) => {
            const result = await slots.use(async () => {
              if (controller.signal.aborted) return null;
              return ingestFile(task, {
                store: deps.store,
                dataDir: deps.dataDir,
                settings: deps.getSettings(),
                getEmbedder: deps.getEmbedder,
                maxFileBytes,
                signal: controller.signal,
                claimContent: (sha, title) => {
                  const other = inFlight.get(sha);
                  if (other !== undefined) return other;
                  inFlight.set(sha, title);
                  return null;
                },
                releaseContent: (sha) => inFlight.delete(sha),
                report: (stage, progress, documentId) => emitProgress(task, stage, progress, documentId, null),
                changed: (documentId) => touched.add(documentId),
              });
            });
            const final = result ?? cancelledResult(task, deps.getSettings());
            results[task.index] = final;
            emitProgress(task, 'done', 1, final.documentId, final);
          }),
        );
      } catch (error) {
        // Only preparation (writing uploads) can land here; every file reports its own failure.
        console.error('[ingest] job failed before its files could be processed:', error);
      } finally {
        await cleanup?.().catch(() => undefined);
      }
      const filled = tasks.map((task, i) => results[i] ?? cancelledResult(task, deps.getSettings()));
      if (touched.size > 0) {
        // Fold the new chunks into the full-text indices (searches see them before this, more slowly).
        await deps.store.optimize().catch((error: unknown) => console.warn('[ingest] index optimisation failed:', error));
      }
      const summary: IngestJobDone = { jobId, results: filled, cancelled: controller.signal.aborted };
      running.delete(jobId);
      finished.set(jobId, summary);
      if (finished.size > FINISHED_JOBS_KEPT) finished.delete(finished.keys().next().value as string);
      deps.events.emit('ingest.done', summary);
      deps.events.emit('library.changed', { documentIds: [...touched] });
      return summary;
    })();
    running.set(jobId, { controller, done });
    return { jobId, files: tasks.map((t) => t.displayName) };
  }

  return {
    startJob(paths, options = {}) {
      const collection = options.collection ?? DEFAULT_COLLECTION;
      const tasks = paths.map((path, index) => ({ index, path, displayName: path, collection }));
      return launch(randomUUID(), tasks);
    },

    startUploadJob(files, options = {}) {
      const collection = options.collection ?? DEFAULT_COLLECTION;
      const jobId = randomUUID();
      const inbox = join(deps.dataDir, INBOX_FOLDER, jobId);
      const tasks = files.map((file, index) => ({
        index,
        // Index prefix: two uploads with the same name in one job do not overwrite each other.
        path: join(inbox, `${index}-${safeFileName(file.name)}`),
        displayName: file.name,
        collection,
      }));
      const prepare = async () => {
        await mkdir(inbox, { recursive: true });
        await Promise.all(files.map((file, i) => writeFile(tasks[i].path, Buffer.from(file.dataBase64, 'base64'))));
      };
      // The inbox copy is only a staging area: the kept original is in originals/.
      const cleanup = () => rm(inbox, { recursive: true, force: true });
      return launch(jobId, tasks, cleanup, prepare);
    },

    cancel(jobId) {
      const job = running.get(jobId);
      if (!job || job.controller.signal.aborted) return false;
      job.controller.abort();
      return true;
    },

    waitForJob(jobId) {
      const job = running.get(jobId);
      if (job) return job.done;
      const summary = finished.get(jobId);
      if (summary) return Promise.resolve(summary);
      return Promise.reject(new PhareError('NOT_FOUND', { what: `ingestion job ${jobId}` }));
    },

    async dispose() {
      disposed = true;
      const jobs = [...running.values()];
      for (const job of jobs) job.controller.abort();
      await Promise.allSettled(jobs.map((j) => j.done));
    },
  };
}

function cancelledResult(task: FileTask, settings: Settings): IngestResult {
  return {
    file: task.displayName,
    documentId: null,
    status: 'failed',
    pages: 0,
    chunks: 0,
    error: new PhareError('CANCELLED').toValue(settings.language),
  };
}

/** The uploaded name without any directory part or characters a file system may refuse. */
function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'));
  const clean = [...base]
    .map((ch) => (ch.charCodeAt(0) < 32 || '<>:"/\\|?*'.includes(ch) ? '_' : ch))
    .join('')
    .slice(-200);
  return clean && clean !== '.' && clean !== '..' ? clean : 'upload';
}

interface Semaphore {
  use<T>(task: () => Promise<T>): Promise<T>;
}

function createSemaphore(size: number): Semaphore {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async use(task) {
      // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
      if (active >= size) await new Promise<void>((resolve) => waiting.push(resolve));
      else active++;
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
  };
}
