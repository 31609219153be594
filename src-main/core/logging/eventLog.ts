/**
 * The log's everyday entries, taken from the events the core already emits rather than from new calls
 * in every service: a document ingested or failed (with how long it took), a job finished, an analysis
 * run started and ended, a re-embed ended, a model loaded or failed, an alert fired. Only ids, file
 * names, counts, codes and timings: never document text or questions.
 */
import { basename } from 'node:path';
import type { EventBus } from '../eventBus';
import type { ModelSlotStatus } from '../../../src-shared/domain';
import type { CoreLogger } from './coreLogger';

/** Ingestion jobs are rarely more than a few thousand files; past this, start times are dropped (timings lost, nothing else). */
const MAX_TRACKED_FILES = 10_000;

export function logCoreEvents(events: EventBus, logger: CoreLogger): () => void {
  const ingest = logger.for('ingest');
  const quality = logger.for('quality');
  const llm = logger.for('llm');
  const fileStarted = new Map<string, number>();
  const runStatus = new Map<string, string>();
  const slotState: Record<'chat' | 'embedding', string> = { chat: 'none', embedding: 'none' };
  let hostAlive: boolean | null = null;

  const stops = [
    events.on('ingest.progress', (p) => {
      const key = `${p.jobId}:${p.index}`;
      if (!p.result) {
        if (p.stage !== 'queued' && !fileStarted.has(key) && fileStarted.size < MAX_TRACKED_FILES) fileStarted.set(key, Date.now());
        return;
      }
      const started = fileStarted.get(key);
      fileStarted.delete(key);
      const r = p.result;
      const data = {
        jobId: p.jobId,
        documentId: r.documentId,
        file: basename(r.file),
        status: r.status,
        pages: r.pages,
        chunks: r.chunks,
        ms: started === undefined ? null : Date.now() - started,
        ...(r.error ? { errorCode: r.error.code } : {}),
      };
      if (r.status === 'failed') ingest.warn(data, 'document failed');
      else ingest.info(data, r.status === 'duplicate' ? 'document already in the library' : 'document ready');
    }),
    events.on('ingest.done', (done) => {
      const count = (status: string) => done.results.filter((r) => r.status === status).length;
      ingest.info(
        { jobId: done.jobId, files: done.results.length, ready: count('ready'), failed: count('failed'), duplicate: count('duplicate'), cancelled: done.cancelled },
        'ingestion job finished',
      );
      for (const key of fileStarted.keys()) if (key.startsWith(`${done.jobId}:`)) fileStarted.delete(key);
    }),
    events.on('quality.run', (run) => {
      const before = runStatus.get(run.id);
      if (before === run.status) return;
      runStatus.set(run.id, run.status);
      const data = { runId: run.id, trigger: run.trigger, status: run.status, judgeModel: run.judgeModel, ...run.counts };
      if (run.status === 'running') return void quality.info(data, 'analysis run started');
      runStatus.delete(run.id);
      const ended = { ...data, ms: run.endedAt ? Date.parse(run.endedAt) - Date.parse(run.startedAt) : null, ...(run.error ? { errorCode: run.error.code } : {}) };
      if (run.status === 'failed' || run.status === 'interrupted') quality.warn(ended, `analysis run ${run.status}`);
      else quality.info(ended, `analysis run ${run.status}`);
    }),
    events.on('embeddings.progress', (job) => {
      if (job.state === 'running') return;
      const data = { jobId: job.jobId, state: job.state, done: job.done, total: job.total, embedded: job.embeddedChunks, cached: job.cachedChunks, ...(job.error ? { errorCode: job.error.code } : {}) };
      if (job.state === 'failed') ingest.warn(data, 're-embedding failed');
      else ingest.info(data, `re-embedding ${job.state}`);
    }),
    events.on('models.status', (status) => {
      if (hostAlive === true && !status.hostAlive) llm.warn('inference host stopped');
      hostAlive = status.hostAlive;
      for (const slot of [status.chat, status.embedding]) {
        if (slotState[slot.role] === slot.state) continue;
        slotState[slot.role] = slot.state;
        logSlot(slot);
      }
    }),
    events.on('monitoring.alert', (alert) => {
      const data = { alertId: alert.id, rule: alert.rule, severity: alert.severity, value: alert.value, threshold: alert.threshold };
      if (alert.state === 'firing') logger.for('monitoring').warn(data, 'alert firing');
      else logger.for('monitoring').info(data, 'alert resolved');
    }),
  ];

  function logSlot(slot: ModelSlotStatus): void {
    const data = { role: slot.role, model: slot.path ? basename(slot.path) : null, memoryBytes: slot.memoryBytes, gpuLayers: slot.gpuLayers, contextSize: slot.contextSize };
    if (slot.state === 'ready') llm.info(data, `${slot.role} model loaded`);
    else if (slot.state === 'failed') llm.warn({ ...data, errorCode: slot.error?.code ?? null }, `${slot.role} model failed to load`);
    else if (slot.state === 'none') llm.info(data, `${slot.role} model unloaded`);
  }

  return () => {
    for (const stop of stops) stop();
  };
}
