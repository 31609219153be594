/**
 * Ingestion jobs, persistent. `startJob` returns at once with a job id; the job and its files are
 * recorded on disk (jobs/jobJournal.ts) before any file is processed (`recorded` tells when: the
 * contract answers only then), and every finished file is
 * recorded as it ends, so a run the app did not finish (killed, crashed, quit) resumes its unfinished
 * files at the next start (`resumeInterrupted`). Files are processed a few at a time across all jobs,
 * in the order jobs were started; each reports `ingest.progress` per stage, and the job as a whole
 * reports `jobs.changed` when a file ends or its state changes. When a job ends it emits
 * `ingest.done` with one result per file (in the order given) and `library.changed`.
 *
 * Pausing a job holds its files that have not started, and its files in flight at their next safe
 * point (pauseGate.ts: before a stage, between PDF pages, between embedding batches), where they keep
 * their stage and progress and give their processing slot to other jobs; resuming releases them, the
 * files in flight first, each going on where it stopped. Cancelling stops files at their next stage
 * boundary (a held file at once); files not started are reported CANCELLED.
 */
import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DocumentRecord, IngestJob, IngestJobDone, IngestResult, IngestStage, OcrMode, Settings } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import type { JobState, JobSummary } from '../../../src-shared/libraryManagement';
import type { EventBus } from '../eventBus';
import { ensurePrivateDir, writePrivateFile } from '../fs/privateFiles';
import { openJobJournal, type JobHeader, type JobJournal, type ReingestOptions } from '../jobs/jobJournal';
import { machineIngestConcurrency } from '../jobs/machineConcurrency';
import type { Embedder } from '../llm/types';
import type { LibraryStore } from '../store/libraryStore';
import { ingestFile, type FileTask } from './ingestFile';
import { JobClock, weightedFileProgress } from './jobProgress';
import { DEFAULT_MAX_FILE_BYTES } from './limits';
import { deleteOriginal } from './originals';
import { createFailedRows } from './failedRows';
import { INBOX_FOLDER, removeStaleStagedUploads, stagedUploadPath } from './stagedUploads';
import { PauseGate, type PausePoint } from './pauseGate';
import type { IngestedFacts } from './ingestedFacts';

export const DEFAULT_COLLECTION = 'default';
export { INBOX_FOLDER } from './stagedUploads';

export interface IngestOptions {
  collection?: string;
  /** What started the job, as the job panel shows it. */
  kind?: 'paths' | 'watch';
  /** OCR mode for the job's files; the settings' when absent. */
  ocr?: OcrMode;
}

/** Bytes sent in the call (base64), or a file a transport streamed to the inbox first (stagedUploads.ts). */
export type UploadedFile = { name: string; dataBase64: string } | { name: string; uploadId: string };

export interface IngestServiceDeps {
  store: LibraryStore;
  dataDir: string;
  events: EventBus;
  getSettings: () => Settings;
  getEmbedder: () => Promise<Embedder | null>;
  /** Optional tuning; defaults: limits.ts and the machine's cores. */
  limits?: { maxFileBytes?: number; concurrency?: number };
  /** Told what each document made ready holds, for the metrics (ingestedFacts.ts). */
  onIngested?: (documentId: string, facts: IngestedFacts) => void;
}

export interface IngestService {
  startJob(paths: string[], options?: IngestOptions): IngestJob;
  /** Writes the uploaded bytes to `<dataDir>/inbox/<jobId>/` first, then ingests them like paths. */
  startUploadJob(files: UploadedFile[], options?: IngestOptions): IngestJob;
  /** Runs the pipeline again on a document's kept original; its old content stays searchable until the swap. */
  startReingestJob(reingest: ReingestOptions, original: { path: string; displayName: string; collection: string }): IngestJob;
  /**
   * Resolves once a started job is recorded on disk (its journal's first line written and renamed
   * into place; for uploads, their bytes in the inbox first), so a kill after that resumes it at the
   * next start. A contract call that accepts a job waits for this before it answers: an accepted job
   * is never lost. A job already recorded, ended or unknown resolves at once; a failed write is
   * warned about and resolves too (the job runs, but would not survive a crash).
   */
  recorded(jobId: string): Promise<void>;
  cancel(jobId: string): boolean;
  pause(jobId: string): boolean;
  resume(jobId: string): boolean;
  /** Running and paused jobs, then recently finished ones, newest first. */
  list(): JobSummary[];
  /** Resolves with the job's results when it ends (also for a job that already ended recently). */
  waitForJob(jobId: string): Promise<IngestJobDone>;
  /**
   * Picks up the jobs a previous run left unfinished (the journal on disk). Returns them, with a test
   * of whether a document left half-written is one of their unfinished files (by the id recorded for
   * the file, or by its source when the kill came before the id was recorded), so it can wait as
   * `queued` instead of failing.
   */
  takeOverInterrupted(options?: { claim?: boolean }): Promise<{ jobIds: string[]; isResumable: (doc: DocumentRecord) => boolean }>;
  /** Starts the jobs taken over (after the library has been recovered). */
  startInterrupted(): void;
  /**
   * Stops: files in flight are stopped, and every unfinished job stays on disk to resume at the
   * next start (a quit is not a cancel).
   */
  dispose(): Promise<void>;
}

interface Job {
  header: JobHeader;
  results: (IngestResult | null)[];
  /** Document ids the files were given, recorded as soon as known (for recovery). */
  documentIds: Map<number, string>;
  /** Indices of files not started yet, in order. */
  pending: number[];
  /** Files in flight and how far each is (0..1 over all its stages, never less than before), held ones included. */
  active: Map<number, number>;
  /** The highest progress the job reported: it never shows less. */
  shownProgress: number;
  /** Its running time (pauses excluded), for the time left. */
  clock: JobClock;
  /** When `jobs.changed` was last sent for progress within files (they are sent a few times a second at most). */
  lastProgressEmit: number;
  /** Files in flight held by a pause that gave their slot back (until they take one again). */
  held: Set<number>;
  /** What each file in flight last reported in `ingest.progress` (see STAGE_PROGRESS_STEP). */
  lastFileEmit: Map<number, { stage: IngestStage; stageProgress: number; documentId: string | null }>;
  controller: AbortController;
  /** Closed while the job is paused: its files in flight wait there. */
  gate: PauseGate;
  cancelled: boolean;
  resumed: boolean;
  /** Documents this job created or changed. */
  touched: Set<string>;
  /** Set while uploads are written: files wait for it. */
  preparing: Promise<void> | null;
  done: Promise<IngestJobDone>;
  finish: (done: IngestJobDone) => void;
  finishing: boolean;
}

/** At most this often a job reports its progress within files (`jobs.changed`). */
const JOB_PROGRESS_EMIT_MS = 250;
/**
 * A file reports its progress within a stage when it has moved by this share of the stage: at most
 * about a hundred steps a stage (every page of a PDF up to 100 pages). A bar needs no more, and a
 * 300-page PDF sent one event a page, each crossing to every window and validated there. A new stage
 * or a document id is always reported.
 */
const STAGE_PROGRESS_STEP = 0.01;
/** Finished jobs kept for `waitForJob` after the fact. */
const FINISHED_JOBS_KEPT = 200;
/** Finished jobs shown by `list`. */
const FINISHED_JOBS_LISTED = 20;
/**
 * Documents written between two index folds during a long batch. Every document commit leaves small
 * files, and lookups (duplicates by hash, the validation's full-text query on rows not yet indexed)
 * scan them all: without a fold on the way, a folder of small files slowed down as it went (50 notes:
 * 110 ms a file; 200: 196 ms; 3,000 took over 10 minutes).
 */
export const DOCUMENTS_PER_FOLD = 64;

export function createIngestService(deps: IngestServiceDeps): IngestService {
  const maxFileBytes = deps.limits?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const concurrency = Math.max(1, deps.limits?.concurrency ?? machineIngestConcurrency());
  const journal: JobJournal = openJobJournal(deps.dataDir);
  // Streamed uploads no call ever claimed (a failed call, a closed tab) are not kept.
  void removeStaleStagedUploads(deps.dataDir);
  /** Unfinished jobs in the order they were started: files are taken from the first runnable one. */
  const jobs = new Map<string, Job>();
  const finished = new Map<string, { summary: JobSummary; done: IngestJobDone }>();
  /** Content being ingested right now, across jobs, with the title of the file ingesting it. */
  const inFlight = new Map<string, string>();
  const takenOver: Job[] = [];
  /** Processing slots in use (at most `concurrency`): files in flight, less those a pause holds. */
  let active = 0;
  /** Files in flight, held ones included (a shutdown waits for all of them). */
  let running = 0;
  /** Held files whose job resumed, waiting for a slot: served before any new file starts. */
  const slotWaiters: (() => void)[] = [];
  let disposed = false;
  let stopping = false;
  let writtenSinceFold = 0;
  const failedRows = createFailedRows(deps.store, (documentIds) => deps.events.emit('library.changed', { documentIds }));

  /**
   * A journal write that fails (EMFILE, a full disk) does not stop the job: its files are still read
   * and written, each with its own result; only a restart after a crash would run it again from its
   * last record. Said once per job, not once per file.
   */
  const unrecorded = new Set<string>();
  const record = (jobId: string, write: Promise<void>) =>
    write.catch((error: unknown) => {
      if (unrecorded.has(jobId)) return;
      unrecorded.add(jobId);
      const reason = error instanceof Error ? error.message : String(error);
      console.warn(`[jobs] could not record job ${jobId} (${reason}); it goes on, but a crash would run it again from its last record`);
    });

  function summarize(job: Job, state?: JobState): JobSummary {
    const results = job.results.filter((r): r is IngestResult => r !== null);
    const inFlightProgress = [...job.active.values()].reduce((a, b) => a + b, 0);
    const total = job.header.files.length;
    const live = !state && !job.cancelled && !job.gate.paused;
    // The clock runs from the job's first file on (not while it waits behind another job).
    if (live) job.clock.tick(job.active.size > 0 || results.length > 0);
    job.shownProgress = Math.max(job.shownProgress, total === 0 ? 1 : Math.min(1, (results.length + inFlightProgress) / total));
    const finishedNow = state === 'done' || state === 'cancelled';
    return {
      jobId: job.header.jobId,
      kind: job.header.kind,
      collection: job.header.collection,
      state: state ?? (job.cancelled ? 'cancelled' : job.gate.paused ? 'paused' : 'running'),
      createdAt: job.header.createdAt,
      total,
      finished: results.length,
      failed: results.filter((r) => r.status === 'failed').length,
      duplicates: results.filter((r) => r.status === 'duplicate').length,
      active: [...job.active.keys()].filter((i) => !job.held.has(i)).length,
      progress: finishedNow && state === 'done' ? 1 : job.shownProgress,
      resumed: job.resumed,
      secondsLeft: live ? job.clock.secondsLeft(job.shownProgress) : null,
    };
  }

  const emitJob = (job: Job, state?: JobState) => deps.events.emit('jobs.changed', summarize(job, state));

  function emitProgress(job: Job, index: number, stage: IngestStage, progress: number, documentId: string | null, result: IngestResult | null) {
    deps.events.emit('ingest.progress', {
      jobId: job.header.jobId,
      index,
      file: job.header.files[index].displayName,
      stage,
      progress,
      documentId,
      result,
    });
  }

  function newJob(header: JobHeader, resumed: boolean): Job {
    let finish: (done: IngestJobDone) => void = () => {};
    const done = new Promise<IngestJobDone>((resolve) => (finish = resolve));
    return {
      header,
      results: header.files.map(() => null),
      documentIds: new Map(),
      pending: header.files.map((_, i) => i),
      active: new Map(),
      shownProgress: 0,
      clock: new JobClock(),
      lastProgressEmit: 0,
      held: new Set(),
      lastFileEmit: new Map(),
      controller: new AbortController(),
      gate: new PauseGate(),
      cancelled: false,
      resumed,
      touched: new Set(),
      preparing: null,
      done,
      finish,
      finishing: false,
    };
  }

  /**
   * Gives free slots first to held files whose job resumed, then to the next files of the first jobs
   * that can run (slots owed to resumed held files that have not asked yet are kept for them).
   */
  function pump(): void {
    if (stopping) return;
    while (active < concurrency && slotWaiters.length > 0) {
      active++;
      slotWaiters.shift()!();
    }
    let owed = 0;
    for (const job of jobs.values()) if (!job.gate.paused) owed += job.held.size;
    for (const job of jobs.values()) {
      while (active + owed < concurrency && !job.gate.paused && !job.cancelled && job.pending.length > 0) {
        const index = job.pending.shift()!;
        const slot = { owned: true };
        active++;
        running++;
        job.active.set(index, 0);
        void runFile(job, index, slot).finally(() => {
          if (slot.owned) active--;
          running--;
          job.active.delete(index);
          job.held.delete(index);
          pump();
          maybeFinish(job);
        });
      }
      if (active + owed >= concurrency) return;
    }
  }

  /**
   * A file's safe point: while its job is paused the file gives its slot back (other jobs' files may
   * use it), waits for the resume, then takes a slot again before going on. A cancel ends the wait
   * with CANCELLED, and the file cleans up without a slot.
   */
  function pausePoint(job: Job, index: number, slot: { owned: boolean }): PausePoint {
    return {
      async wait(signal) {
        if (signal?.aborted) throw new PhareError('CANCELLED');
        if (!job.gate.paused || !slot.owned) return;
        slot.owned = false;
        active--;
        job.held.add(index);
        emitJob(job);
        pump();
        try {
          await job.gate.wait(signal);
          await takeSlot(signal);
          slot.owned = true;
        } finally {
          job.held.delete(index);
        }
        emitJob(job);
      },
    };
  }

  /** A slot for a held file going on: at once when one is free, else before any new file starts. */
  function takeSlot(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new PhareError('CANCELLED'));
    if (active < concurrency && !stopping) {
      active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = slotWaiters.indexOf(give);
        if (at >= 0) slotWaiters.splice(at, 1);
        reject(new PhareError('CANCELLED'));
      };
      const give = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      slotWaiters.push(give);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async function runFile(job: Job, index: number, slot: { owned: boolean }): Promise<void> {
    const file = job.header.files[index];
    const task: FileTask & { ocrMode?: OcrMode } = { index, path: file.path, displayName: file.displayName, collection: job.header.collection };
    const reingest = job.header.reingest;
    const settings = deps.getSettings();
    let result: IngestResult;
    const replaced = reingest ? await deps.store.getDocument(reingest.documentId).catch(() => null) : null;
    try {
      if (job.preparing) await job.preparing;
      if (reingest?.ocr) task.ocrMode = reingest.ocr;
      else if (job.header.ocr) task.ocrMode = job.header.ocr;
      result = await ingestFile(task, {
        store: deps.store,
        dataDir: deps.dataDir,
        settings: {
          ...settings,
          chunkSize: reingest?.chunkSize ?? settings.chunkSize,
          chunkOverlap: reingest?.chunkOverlap ?? settings.chunkOverlap,
        },
        getEmbedder: deps.getEmbedder,
        maxFileBytes,
        signal: job.controller.signal,
        pause: pausePoint(job, index, slot),
        claimContent: (sha, title) => {
          const other = inFlight.get(sha);
          if (other !== undefined) return other;
          inFlight.set(sha, title);
          return null;
        },
        releaseContent: (sha) => inFlight.delete(sha),
        ingested: deps.onIngested,
        report: (stage, progress, documentId) => {
          if (documentId !== null && !job.documentIds.has(index)) {
            job.documentIds.set(index, documentId);
            void record(job.header.jobId, journal.append(job.header.jobId, { type: 'document', index, documentId }));
          }
          // One bar over the file's stages, never going back (jobProgress.ts).
          const overall = Math.max(job.active.get(index) ?? 0, weightedFileProgress(stage, progress));
          job.active.set(index, overall);
          const last = job.lastFileEmit.get(index);
          if (!last || last.stage !== stage || last.documentId !== documentId || progress - last.stageProgress >= STAGE_PROGRESS_STEP || (progress >= 1 && last.stageProgress < 1)) {
            job.lastFileEmit.set(index, { stage, stageProgress: progress, documentId });
            emitProgress(job, index, stage, overall, documentId, null);
          }
          // The job's bar moves with its files' progress, not only when a file ends.
          const now = Date.now();
          if (now - job.lastProgressEmit >= JOB_PROGRESS_EMIT_MS) {
            job.lastProgressEmit = now;
            emitJob(job);
          }
        },
        changed: (documentId) => job.touched.add(documentId),
        ...(reingest ? { replaceDocumentId: reingest.documentId } : {}),
      });
    } catch (error) {
      // ingestFile turns every failure of the file into a result; this is a failure to prepare uploads.
      result = failedResult(file.displayName, error, settings);
    }
    if (stopping) return; // a quit: the file is not finished and runs again at the next start
    if (replaced && result.status === 'ready') await dropReplacedOriginal(replaced.storedPath);
    result = await ownDuplicate(job, index, result);
    if (!reingest) result = recordOutcome(job, file.displayName, result);
    job.active.delete(index);
    job.lastFileEmit.delete(index);
    job.results[index] = result;
    if (result.status === 'ready' && ++writtenSinceFold >= DOCUMENTS_PER_FOLD) {
      writtenSinceFold = 0;
      // Not awaited: it queues behind the writes in flight, and the next files go on meanwhile.
      void deps.store.optimize().catch((error: unknown) => console.warn('[ingest] index optimisation failed:', error));
    }
    await record(job.header.jobId, journal.append(job.header.jobId, { type: 'file', index, result }));
    emitProgress(job, index, 'done', 1, result.documentId, result);
    emitJob(job);
  }

  /**
   * One Failed row per path (failedRows.ts): a file that failed before a document was made for it
   * gets one; any other outcome at a path replaces an earlier failure there. A cancelled file leaves
   * nothing, nor does a path with no file (a typo, a file deleted since it was listed): there is no
   * file to list. Re-ingestion keeps its document's own row, whatever happens.
   */
  function recordOutcome(job: Job, displayName: string, result: IngestResult): IngestResult {
    const collection = job.header.collection;
    if (result.status === 'failed' && result.documentId === null) {
      if (!result.error || result.error.code === 'CANCELLED' || result.error.code === 'FILE_NOT_FOUND') return result;
      const documentId = failedRows.add({ displayName, collection }, result.error);
      job.touched.add(documentId);
      return { ...result, documentId };
    }
    if (result.documentId !== null) failedRows.settle({ collection, sourcePath: displayName, documentId: result.documentId });
    return result;
  }

  /**
   * A document re-ingested from a changed file (a watched folder) now points at the new content's
   * original: the old one goes unless another document still uses it.
   */
  async function dropReplacedOriginal(storedPath: string): Promise<void> {
    if (!storedPath) return;
    const users = (await deps.store.listDocuments().catch(() => null)) ?? [{ storedPath }];
    if (!users.some((d) => d.storedPath === storedPath)) await deleteOriginal(deps.dataDir, storedPath).catch(() => undefined);
  }

  /**
   * A resumed file whose document was committed just before the kill (its end not yet recorded)
   * finds its own document and would call itself a duplicate: it is that document, ready.
   */
  async function ownDuplicate(job: Job, index: number, result: IngestResult): Promise<IngestResult> {
    if (!job.resumed || result.status !== 'duplicate' || result.documentId === null) return result;
    if (job.documentIds.get(index) !== result.documentId) return result;
    const doc = await deps.store.getDocument(result.documentId).catch(() => null);
    if (!doc) return result;
    return { ...result, status: 'ready', error: null, pages: doc.pages, chunks: doc.chunks };
  }

  function maybeFinish(job: Job): void {
    if (job.finishing || job.active.size > 0 || stopping) return;
    if (job.pending.length > 0 && !job.cancelled) return;
    if (job.preparing) return;
    job.finishing = true;
    void finishJob(job);
  }

  async function finishJob(job: Job): Promise<void> {
    const { jobId } = job.header;
    const settings = deps.getSettings();
    const results = job.header.files.map((f, i) => job.results[i] ?? cancelledResult(f.displayName, settings));
    if (job.header.cleanupFolder) await rm(job.header.cleanupFolder, { recursive: true, force: true }).catch(() => undefined);
    await failedRows.flush();
    await settleLeftovers(job, results);
    if (job.touched.size > 0) {
      // Fold the new chunks into the full-text indices (searches see them before this, more slowly).
      await deps.store.optimize().catch((error: unknown) => console.warn('[ingest] index optimisation failed:', error));
    }
    const done: IngestJobDone = { jobId, results, cancelled: job.cancelled };
    job.results = results;
    const summary = summarize(job, job.cancelled ? 'cancelled' : 'done');
    jobs.delete(jobId);
    finished.set(jobId, { summary, done });
    if (finished.size > FINISHED_JOBS_KEPT) finished.delete(finished.keys().next().value as string);
    await record(jobId, journal.remove(jobId));
    unrecorded.delete(jobId);
    deps.events.emit('ingest.done', done);
    deps.events.emit('library.changed', { documentIds: [...job.touched] });
    deps.events.emit('jobs.changed', summary);
    job.finish(done);
  }

  /**
   * Documents a resumed job had started and left `queued` (by recovery) that no file of the job
   * took up again (the file changed or vanished since): they fail with the interruption error.
   */
  async function settleLeftovers(job: Job, results: IngestResult[]): Promise<void> {
    if (!job.resumed) return;
    const taken = new Set(results.map((r) => r.documentId));
    const ids = new Set(job.documentIds.values());
    const sources = new Set(job.header.files.map((f) => f.displayName));
    const waiting = await deps.store.listDocuments({ status: 'queued' }).catch(() => []);
    for (const doc of waiting) {
      if (taken.has(doc.id) || !(ids.has(doc.id) || sources.has(doc.sourcePath))) continue;
      const id = doc.id;
      const error = new PhareError('INGEST_INTERRUPTED', { file: doc.sourcePath }).toValue(deps.getSettings().language);
      await deps.store.putDocument({ ...doc, status: 'failed', error, updatedAt: new Date().toISOString() }).catch(() => undefined);
      job.touched.add(id);
    }
  }

  function register(job: Job): IngestJob {
    jobs.set(job.header.jobId, job);
    for (const index of job.pending) emitProgress(job, index, 'queued', 0, null, null);
    emitJob(job);
    pump();
    // An empty job (a folder with nothing supported) ends at once, after its id was returned.
    setImmediate(() => maybeFinish(job));
    return { jobId: job.header.jobId, files: job.header.files.map((f) => f.displayName) };
  }

  function header(kind: JobHeader['kind'], collection: string, files: JobHeader['files'], extra: Partial<JobHeader> = {}): JobHeader {
    return {
      type: 'job',
      jobId: randomUUID(),
      kind,
      collection,
      createdAt: new Date().toISOString(),
      files,
      cleanupFolder: null,
      reingest: null,
      ownerPid: process.pid,
      ...extra,
    };
  }

  /** The job is on disk before its first file starts, so a kill right after still resumes it. */
  function persistThenRun(job: Job, prepare?: () => Promise<void>): IngestJob {
    job.preparing = (async () => {
      await prepare?.();
      await record(job.header.jobId, journal.create(job.header));
    })()
      .catch((error: unknown) => console.error('[ingest] job could not be prepared:', error))
      .finally(() => {
        job.preparing = null;
        maybeFinish(job);
      });
    return register(job);
  }

  function assertOpen(): void {
    if (disposed) throw new PhareError('INTERNAL', { detail: 'the ingest service is shut down' });
  }

  return {
    startJob(paths, options = {}) {
      assertOpen();
      const files = paths.map((path) => ({ path, displayName: path }));
      const extra = options.ocr ? { ocr: options.ocr } : {};
      return persistThenRun(newJob(header(options.kind ?? 'paths', options.collection ?? DEFAULT_COLLECTION, files, extra), false));
    },

    startUploadJob(uploads, options = {}) {
      assertOpen();
      const h = header('upload', options.collection ?? DEFAULT_COLLECTION, [], options.ocr ? { ocr: options.ocr } : {});
      const inbox = join(deps.dataDir, INBOX_FOLDER, h.jobId);
      // Index prefix: two uploads with the same name in one job do not overwrite each other.
      h.files = uploads.map((file, index) => ({ path: join(inbox, `${index}-${safeFileName(file.name)}`), displayName: file.name }));
      // The inbox copy is only a staging area (the kept original is in originals/): removed at the end.
      h.cleanupFolder = inbox;
      const prepare = async () => {
        await ensurePrivateDir(join(deps.dataDir, INBOX_FOLDER));
        await ensurePrivateDir(inbox);
        await Promise.all(
          uploads.map(async (file, i) => {
            if ('dataBase64' in file) return writePrivateFile(h.files[i].path, Buffer.from(file.dataBase64, 'base64'));
            // A streamed upload is claimed by moving it (once: a second claim finds nothing, and the
            // file then fails alone as not found, like a file gone from a folder).
            const staged = stagedUploadPath(deps.dataDir, file.uploadId);
            if (staged) await rename(staged, h.files[i].path).catch(() => undefined);
          }),
        );
      };
      return persistThenRun(newJob(h, false), prepare);
    },

    startReingestJob(reingest, original) {
      assertOpen();
      const h = header('reingest', original.collection, [{ path: original.path, displayName: original.displayName }], { reingest });
      return persistThenRun(newJob(h, false));
    },

    async recorded(jobId) {
      const preparing = jobs.get(jobId)?.preparing;
      if (preparing) await preparing;
    },

    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job || job.cancelled || job.finishing) return false;
      job.cancelled = true;
      job.pending = [];
      job.controller.abort();
      void record(jobId, journal.append(jobId, { type: 'cancelled' }));
      emitJob(job);
      maybeFinish(job);
      return true;
    },

    pause(jobId) {
      const job = jobs.get(jobId);
      if (!job || job.gate.paused || job.cancelled || job.finishing) return false;
      job.clock.tick(true);
      job.gate.pause();
      void record(jobId, journal.append(jobId, { type: 'paused', paused: true }));
      emitJob(job);
      return true;
    },

    resume(jobId) {
      const job = jobs.get(jobId);
      if (!job || !job.gate.paused || job.cancelled) return false;
      job.clock.tick(false);
      job.gate.resume();
      void record(jobId, journal.append(jobId, { type: 'paused', paused: false }));
      emitJob(job);
      pump();
      return true;
    },

    list() {
      const current = [...jobs.values()].map((job) => summarize(job));
      const past = [...finished.values()].map((f) => f.summary).slice(-FINISHED_JOBS_LISTED);
      return [...current.reverse(), ...past.reverse()];
    },

    waitForJob(jobId) {
      const job = jobs.get(jobId);
      if (job) return job.done;
      const past = finished.get(jobId);
      if (past) return Promise.resolve(past.done);
      return Promise.reject(new PhareError('NOT_FOUND', { what: `ingestion job ${jobId}` }));
    },

    async takeOverInterrupted({ claim = true } = {}) {
      const found = await journal.takeOver({ claim });
      const documentIds = new Set<string>();
      const sources = new Set<string>();
      for (const entry of found) {
        const job = newJob(entry.header, true);
        for (const [index, result] of entry.results) job.results[index] = result;
        job.documentIds = entry.documentIds;
        job.pending = job.pending.filter((i) => !entry.results.has(i));
        if (entry.paused) job.gate.pause();
        job.cancelled = entry.cancelled;
        if (job.cancelled) job.pending = [];
        for (const index of job.pending) {
          const id = entry.documentIds.get(index);
          if (id) documentIds.add(id);
          sources.add(job.header.files[index].displayName);
        }
        if (claim) takenOver.push(job);
      }
      return { jobIds: found.map((j) => j.header.jobId), isResumable: (doc) => documentIds.has(doc.id) || sources.has(doc.sourcePath) };
    },

    startInterrupted() {
      assertOpen();
      for (const job of takenOver.splice(0)) {
        jobs.set(job.header.jobId, job);
        emitJob(job);
      }
      pump();
      for (const job of jobs.values()) maybeFinish(job);
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      stopping = true;
      const all = [...jobs.values()];
      for (const job of all) job.controller.abort();
      // Wait for the files in flight, held ones too, to stop (each removes what it had half-written).
      while (running > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await failedRows.flush();
      const settings = deps.getSettings();
      for (const job of all) {
        // Callers waiting on the job learn it stopped; on disk it stays, to resume at the next start.
        const results = job.header.files.map((f, i) => job.results[i] ?? cancelledResult(f.displayName, settings));
        const done = { jobId: job.header.jobId, results, cancelled: true };
        deps.events.emit('ingest.done', done);
        job.finish(done);
      }
      jobs.clear();
    },
  };
}

function cancelledResult(file: string, settings: Settings): IngestResult {
  return { file, documentId: null, status: 'failed', pages: 0, chunks: 0, error: new PhareError('CANCELLED').toValue(settings.language) };
}

function failedResult(file: string, error: unknown, settings: Settings): IngestResult {
  const value =
    error instanceof PhareError ? error.toValue(settings.language) : new PhareError('INTERNAL', { detail: String(error) }).toValue(settings.language);
  return { file, documentId: null, status: 'failed', pages: 0, chunks: 0, error: value };
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
