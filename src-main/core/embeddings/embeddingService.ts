/**
 * Stale vectors and the re-embed job. Each document records the embedding model its vectors came
 * from (`embedder`); when the configured model changes, every ready document with another value is
 * stale. Search keeps finding stale documents by full text (hybrid search fuses the full-text list,
 * which covers every ready document, with the vector list of the current model, which covers the
 * embedded ones), and the re-embed job rebuilds their vectors one document at a time.
 *
 * The job is resumable: a document is done once its row names the new model (written in the same
 * queued write as its vectors), so a job stopped by a crash or a shutdown simply skips those when it
 * starts again. A `reembed` key in the library's meta table says a job was running; the next start
 * of the core resumes it. Cancelling clears it (the user chose to stop).
 */
import { randomUUID } from 'node:crypto';
import type { DocumentRecord, EmbeddingJob, EmbeddingsStatus } from '../../../src-shared/domain';
import { PhareError, toErrorValue } from '../../../src-shared/errors';
import type { EventBus } from '../eventBus';
import type { LibraryStore } from '../store/libraryStore';
import { embedWithCache } from './embedWithCache';
import type { PrefixedEmbedder } from './prefixedEmbedder';

const JOB_META_KEY = 'reembed';

export interface EmbeddingService {
  status(): Promise<EmbeddingsStatus>;
  /** Starts a re-embed job (or returns the running one). */
  reembed(): Promise<EmbeddingJob>;
  cancel(): boolean;
  /** Starts the job again if the library says one was running when the app stopped. */
  resumeIfInterrupted(): Promise<EmbeddingJob | null>;
  /** Resolves when the running job (if any) has ended. */
  idle(): Promise<void>;
  dispose(): Promise<void>;
}

export function isStale(doc: DocumentRecord, embedderId: string): boolean {
  return doc.status === 'ready' && doc.chunks > 0 && doc.embedder !== embedderId;
}

export function createEmbeddingService(deps: {
  store: LibraryStore;
  getEmbedder: () => Promise<PrefixedEmbedder | null>;
  events: EventBus;
}): EmbeddingService {
  let current: { job: EmbeddingJob; controller: AbortController; done: Promise<void> } | null = null;
  let last: EmbeddingJob | null = null;
  let disposed = false;

  const publish = (job: EmbeddingJob) => {
    last = { ...job };
    deps.events.emit('embeddings.progress', { ...job });
  };

  async function run(job: EmbeddingJob, embedder: PrefixedEmbedder, signal: AbortSignal): Promise<void> {
    try {
      const stale = (await deps.store.listDocuments({ status: 'ready' })).filter((d) => isStale(d, embedder.id));
      job.total = stale.length;
      publish(job);
      for (const listed of stale) {
        if (signal.aborted) throw new PhareError('CANCELLED');
        // Read again: the document may have been removed or re-ingested since the list was taken.
        const doc = await deps.store.getDocument(listed.id);
        if (doc && isStale(doc, embedder.id) && doc.updatedAt === listed.updatedAt) {
          const inputs = await deps.store.chunkEmbeddingInputs(doc.id);
          const outcome = await embedWithCache(
            inputs.map((c) => c.contextText),
            embedder,
            deps.store,
            { signal },
          );
          if (signal.aborted) throw new PhareError('CANCELLED');
          const still = await deps.store.getDocument(doc.id);
          if (still && still.updatedAt === doc.updatedAt) {
            await deps.store.replaceVectors({ ...still, embedder: embedder.id, updatedAt: new Date().toISOString() }, inputs, outcome);
            deps.events.emit('library.changed', { documentIds: [doc.id] });
          }
          job.cachedChunks += outcome.cached;
          job.embeddedChunks += outcome.embedded;
        }
        job.done += 1;
        publish(job);
      }
      job.state = 'done';
      await deps.store.setMeta(JOB_META_KEY, null);
    } catch (error) {
      const value = toErrorValue(error);
      if (value.code === 'CANCELLED') {
        job.state = 'cancelled';
        // A shutdown is not the user's choice: the job resumes at the next start.
        if (!disposed) await deps.store.setMeta(JOB_META_KEY, null).catch(() => undefined);
      } else {
        job.state = 'failed';
        job.error = value;
      }
    }
    publish(job);
    // Rows were replaced in the vector tables: let maintenance fold them into the indices.
    await deps.store.optimize().catch(() => undefined);
  }

  async function start(): Promise<EmbeddingJob> {
    if (current) return { ...current.job };
    if (disposed) throw new PhareError('CANCELLED');
    const embedder = await deps.getEmbedder();
    const job: EmbeddingJob = {
      jobId: randomUUID(),
      state: 'running',
      embedder: embedder?.id ?? '',
      done: 0,
      total: 0,
      cachedChunks: 0,
      embeddedChunks: 0,
      error: null,
    };
    if (!embedder) {
      // Nothing to embed with: nothing is stale either (search is full text only).
      job.state = 'done';
      await deps.store.setMeta(JOB_META_KEY, null);
      publish(job);
      return { ...job };
    }
    await deps.store.setMeta(JOB_META_KEY, JSON.stringify({ jobId: job.jobId, embedder: embedder.id }));
    const controller = new AbortController();
    const done = run(job, embedder, controller.signal).finally(() => {
      if (current?.job === job) current = null;
    });
    current = { job, controller, done };
    return { ...job };
  }

  return {
    async status() {
      const embedder = await deps.getEmbedder().catch(() => null);
      const ready = await deps.store.listDocuments({ status: 'ready' });
      return {
        embedder: embedder?.id ?? null,
        staleDocuments: embedder ? ready.filter((d) => isStale(d, embedder.id)).length : 0,
        totalDocuments: ready.length,
        job: current ? { ...current.job } : last,
      };
    },

    reembed: start,

    cancel() {
      if (!current) return false;
      current.controller.abort();
      return true;
    },

    async resumeIfInterrupted() {
      if ((await deps.store.getMeta(JOB_META_KEY)) === null) return null;
      return start();
    },

    async idle() {
      await current?.done;
    },

    async dispose() {
      disposed = true;
      const running = current;
      running?.controller.abort();
      await running?.done;
    },
  };
}
