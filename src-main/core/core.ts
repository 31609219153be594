/**
 * The composition root: builds every service of the core from a config and maps the contract's
 * methods onto them. Transports (Electron IPC, the HTTP bridge, in-process tests and the CLI) only
 * see `dispatch` and `events`. Services are disposed in the reverse order of their creation.
 */
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { ContractHandlers } from '../../src-shared/contract';
import type { Settings } from '../../src-shared/domain';
import { createDispatcher, Dispatch } from '../../src-shared/rpc';
import { createAnswerService } from './chat/answerService';
import { createChatService } from './chat/chatService';
import { openConversationStore } from './conversations/conversationStore';
import { createConversationService } from './conversations/conversationService';
import { exportConversation } from './conversations/exportConversation';
import { createFeedbackService } from './feedback/feedbackService';
import { createQualityService } from './quality/qualityService';
import { createUserActivity } from './userActivity';
import { createEventBus, EventBus } from './eventBus';
import { expandPaths } from './ingest/expandPaths';
import { createIngestService } from './ingest/ingestService';
import { createIngestedFacts } from './ingest/ingestedFacts';
import { createLibraryService } from './ingest/libraryService';
import { startReingest } from './ingest/reingest';
import { createCollectionService } from './collections/collectionService';
import { createWatchService } from './watch/watchService';
import { createModelService } from './llm/modelService';
import { defineMetrics, type MetricSources } from './metrics/metricDefinitions';
import { instrumentModels } from './metrics/instrumentModels';
import type { MetricsHistory } from './metrics/metricsHistory';
import { createMetricsRecorder } from './metrics/metricsRecorder';
import { createMonitoringService } from './metrics/monitoringService';
import { nodeHostLauncher } from './llm/nodeHostLauncher';
import { keepSavedApiKey, maskApiKey, resolveApiKey } from './llm/remote/remoteSettings';
import { testRemoteEndpoint } from './llm/remote/testRemoteEndpoint';
import type { HostLauncher } from './llm/types';
import { createRetriever } from './retrieval/retriever';
import { createCitedContentService } from './viewer/citedContent';
import { systemLanguage } from './settings/defaultSettings';
import { openSettingsStore } from './settings/settingsStore';
import { openLibraryStore } from './store/libraryStore';
import { retainSharedOcrPool } from './ocr/ocrPool';
import { documentDetail } from './store/documentDetail';
import { createEmbeddingService } from './embeddings/embeddingService';
import { withPrefixes } from './embeddings/prefixedEmbedder';
import { appVersion } from './appVersion';
import { createAnalyticsService } from './analytics/analyticsService';
import { readMetricSamples } from './analytics/metricSamples';
import type { CoreLogger, LoggingOptions } from './logging/coreLogger';
import { readLogs } from './logging/logReader';
import { withCoreLogging } from './logging/withCoreLogging';
import { ensurePrivateDirSync } from './fs/privateFiles';
import type { SecretStore } from './secrets/secretStore';
import { openFileSecretStore } from './secrets/fileSecretStore';
import { withSecretApiKey } from './secrets/secretSettings';
import { createBackupService } from './backup/backupService';
import { createBackupScheduler, type BackupScheduler } from './backup/backupSchedule';
import { backupSettings } from './backup/backupFiles';
import { applyPendingChange, stageReset } from './backup/libraryRestore';
import { createMaintenanceService } from './maintenance/maintenanceService';

export interface CoreConfig {
  dataDir: string;
  /** Folder scanned for GGUF files; default `<dataDir>/models`. */
  modelsDir?: string;
  /** Starts the inference host process; default: Node's child_process.fork. Electron passes utilityProcess. */
  hostLauncher?: HostLauncher;
  /** Applied on top of the saved settings for this session only (a CLI's --model, say); never saved. */
  settingsOverrides?: Partial<Settings>;
  /**
   * Whether this process does the library's background work: resuming ingestion jobs a stopped run
   * left unfinished, and watching folders. Default true (the app, `phare serve`); one-shot CLI
   * commands pass false.
   */
  background?: boolean;
  /** The time, for the quality schedule's catch-up and the statistics' window (tests pass a fake clock). */
  clock?: () => number;
  /** Quiet time before a catch-up analysis run starts (default one minute; tests pass 0). */
  catchUpQuietMs?: number;
  /** The log's level and rotation (logging/coreLogger.ts); tests force a tiny size limit. */
  logging?: LoggingOptions;
  /** Serve the metrics port on this port whatever the settings say (`phare serve --metrics-port`). */
  metricsPort?: number;
  /** Where the remote API key is kept: the desktop passes the OS keychain's; default a 0600 file (secrets/). */
  secrets?: SecretStore;
}

export interface Core {
  readonly dispatch: Dispatch;
  /** Writes the metrics history's finished minutes and evaluates the alerts now (tests, benchmarks). */
  tickMonitoring(now?: number): Promise<void>;
  readonly events: EventBus;
  readonly dataDir: string;
  dispose(): Promise<void>;
}

/** Slow calls are worth a line in the log: they are what users feel. */
const SLOW_CALL_MS = 2_000;
const LONG_RUNNING_METHODS = new Set(['chat.ask', 'chat.regenerate']);

/** Opens the core's log first, then builds the services inside it (logging/withCoreLogging.ts). */
export async function createCore(config: CoreConfig): Promise<Core> {
  // Owner-only before anything is written in it, the log included (fs/privateFiles.ts).
  ensurePrivateDirSync(config.dataDir);
  return withCoreLogging(config.dataDir, { ...config.logging, background: config.background }, (logger) => buildCore(config, logger));
}

async function buildCore(config: CoreConfig, logger: CoreLogger): Promise<Core> {
  const dataDir = config.dataDir;
  const modelsDir = config.modelsDir ?? join(dataDir, 'models');
  ensurePrivateDirSync(dataDir);
  // A restore or reset asked for while the library was open is applied now, before anything opens it (backup/libraryRestore.ts).
  await applyPendingChange(dataDir);
  // A models folder of the user's choosing, outside the data folder, keeps the modes it has.
  const fromData = relative(dataDir, modelsDir);
  if (!fromData.startsWith('..') && !isAbsolute(fromData)) ensurePrivateDirSync(modelsDir);
  else mkdirSync(modelsDir, { recursive: true });

  const disposers: Array<() => Promise<void> | void> = [];
  try {
    const events = createEventBus();
    // The API key lives in the secret store, never in settings.json (secrets/secretSettings.ts).
    const secrets = config.secrets ?? openFileSecretStore(dataDir);
    const settings = withSecretApiKey(openSettingsStore(dataDir, { ...config.settingsOverrides }), secrets);

    // The metrics first: every service reports its work to them (metrics/metricsRecorder.ts). Figures
    // read at scrape time and the history are bound once the services they come from exist.
    let metricSources: MetricSources | null = null;
    let metricsHistory: MetricsHistory | null = null;
    const metrics = defineMetrics(() => metricSources);
    const recorder = createMetricsRecorder(metrics, () => metricsHistory);

    // Every model call is counted on its way (metrics/instrumentModels.ts).
    const models = instrumentModels(
      createModelService({
        getSettings: settings.get,
        modelsDir,
        launcher: config.hostLauncher ?? nodeHostLauncher,
        onStatus: (status) => events.emit('models.status', status),
        onDownloadProgress: (progress) => events.emit('models.downloadProgress', progress),
      }),
      recorder,
    );
    disposers.push(() => models.dispose());

    const store = await openLibraryStore(dataDir, { onWriteError: () => recorder.storeWriteError() });
    disposers.push(() => store.close());
    // OCR workers (tesseract.js) are created when a page needs them; terminated after ingestion stops.
    disposers.push(retainSharedOcrPool());

    // Every embedding goes through the model's query/document prefixes (embeddings/embeddingPrefixes.ts).
    const getEmbedder = async () => {
      const embedder = await models.getEmbedder();
      return embedder ? withPrefixes(embedder) : null;
    };
    const embeddings = createEmbeddingService({ store, getEmbedder, events });
    disposers.push(() => embeddings.dispose());
    const retriever = createRetriever({ store, getEmbedder });
    const library = createLibraryService({ store, dataDir, events });
    const background = config.background ?? true;
    // The ingestion hands the metrics what it knows of each document made ready (no read back).
    const ingestedFacts = createIngestedFacts();
    const ingest = createIngestService({ store, dataDir, events, getSettings: settings.get, getEmbedder, onIngested: ingestedFacts.note });
    disposers.push(() => ingest.dispose());
    // Documents a crash left half-written lose their partial content before anyone reads them: those
    // an interrupted job will run again wait as 'queued', the others become 'failed' (INGEST_INTERRUPTED).
    const interrupted = await ingest.takeOverInterrupted({ claim: background });
    await library.recoverInterrupted(interrupted.isResumable);
    const watch = createWatchService({ store, library, ingest, dataDir, events });
    disposers.push(() => watch.dispose());
    const collections = createCollectionService({ store, library, dataDir, events, onRenamed: (from, to) => watch.renameCollection(from, to) });
    if (background) {
      ingest.startInterrupted();
      watch.start();
      // A re-embed job stopped by a shutdown or a crash carries on where it stopped.
      void embeddings.resumeIfInterrupted().catch((error: unknown) => console.warn('[embeddings] could not resume the re-embed job:', error));
    }

    const citedContent = createCitedContentService({ store, dataDir });
    // Questions being answered: the quality judge and catch-up runs wait for them (userActivity.ts).
    const activity = createUserActivity(config.clock);
    const answers = createAnswerService({
      retriever,
      models,
      getSettings: settings.get,
      events,
    });
    disposers.push(() => answers.dispose());
    // Conversations live in the library's database, with their own connection (conversations/conversationStore.ts).
    const conversationStore = await openConversationStore(store.dbPath);
    disposers.push(() => conversationStore.close());
    const conversations = createConversationService(conversationStore);
    // Removals older than the undo window go for good at startup.
    await conversations.purgeRemoved().catch((error: unknown) => console.warn('[conversations] purge failed:', error));
    const chat = createChatService({
      answers,
      conversations,
      store: conversationStore,
      getSettings: settings.get,
      collectionInstructions: (name) => collections.instructionsOf(name),
      onAnswered: recorder.answer,
    });
    // Feedback on answers: two tables of the same database, with their own connection (feedback/feedbackStore.ts).
    const feedback = await createFeedbackService({ dbPath: store.dbPath, conversations: conversationStore, events, getSettings: settings.get, store });
    disposers.push(() => feedback.close());
    // The quality loop: scores, judged blacklist, re-ingestion advice, audit, schedule (quality/qualityService.ts).
    const quality = await createQualityService({
      dataDir,
      store,
      feedback,
      conversations: conversationStore,
      models,
      getSettings: settings.get,
      events,
      activity,
      jobs: () => ingest.list(),
      reingest: (options) => startReingest({ library, ingest, dataDir }, options),
      background,
      clock: config.clock,
      catchUpQuietMs: config.catchUpQuietMs,
      observer: { decision: recorder.decision, judgeOutput: recorder.judgeOutput },
    });
    disposers.push(() => quality.dispose());
    // Metrics port, history, alerts, Pushgateway (metrics/monitoringService.ts).
    const monitoring = await createMonitoringService({
      dataDir,
      store,
      metrics,
      recorder,
      bindHistory: (history) => (metricsHistory = history),
      bindSources: (sources) => (metricSources = sources),
      conversations: conversationStore,
      models,
      quality,
      getSettings: settings.get,
      events,
      ingestedFacts,
      metricsPort: config.metricsPort,
      background,
      clock: config.clock,
    });
    disposers.push(() => monitoring.dispose());

    // Backups: by hand, and daily on a schedule in the processes that do background work (backup/).
    const backups = createBackupService({ dataDir, getSettings: settings.get, events, clock: config.clock });
    disposers.push(() => backups.idle());
    let backupScheduler: BackupScheduler | null = null;
    if (background) {
      const scheduler = createBackupScheduler({
        backups,
        getSettings: () => backupSettings(settings.get()),
        activity,
        hasContent: async () => (await store.counts()).documents > 0,
        clock: config.clock,
        catchUpQuietMs: config.catchUpQuietMs,
      });
      backupScheduler = scheduler;
      scheduler.start();
      disposers.push(() => scheduler.dispose());
    }
    // Disk usage, index rebuilds, caches (maintenance/).
    const maintenance = createMaintenanceService({
      dataDir,
      modelsDir,
      dbPath: store.dbPath,
      backupsDir: () => backups.folder(),
      events,
      ingesting: () => ingest.list().some((job) => job.state === 'running' || job.state === 'paused'),
      backupRunning: () => backups.running(),
    });

    // The remote server's API key never reaches the log, not even echoed in an error message (logging/coreLogger.ts).
    logger.addSecrets(() => [settings.get().remoteChat.apiKey]);
    // Analytics tables read from the stores that own them, exported or queried with SQL (analytics/analyticsService.ts).
    const analytics = createAnalyticsService({
      messages: (since) => conversationStore.messagesForAnalytics(since),
      conversations: () => conversationStore.listConversations(),
      feedback: (since) => feedback.list({ since, includeWithdrawn: true }),
      runs: () => quality.runs(),
      documents: () => store.listDocuments(),
      metricSamples: (since) => readMetricSamples(store.dbPath, since),
    });
    disposers.push(() => analytics.dispose());

    const handlers: ContractHandlers = {
      'app.info': async () => ({ name: 'Phare', version: appVersion(), dataDir, modelsDir, systemLanguage: systemLanguage() }),
      // The remote server's API key never leaves the core in clear (remoteSettings.ts).
      'settings.get': async () => maskApiKey(settings.get()),
      'settings.update': async (patch) => {
        const next = settings.update(keepSavedApiKey(patch, settings.get()));
        await models.applySettings(next);
        quality.settingsChanged();
        await monitoring.settingsChanged();
        backupScheduler?.reschedule();
        return maskApiKey(next);
      },
      'library.list': async ({ collection }) => library.list({ collection }),
      'library.get': async ({ id }) => library.get(id),
      'library.text': async ({ id }) => library.text(id),
      'library.detail': async ({ id }) => documentDetail(store, id),
      'library.original': async ({ id }) => citedContent.original(id),
      'library.chunk': async ({ id }) => citedContent.chunk(id),
      'library.remove': async ({ id }) => library.remove(id),
      // An accepted job is on disk before the call answers: a kill right after still resumes it.
      'library.ingestPaths': async ({ paths, collection, ocr }) => {
        const job = ingest.startJob(await expandPaths(paths), { collection, ocr });
        await ingest.recorded(job.jobId);
        return job;
      },
      'library.ingestUploads': async ({ files, collection, ocr }) => {
        const job = ingest.startUploadJob(files, { collection, ocr });
        await ingest.recorded(job.jobId);
        return job;
      },
      'library.cancelJob': async ({ jobId }) => ({ cancelled: ingest.cancel(jobId) }),
      'library.reingest': async ({ id, ocr, chunkSize, chunkOverlap }) =>
        startReingest({ library, ingest, dataDir }, { documentId: id, ocr, chunkSize, chunkOverlap }),
      'jobs.list': async () => ingest.list(),
      'jobs.pause': async ({ jobId }) => ({ paused: ingest.pause(jobId) }),
      'jobs.resume': async ({ jobId }) => ({ resumed: ingest.resume(jobId) }),
      'collections.list': async () => collections.list(),
      'collections.create': async ({ name }) => collections.create(name),
      'collections.rename': async ({ from, to }) => collections.rename(from, to),
      'collections.remove': async ({ name, withDocuments }) => collections.remove(name, { withDocuments }),
      'collections.setInstructions': async ({ name, instructions }) => collections.setInstructions(name, instructions),
      'library.move': async ({ id, collection }) => collections.moveDocument(id, collection),
      'watch.add': async ({ folder, collection, force }) => watch.add(folder, collection, { force }),
      'watch.remove': async ({ folder }) => ({ removed: await watch.remove(folder) }),
      'watch.list': async () => watch.list(),
      'search.query': async ({ query, topK, mode, collection }) =>
        retriever.search({ query, topK: topK ?? settings.get().topK, mode, collection }),
      'chat.ask': async (request) => activity.track(() => chat.ask(request)),
      'chat.cancel': async ({ requestId }) => ({ cancelled: answers.cancel(requestId) }),
      'chat.regenerate': async (request) => activity.track(() => chat.regenerate(request)),
      'chat.trace': async ({ messageId }) => chat.trace(messageId),
      'conversations.list': async (filter) => conversations.list(filter),
      'conversations.get': async ({ id }) => conversations.get(id),
      'conversations.create': async (input) => conversations.create(input),
      'conversations.configure': async ({ id, ...settings }) => conversations.configure(id, settings),
      'conversations.rename': async ({ id, title }) => conversations.rename(id, title),
      'conversations.remove': async ({ id, keepFeedback }) => {
        const removed = await conversations.remove(id);
        // Feedback is kept by default (the quality loop does not need the conversation); false withdraws it until a restore.
        if (keepFeedback === false) await feedback.withdrawConversation(id);
        return removed;
      },
      'conversations.restore': async ({ id }) => {
        const restored = await conversations.restore(id);
        await feedback.restoreConversation(id);
        return restored;
      },
      'conversations.export': async ({ id, format }) => exportConversation(await conversations.get(id), format, settings.get().language),
      'feedback.submit': async (input) => {
        const previous = await feedback.get(input.messageId);
        const saved = await feedback.submit(input);
        recorder.feedback(saved, previous);
        return saved;
      },
      'feedback.withdraw': async ({ messageId }) => {
        const withdrawn = await feedback.withdraw(messageId);
        if (withdrawn) recorder.feedbackWithdrawn();
        return { withdrawn };
      },
      'feedback.get': async ({ messageId }) => feedback.get(messageId),
      'feedback.history': async ({ messageId }) => feedback.history(messageId),
      'feedback.list': async (filter) => feedback.list(filter),
      'feedback.export': async ({ format, training, filter }) => feedback.exportFeedback({ format, training, filter }),
      'quality.run': async () => quality.run(),
      'quality.cancel': async () => ({ cancelled: quality.cancel() }),
      'quality.runs': async ({ limit }) => quality.runs(limit),
      'quality.schedule': async () => quality.schedule(),
      'quality.review': async ({ status }) => quality.review(status),
      'quality.decide': async ({ id, accept, reason }) => quality.decide(id, accept, reason),
      'quality.setChunkFlag': async ({ chunkId, action, reason }) => quality.setChunkFlag(chunkId, action, reason),
      'quality.chunks': async ({ filter, limit }) => quality.chunks(filter, limit),
      'quality.recommendations': async ({ status }) => quality.recommendations(status),
      'quality.applyRecommendation': async ({ id }) => quality.applyRecommendation(id),
      'quality.dismissRecommendation': async ({ id, reason }) => quality.dismissRecommendation(id, reason),
      'quality.audit': async (filter) => quality.audit(filter),
      'quality.auditExport': async ({ format, filter }) => quality.auditExport(format, filter),
      'quality.stats': async ({ days }) => quality.stats(days),
      health: async () => quality.health(),
      'monitoring.overview': async () => monitoring.overview(),
      'monitoring.history': async ({ series, range }) => monitoring.history(series, range),
      'monitoring.alerts': async (filter) => monitoring.alerts(filter),
      'monitoring.acknowledge': async ({ id }) => monitoring.acknowledge(id),
      'monitoring.knowledgeGaps': async ({ days, limit }) => monitoring.knowledgeGaps(days, limit),
      'monitoring.metrics': async ({ format }) => monitoring.metricsText(format ?? 'prometheus'),
      'logs.list': async (filter) => readLogs(logger.dir, filter),
      'analytics.export': async ({ table, format, since }) => analytics.exportTable(table, format, since),
      'analytics.query': async ({ sql, limit }) => analytics.query(sql, limit),
      'backup.create': async () => backups.create(),
      'backup.list': async () => backups.list(),
      'backup.verify': async ({ name }) => backups.verify(name),
      'backup.restore': async ({ name }) => backups.restore(name),
      'backup.schedule': async () => {
        const current = backupSettings(settings.get());
        const next = backupScheduler?.nextBackupAt() ?? null;
        return { enabled: current.scheduleEnabled, time: current.scheduleTime, keep: current.keep, folder: backups.folder(), nextBackupAt: next ? next.toISOString() : null };
      },
      'maintenance.diskUsage': async () => maintenance.diskUsage(),
      'maintenance.rebuildIndices': async () => maintenance.rebuildIndices(),
      'maintenance.clearCaches': async () => maintenance.clearCaches(),
      'maintenance.reset': async () => {
        await stageReset(dataDir);
        console.warn('[maintenance] the library will be emptied at the next start');
        return { restartRequired: true as const, documents: 0 };
      },
      'models.list': async () => models.listModels(),
      'models.fit': async ({ path }) => models.estimateModelFit(path),
      'models.status': async () => models.status(),
      'models.import': async ({ path }) => models.importModel(path),
      'models.download': async ({ uri }) => models.downloadModel(uri),
      'models.cancelDownload': async ({ downloadId }) => ({ cancelled: models.cancelDownload(downloadId) }),
      'models.catalog': async () => models.catalog(),
      'models.unload': async ({ role }) => models.unload(role),
      'models.reload': async ({ role }) => models.reload(role),
      'embeddings.status': async () => embeddings.status(),
      'embeddings.reembed': async () => embeddings.reembed(),
      'embeddings.cancel': async () => ({ cancelled: embeddings.cancel() }),
      'models.testRemote': async ({ baseUrl, model, apiKey }) =>
        testRemoteEndpoint({ baseUrl, model, apiKey: resolveApiKey(apiKey, baseUrl, settings.get()) }, settings.get().language),
    };

    const dispatch = createDispatcher(handlers, {
      lang: () => settings.get().language,
      onCallDone: (method, ms, error) => {
        if (ms > SLOW_CALL_MS && !LONG_RUNNING_METHODS.has(method)) console.warn(`[core] slow call ${method}: ${ms} ms`);
        if (error?.code === 'INTERNAL') console.error(`[core] ${method} failed: ${error.message}`);
      },
    });

    let disposed = false;
    return {
      dispatch,
      events,
      dataDir,
      tickMonitoring: (now) => monitoring.tick(now),
      async dispose() {
        if (disposed) return;
        disposed = true;
        await disposeAll(disposers);
      },
    };
  } catch (error) {
    await disposeAll(disposers);
    throw error;
  }
}

async function disposeAll(disposers: Array<() => Promise<void> | void>): Promise<void> {
  for (const dispose of disposers.reverse()) {
    try {
      await dispose();
    } catch (error) {
      console.error('[core] dispose failed:', error);
    }
  }
}
