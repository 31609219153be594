/**
 * Library state: the document list (refreshed on `library.changed`), the import jobs of this session
 * with each file's stage and progress (from `ingest.progress`) and outcome (from `ingest.done`), the
 * persistent jobs as a list with their overall progress and state (`jobs.changed`), collections and
 * watched folders (`collections.changed`).
 */
import { create } from 'zustand';
import type { DocumentRecord, IngestJobDone, IngestProgress, IngestResult, IngestStage, OcrMode } from '../../src-shared/domain';
import type { CollectionInfo, JobSummary, WatchedFolder } from '../../src-shared/libraryManagement';
import { client, transport } from '../transport/client';
import { ingestUploads } from '../transport/ingestUploads';
import { useAppStore } from './appStore';
import { toUiError, type UiError } from '../lib/localizeError';

export interface FileProgress {
  file: string;
  stage: IngestStage;
  /** 0..1 over all the file's stages (the core weighs them); never shown lower than before. */
  progress: number;
  result: IngestResult | null;
}

export interface JobState {
  jobId: string;
  files: FileProgress[];
  done: boolean;
  cancelled: boolean;
}

interface LibraryState {
  documents: DocumentRecord[];
  loaded: boolean;
  jobs: JobState[];
  /** Files being read and sent by a browser before the server answers with a job. */
  uploading: number;
  refresh(): Promise<void>;
  /** Ingests dropped or picked files; `dropped` lets a browser walk dropped folders (Electron has their paths). */
  ingestFiles(files: File[], dropped?: { hasFolder: boolean; read(): Promise<File[]> }): Promise<void>;
  remove(id: string): Promise<void>;
  cancelJob(jobId: string): Promise<void>;
  /** Hides a finished job from the running-work panel (and forgets its files). */
  dismissJob(jobId: string): void;
  /** Finished jobs the user dismissed. */
  dismissedJobs: string[];
  onProgress(event: IngestProgress): void;
  onDone(event: IngestJobDone): void;

  /** Persistent ingestion jobs (running, paused, recent), newest first. */
  jobSummaries: JobSummary[];
  collections: CollectionInfo[];
  watched: WatchedFolder[];
  /** The collection the list shows and new files go to; null: every collection (new files go to 'default'). */
  collection: string | null;
  setCollection(name: string | null): void;
  refreshManagement(): Promise<void>;
  onJobChanged(job: JobSummary): void;
  pauseJob(jobId: string): Promise<void>;
  resumeJob(jobId: string): Promise<void>;
  createCollection(name: string): Promise<boolean>;
  renameCollection(from: string, to: string): Promise<boolean>;
  removeCollection(name: string): Promise<void>;
  /** Sets (or, with null, clears) a collection's instructions; resolves with the error to show, or null. */
  setCollectionInstructions(name: string, instructions: string | null): Promise<UiError | null>;
  /** Moves a document to another collection (made when new); resolves with the error to show, or null. */
  moveDocument(id: string, collection: string): Promise<UiError | null>;
  addWatchedFolder(folder: string): Promise<boolean>;
  removeWatchedFolder(folder: string): Promise<void>;
  reingest(id: string, options: { ocr?: OcrMode; chunkSize?: number }): Promise<void>;
}

/** The contract allows 100 files a call; bytes are capped too so one request never gets huge. */
const MAX_FILES_PER_UPLOAD = 100;
const MAX_BYTES_PER_UPLOAD = 64 * 1024 * 1024;
const MAX_PATHS_PER_CALL = 10_000;

function batchForUpload(files: File[]): File[][] {
  const batches: File[][] = [];
  let current: File[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length && (current.length >= MAX_FILES_PER_UPLOAD || bytes + file.size > MAX_BYTES_PER_UPLOAD)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length) batches.push(current);
  return batches;
}

const emptyFile = (file: string): FileProgress => ({ file, stage: 'queued', progress: 0, result: null });

/** Events may arrive before the call that started the job has returned: create or update, never assume. */
function upsertJob(jobs: JobState[], jobId: string, update: (job: JobState) => JobState): JobState[] {
  const index = jobs.findIndex((j) => j.jobId === jobId);
  if (index === -1) return [update({ jobId, files: [], done: false, cancelled: false }), ...jobs];
  const next = jobs.slice();
  next[index] = update(jobs[index]);
  return next;
}

/**
 * A big import sends one library.changed per file: refreshes are coalesced (one at a time, the next one
 * at most every REFRESH_MS), so the list is fetched a few times a second at most, never once per event.
 */
const REFRESH_MS = 300;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let refreshing = false;
let refreshAgain = false;

/** Progress events are buffered and applied together, for the same reason (thousands of files). */
const PROGRESS_FLUSH_MS = 100;
let pendingProgress: IngestProgress[] = [];
let progressTimer: ReturnType<typeof setTimeout> | null = null;

export const useLibraryStore = create<LibraryState>()((set, get) => {
  const startJob = (jobId: string, files: string[]) =>
    set((s) => ({
      jobs: upsertJob(s.jobs, jobId, (job) => ({
        ...job,
        files: files.map((file, i) => job.files[i] ?? emptyFile(file)),
      })),
    }));
  const reportError = (error: unknown) => useAppStore.getState().reportError(error);
  const flushProgress = () => {
    if (progressTimer) clearTimeout(progressTimer);
    progressTimer = null;
    if (!pendingProgress.length) return;
    const events = pendingProgress;
    pendingProgress = [];
    // One copy of each job's file list per flush, however many events it brings.
    const byJob = new Map<string, IngestProgress[]>();
    for (const event of events) {
      const list = byJob.get(event.jobId);
      if (list) list.push(event);
      else byJob.set(event.jobId, [event]);
    }
    set((s) => {
      let jobs = s.jobs;
      for (const [jobId, list] of byJob) {
        jobs = upsertJob(jobs, jobId, (job) => {
          const files = job.files.slice();
          for (const event of list) {
            while (files.length <= event.index) files.push(emptyFile(event.file));
            const before = files[event.index];
            // Forward only: a late or repeated event never pulls a bar back.
            const progress = event.result ? 1 : Math.max(before.file === event.file ? before.progress : 0, event.progress);
            files[event.index] = { file: event.file, stage: event.stage, progress, result: event.result ?? before.result };
          }
          return { ...job, files };
        });
      }
      return { jobs };
    });
  };

  return {
    documents: [],
    loaded: false,
    jobs: [],
    uploading: 0,
    dismissedJobs: [],
    jobSummaries: [],
    collections: [],
    watched: [],
    collection: null,

    setCollection: (name) => set({ collection: name }),

    async refreshManagement() {
      try {
        const [jobSummaries, collections, watched] = await Promise.all([
          client.call('jobs.list', {}),
          client.call('collections.list', {}),
          client.call('watch.list', {}),
        ]);
        set((s) => ({
          jobSummaries,
          collections,
          watched,
          // A collection renamed or removed elsewhere: show everything rather than an empty list.
          collection: s.collection !== null && !collections.some((c) => c.name === s.collection) ? null : s.collection,
        }));
      } catch (error) {
        reportError(error);
      }
    },

    onJobChanged(job) {
      set((s) => {
        const others = s.jobSummaries.filter((j) => j.jobId !== job.jobId);
        const before = s.jobSummaries.find((j) => j.jobId === job.jobId);
        // Forward only, as the core sends it; events of a job can cross a list fetched meanwhile.
        const shown = before && before.progress > job.progress ? { ...job, progress: before.progress } : job;
        return { jobSummaries: [shown, ...others].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
      });
    },

    async pauseJob(jobId) {
      await client.call('jobs.pause', { jobId }).catch(reportError);
    },

    async resumeJob(jobId) {
      await client.call('jobs.resume', { jobId }).catch(reportError);
    },

    async createCollection(name) {
      try {
        await client.call('collections.create', { name });
        await get().refreshManagement();
        return true;
      } catch (error) {
        reportError(error);
        return false;
      }
    },

    async renameCollection(from, to) {
      try {
        await client.call('collections.rename', { from, to });
        if (get().collection === from) set({ collection: to });
        await get().refreshManagement();
        void get().refresh();
        return true;
      } catch (error) {
        reportError(error);
        return false;
      }
    },

    async removeCollection(name) {
      try {
        await client.call('collections.remove', { name, withDocuments: true });
        if (get().collection === name) set({ collection: null });
      } catch (error) {
        reportError(error);
      }
      await get().refreshManagement();
      void get().refresh();
    },

    async setCollectionInstructions(name, instructions) {
      try {
        await client.call('collections.setInstructions', { name, instructions });
        await get().refreshManagement();
        return null;
      } catch (error) {
        return toUiError(error);
      }
    },

    async moveDocument(id, collection) {
      try {
        const moved = await client.call('library.move', { id, collection });
        set((s) => ({ documents: s.documents.map((d) => (d.id === id ? moved : d)) }));
        await Promise.all([get().refreshManagement(), get().refresh()]);
        return null;
      } catch (error) {
        return toUiError(error);
      }
    },

    async addWatchedFolder(folder) {
      try {
        await client.call('watch.add', { folder, collection: get().collection ?? undefined });
        await get().refreshManagement();
        return true;
      } catch (error) {
        reportError(error);
        return false;
      }
    },

    async removeWatchedFolder(folder) {
      await client.call('watch.remove', { folder }).catch(reportError);
      await get().refreshManagement();
    },

    async reingest(id, options) {
      try {
        const job = await client.call('library.reingest', { id, ...options });
        startJob(job.jobId, job.files);
      } catch (error) {
        reportError(error);
      }
    },

    async refresh() {
      if (refreshing) {
        refreshAgain = true;
        return;
      }
      if (refreshTimer) return;
      refreshTimer = setTimeout(async () => {
        refreshTimer = null;
        refreshing = true;
        try {
          const documents = await client.call('library.list', {});
          documents.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
          set({ documents, loaded: true });
        } catch (error) {
          reportError(error);
        } finally {
          refreshing = false;
          if (refreshAgain) {
            refreshAgain = false;
            void get().refresh();
          }
        }
      }, get().loaded ? REFRESH_MS : 0);
    },

    async ingestFiles(dropFiles, dropped) {
      if (!dropFiles.length) return;
      let files = dropFiles;
      const paths = files.map((f) => transport.pathForFile(f));
      if (paths.every((p) => p)) {
        // Electron: the core reads the files itself, nothing is copied through the renderer.
        for (let i = 0; i < paths.length; i += MAX_PATHS_PER_CALL) {
          try {
            const job = await client.call('library.ingestPaths', { paths: paths.slice(i, i + MAX_PATHS_PER_CALL), collection: get().collection ?? undefined });
            startJob(job.jobId, job.files);
          } catch (error) {
            reportError(error);
          }
        }
        return;
      }
      // A browser has no paths: send the bytes (of each file of the dropped folders).
      if (dropped?.hasFolder) {
        try {
          files = await dropped.read();
        } catch (error) {
          reportError(error);
          return;
        }
      }
      for (const batch of batchForUpload(files)) {
        set((s) => ({ uploading: s.uploading + batch.length }));
        try {
          // Streamed to the server where the transport can (ingestUploads.ts).
          const job = await ingestUploads(batch, { collection: get().collection ?? undefined });
          startJob(job.jobId, job.files);
        } catch (error) {
          reportError(error);
        } finally {
          set((s) => ({ uploading: s.uploading - batch.length }));
        }
      }
    },

    async remove(id) {
      try {
        await client.call('library.remove', { id });
        set((s) => ({ documents: s.documents.filter((d) => d.id !== id) }));
      } catch (error) {
        reportError(error);
      }
      void get().refresh();
    },

    async cancelJob(jobId) {
      try {
        await client.call('library.cancelJob', { jobId });
      } catch (error) {
        reportError(error);
      }
    },

    dismissJob: (jobId) => set((s) => ({ jobs: s.jobs.filter((j) => j.jobId !== jobId), dismissedJobs: [...s.dismissedJobs, jobId] })),

    onProgress(event) {
      pendingProgress.push(event);
      progressTimer ??= setTimeout(flushProgress, PROGRESS_FLUSH_MS);
    },

    onDone(event) {
      flushProgress();
      set((s) => ({
        jobs: upsertJob(s.jobs, event.jobId, (job) => {
          const finished = (result: IngestResult): FileProgress => ({ file: result.file, stage: 'done', progress: 1, result });
          // Results follow the job's file order; a cancelled job may report fewer, matched by name then.
          const files =
            job.files.length === 0 || job.files.length === event.results.length
              ? event.results.map(finished)
              : job.files.map((f) => {
                  const result = event.results.find((r) => r.file === f.file);
                  return result ? finished(result) : f;
                });
          return { ...job, files, done: true, cancelled: event.cancelled };
        }),
      }));
      void get().refresh();
    },
  };
});
