/**
 * Monitoring as the contract sees it, and the plumbing around the metrics: the figures read at scrape
 * time (library size, models, disk), the history written every minute, the alert rules evaluated after
 * each minute, the optional metrics port, the Pushgateway pushes, and the ingestion and analysis-run
 * events turned into metrics.
 */
import { readdir, stat } from 'node:fs/promises';
import { statfsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { AnswerTraceSchema } from '../../../src-shared/conversations';
import { DOCUMENT_FORMAT_BY_EXTENSION } from '../../../src-shared/documentFormats';
import type { ModelsStatus, Settings } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import type {
  HistoryRange,
  HistorySeries,
  HistorySeriesData,
  KnowledgeGap,
  MonitoringAlert,
  MonitoringOverview,
} from '../../../src-shared/monitoring';
import type { AnalysisRun, HealthReport, QualityStats } from '../../../src-shared/quality';
import { appVersion } from '../appVersion';
import type { ConversationStore } from '../conversations/conversationStore';
import type { EventBus } from '../eventBus';
import { timeOrderedId } from '../quality/timeOrderedId';
import type { LibraryStore } from '../store/libraryStore';
import { evaluateRules, WINDOW_MS } from './alertRules';
import { openAlertStore } from './alertStore';
import { exposition, type ExpositionFormat } from './exposition';
import { openHistoryStore } from './historyStore';
import type { MetricSources, Metrics } from './metricDefinitions';
import { createMetricsHistory, type MetricsHistory } from './metricsHistory';
import { knowledgeGap, type MetricsRecorder } from './metricsRecorder';
import { startMetricsServer, type MetricsServer } from './metricsServer';
import { createJobPusher } from './pushgateway';
import { openOnFirstUse } from '../store/openOnFirstUse';
import type { IngestedFacts, IngestedFactsBoard } from '../ingest/ingestedFacts';

export interface MonitoringService {
  overview(): Promise<MonitoringOverview>;
  history(series: HistorySeries[], range: HistoryRange): Promise<HistorySeriesData[]>;
  alerts(filter: { state?: MonitoringAlert['state']; limit?: number }): Promise<MonitoringAlert[]>;
  acknowledge(id: string): Promise<MonitoringAlert>;
  knowledgeGaps(days?: number, limit?: number): Promise<KnowledgeGap[]>;
  metricsText(format: ExpositionFormat): Promise<{ contentType: string; text: string }>;
  /** Writes the history's finished minutes and evaluates the alerts now (the minute timer does it too). */
  tick(now?: number): Promise<void>;
  settingsChanged(): Promise<void>;
  dispose(): Promise<void>;
}

export interface MonitoringDeps {
  dataDir: string;
  store: LibraryStore;
  metrics: Metrics;
  recorder: MetricsRecorder;
  /** The recorder writes history through this slot once the history exists. */
  bindHistory: (history: MetricsHistory) => void;
  bindSources: (sources: MetricSources) => void;
  conversations: ConversationStore;
  models: { status(): ModelsStatus };
  quality: { stats(days?: number): Promise<QualityStats>; health(): Promise<HealthReport>; runs(limit?: number): Promise<AnalysisRun[]> };
  getSettings: () => Settings;
  events: EventBus;
  /** What the ingestion says of each document it made ready; what is not there is read from the store. */
  ingestedFacts?: Pick<IngestedFactsBoard, 'take'>;
  /** `phare serve --metrics-port N`: serve on this port whatever the settings say. */
  metricsPort?: number;
  /** Runs in the app and `phare serve`; one-shot CLI commands keep no history and serve no port. */
  background: boolean;
  clock?: () => number;
}

/** Library size on disk is summed from the database's files: at most this often. */
const SIZE_TTL_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export async function createMonitoringService(deps: MonitoringDeps): Promise<MonitoringService> {
  const clock = deps.clock ?? Date.now;
  const dbPath = deps.store.dbPath;

  // Figures read at scrape time: cached and refreshed in the background, so a scrape never waits on a
  // scan (summing a 100,000-chunk library's files took 1.35 s; the first scrape waited for it). A
  // one-shot command (background false) starts no scan of its own: it would walk the whole library at
  // each `phare docs list`, and the process could not exit before the walk ends; it reads the figure
  // when asked for it, and waits for that first reading.
  const cached = <T>(ttlMs: number, read: () => Promise<T>, initial: T) => {
    let value = initial;
    let at = 0;
    let reading: Promise<void> | null = null;
    const refresh = () =>
      (reading ??= read()
        .then((v) => {
          value = v;
          at = Date.now();
        })
        .catch(() => undefined)
        .finally(() => (reading = null)));
    if (deps.background) void refresh();
    return async (): Promise<T> => {
      if (at === 0 && !deps.background) await refresh();
      else if (Date.now() - at > ttlMs) void refresh();
      return value;
    };
  };
  const libraryBytes = cached(SIZE_TTL_MS, () => folderBytes(dbPath), 0);
  const sources: MetricSources = {
    async indexSize() {
      const [{ documents, chunks }, bytes] = await Promise.all([deps.store.counts(), libraryBytes()]);
      return { documents, chunks, bytes };
    },
    blacklistedChunks: async () => (await deps.store.counts()).blacklisted,
    models: () => loadedModels(deps.models.status()),
    diskFree: () => {
      try {
        const fs = statfsSync(deps.dataDir);
        return { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
      } catch {
        return null;
      }
    },
  };
  deps.bindSources(sources);

  // The app and `phare serve` write the history every minute; a one-shot command opens these tables
  // only if it reads them (store/openOnFirstUse.ts).
  const historyStore = deps.background
    ? await openHistoryStore(dbPath)
    : openOnFirstUse(() => openHistoryStore(dbPath), { append: true, read: true, hoursToRollUp: true, prune: true });
  const alertStore = deps.background
    ? await openAlertStore(dbPath)
    : openOnFirstUse(() => openAlertStore(dbPath), { add: true, update: true, get: true, list: true });

  let lastCpu = process.cpuUsage();
  let lastCpuAt = performance.now();
  const history = createMetricsHistory({
    store: historyStore,
    clock,
    retentionDays: () => deps.getSettings().metrics.historyRetentionDays,
    async sampleGauges() {
      const cpu = process.cpuUsage();
      const elapsedUs = (performance.now() - lastCpuAt) * 1000;
      const cpuShare = elapsedUs > 0 ? (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / elapsedUs / availableParallelism() : 0;
      lastCpu = cpu;
      lastCpuAt = performance.now();
      const size = await sources.indexSize();
      const models = sources.models();
      const disk = sources.diskFree();
      return {
        cpu_share: Math.max(0, Math.min(1, cpuShare)),
        rss_bytes: process.memoryUsage.rss(),
        model_ram_bytes: models.reduce((n, m) => n + m.ramBytes, 0),
        model_vram_bytes: models.reduce((n, m) => n + m.vramBytes, 0),
        ...(disk ? { disk_free_bytes: disk.freeBytes, disk_free_share: disk.totalBytes > 0 ? disk.freeBytes / disk.totalBytes : 1 } : {}),
        index_documents: size.documents,
        index_chunks: size.chunks,
        index_bytes: size.bytes,
        blacklisted_chunks: await sources.blacklistedChunks(),
      };
    },
    onTick: (at) => {
      void evaluateAlerts().catch((error: unknown) => console.warn('[metrics] alert evaluation failed:', error instanceof Error ? error.message : error));
      deps.events.emit('monitoring.tick', { at: at.toISOString() });
    },
  });
  deps.bindHistory(history);

  async function evaluateAlerts(): Promise<void> {
    const settings = deps.getSettings();
    const stats = await deps.quality.stats(7);
    const states = evaluateRules({
      latencies: history.recent('total_latency_seconds', WINDOW_MS),
      answers: history.recent('answers', WINDOW_MS).length,
      errors: history.recent('answer_errors', WINDOW_MS).length,
      qualityAlerts: stats.alerts,
      disk: sources.diskFree(),
      thresholds: {
        p95Seconds: settings.metrics.alertP95LatencySeconds,
        errorRate: settings.metrics.alertErrorRate,
        minFreeDiskShare: settings.metrics.alertMinFreeDiskShare,
        minAverageRating: settings.quality.alertMinAverageRating,
        minIngestSuccess: settings.quality.alertMinIngestSuccess,
      },
    });
    const firing = new Map((await alertStore.list({ state: 'firing' })).map((a) => [a.rule, a]));
    const now = new Date(clock()).toISOString();
    for (const state of states) {
      const open = firing.get(state.rule);
      if (state.firing && !open) {
        const alert: MonitoringAlert = {
          id: timeOrderedId(clock()),
          rule: state.rule,
          severity: state.severity,
          state: 'firing',
          value: state.value,
          threshold: state.threshold,
          firedAt: now,
          resolvedAt: null,
          acknowledgedAt: null,
        };
        await alertStore.add(alert);
        deps.events.emit('monitoring.alert', alert);
      } else if (!state.firing && open) {
        const resolved = await alertStore.update(open.id, { state: 'resolved', resolvedAt: now });
        if (resolved) deps.events.emit('monitoring.alert', resolved);
      }
    }
  }

  // Ingestion and analysis runs, from the core's events.
  const pusher = createJobPusher({ url: () => deps.getSettings().metrics.pushgatewayUrl, onError: () => deps.recorder.pushError() });
  const fileStarted = new Map<string, number>();
  const jobStarted = new Map<string, number>();
  const offProgress = deps.events.on('ingest.progress', (p) => {
    const key = `${p.jobId}:${p.index}`;
    if (!jobStarted.has(p.jobId)) jobStarted.set(p.jobId, performance.now());
    if (!fileStarted.has(key)) fileStarted.set(key, performance.now());
    if (!p.result) return;
    const started = fileStarted.get(key)!;
    fileStarted.delete(key);
    const seconds = (performance.now() - started) / 1000;
    const result = p.result;
    const format = DOCUMENT_FORMAT_BY_EXTENSION[extname(result.file).toLowerCase()] ?? 'other';
    void (async () => {
      const facts = result.status === 'ready' && result.documentId ? (deps.ingestedFacts?.take(result.documentId) ?? (await storedFacts(result.documentId))) : null;
      deps.recorder.ingested({
        format,
        status: result.status,
        errorCode: result.error?.code ?? null,
        seconds,
        ocrPages: facts?.ocrPages ?? 0,
        ocrConfidence: facts?.ocrMeanConfidence ?? null,
        chunkLengths: facts?.chunkLengths ?? [],
      });
    })().catch((error: unknown) => console.warn('[metrics] could not record an ingested file:', error instanceof Error ? error.message : error));
  });
  async function storedFacts(documentId: string): Promise<IngestedFacts | null> {
    const doc = await deps.store.getDocument(documentId);
    if (!doc) return null;
    const chunks = await deps.store.listChunks(doc.id);
    return { ocrPages: doc.ocrPages, ocrMeanConfidence: doc.ocrMeanConfidence, chunkLengths: chunks.map((c) => c.text.length) };
  }
  const offDone = deps.events.on('ingest.done', (done) => {
    const started = jobStarted.get(done.jobId);
    jobStarted.delete(done.jobId);
    void pusher.ingestJob(done, started === undefined ? null : (performance.now() - started) / 1000);
  });
  const offRun = deps.events.on('quality.run', (run) => {
    deps.recorder.run(run);
    if (run.status !== 'running') {
      void pusher.analysisRun(run);
      void evaluateAlerts().catch(() => undefined);
    }
  });

  // The metrics port.
  let server: MetricsServer | null = null;
  let serverKey: string | null = null;
  let serverError: string | null = null;
  async function applyServer(): Promise<void> {
    const settings = deps.getSettings().metrics;
    const port = deps.metricsPort ?? (settings.enabled ? settings.port : null);
    const key = port === null || !deps.background ? null : String(port);
    if (key === serverKey) return;
    await server?.close();
    server = null;
    serverKey = key;
    serverError = null;
    if (port === null || key === null) return;
    try {
      server = await startMetricsServer(port, {
        metrics: (format) => exposition(deps.metrics.registry, format),
        health: () => deps.quality.health(),
        status: async () => statusOf(),
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      serverError = code === 'EADDRINUSE' ? `port ${port} is already in use` : error instanceof Error ? error.message : String(error);
      // The app runs on without the port; the Monitoring screen and the log say why.
      console.warn(`[metrics] the metrics port could not start: ${serverError}`);
    }
  }

  async function statusOf() {
    const [run] = await deps.quality.runs(1);
    return {
      name: 'Phare',
      version: appVersion(),
      models: loadedModels(deps.models.status()).map(({ role, model, backend }) => ({ role, model, backend })),
      library: await sources.indexSize(),
      lastRun: run ? { id: run.id, status: run.status, startedAt: run.startedAt, endedAt: run.endedAt } : null,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }

  // The last completed run survives restarts: without it the dashboards would say "never" until the next one.
  const lastCompleted = (await deps.quality.runs(50)).find((r) => r.status === 'completed');
  if (lastCompleted) deps.metrics.analysisLastSuccess.set(Date.parse(lastCompleted.endedAt ?? lastCompleted.startedAt) / 1000);

  if (deps.background) {
    await history.start();
    await applyServer();
  }

  return {
    async overview() {
      const now = clock();
      const since = new Date(now - 30 * DAY_MS);
      const messages = await deps.conversations.messagesSince(since.toISOString());
      const perDay = new Map<string, number>();
      for (let d = 29; d >= 0; d--) perDay.set(localDay(new Date(now - d * DAY_MS)), 0);
      for (const m of messages) {
        if (m.role !== 'user') continue;
        const day = localDay(new Date(m.createdAt));
        if (perDay.has(day)) perDay.set(day, perDay.get(day)! + 1);
      }
      const [stats, runs, firing, library] = await Promise.all([deps.quality.stats(7), deps.quality.runs(1), alertStore.list({ state: 'firing' }), sources.indexSize()]);
      const lastRun = runs[0] ?? null;
      return {
        questionsPerDay: [...perDay].map(([day, questions]) => ({ day, questions })),
        averageRating7d: stats.averageRating,
        library,
        lastRun: lastRun ? { id: lastRun.id, status: lastRun.status, startedAt: lastRun.startedAt, endedAt: lastRun.endedAt } : null,
        openAlerts: firing.length,
        metricsUrl: server?.url ?? null,
        metricsError: serverError,
      };
    },

    history: (series, range) => history.query(series, range),

    alerts: (filter) => alertStore.list(filter),

    async acknowledge(id) {
      const alert = await alertStore.get(id);
      if (!alert) throw new PhareError('NOT_FOUND', { what: `alert ${id}` });
      if (alert.acknowledgedAt) return alert;
      return (await alertStore.update(id, { acknowledgedAt: new Date(clock()).toISOString() }))!;
    },

    async knowledgeGaps(days = 30, limit = 200) {
      const since = new Date(clock() - days * DAY_MS).toISOString();
      const gaps: KnowledgeGap[] = [];
      for (const m of await deps.conversations.messagesSince(since)) {
        if (m.role !== 'assistant' || !m.trace) continue;
        const trace = AnswerTraceSchema.safeParse(JSON.parse(m.trace));
        if (!trace.success) continue;
        const gap = knowledgeGap(trace.data);
        if (!gap) continue;
        gaps.push({ question: trace.data.question, askedAt: m.createdAt, messageId: m.id, conversationId: m.conversationId, ...gap });
      }
      return gaps.sort((a, b) => b.askedAt.localeCompare(a.askedAt)).slice(0, limit);
    },

    metricsText: (format) => exposition(deps.metrics.registry, format),

    async tick(now = clock()) {
      await history.flush(now);
    },

    async settingsChanged() {
      if (deps.background) await applyServer();
    },

    async dispose() {
      offProgress();
      offDone();
      offRun();
      await server?.close();
      if (deps.background) await history.dispose();
      await historyStore.close();
      await alertStore.close();
    },
  };
}

/** Loaded models with their memory: node-llama-cpp reports one figure, placed in VRAM when layers are offloaded. */
function loadedModels(status: ModelsStatus): ReturnType<MetricSources['models']> {
  const backend = status.backend ?? 'none';
  return [status.chat, status.embedding]
    .filter((slot) => slot.state === 'ready' && slot.path)
    .map((slot) => {
      const bytes = slot.memoryBytes ?? 0;
      const onGpu = (slot.gpuLayers ?? 0) > 0;
      return { role: slot.role, model: basename(slot.path!), backend, ramBytes: onGpu ? 0 : bytes, vramBytes: onGpu ? bytes : 0 };
    });
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += (await stat(path).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

function localDay(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}
