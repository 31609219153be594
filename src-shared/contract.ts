/**
 * The contract: every method and event the app exposes, declared once with its schemas.
 * Electron IPC, the HTTP/WebSocket bridge and in-process calls are generic adapters over these two
 * tables. Adding a method means adding a line here and a handler in the core, nothing else.
 */
import { z } from 'zod';
import {
  AnswerSchema,
  AppInfoSchema,
  DocumentRecordSchema,
  DocumentDetailSchema,
  EmbeddingJobSchema,
  EmbeddingsStatusSchema,
  ChunkRecordSchema,
  DocumentTextSchema,
  OriginalFileSchema,
  IngestJobDoneSchema,
  IngestJobSchema,
  IngestProgressSchema,
  ModelCatalogEntrySchema,
  ModelDownloadProgressSchema,
  ModelFileSchema,
  ModelFitSchema,
  ModelRoleSchema,
  ModelsStatusSchema,
  OcrModeSchema,
  RemoteBaseUrlSchema,
  RemoteTestResultSchema,
  SearchHitSchema,
  SearchModeSchema,
  SettingsSchema,
} from './domain';
import { CollectionInfoSchema, CollectionNameSchema, JobSummarySchema, WatchedFolderSchema } from './libraryManagement';
import {
  FeedbackExportFormatSchema,
  FeedbackExportSchema,
  FeedbackFilterSchema,
  FeedbackInputSchema,
  FeedbackSchema,
  FeedbackSummarySchema,
  FeedbackVersionSchema,
} from './feedback';
import {
  AnalysisRunSchema,
  AuditEntrySchema,
  AuditFilterSchema,
  ChunkFlagActionSchema,
  ChunkQualitySchema,
  HealthReportSchema,
  QualityStatsSchema,
  RecommendationSchema,
  RecommendationStatusSchema,
  ReviewItemSchema,
  ReviewStatusSchema,
  ScheduleInfoSchema,
} from './quality';
import {
  AnalyticsResultSchema,
  AnalyticsTableSchema,
  HistoryRangeSchema,
  HistorySeriesDataSchema,
  HistorySeriesSchema,
  KnowledgeGapSchema,
  LogEntrySchema,
  LogLevelSchema,
  MonitoringAlertSchema,
  MonitoringOverviewSchema,
} from './monitoring';
import {
  BackupInfoSchema,
  BackupNameSchema,
  BackupProgressSchema,
  BackupScheduleInfoSchema,
  BackupVerifyResultSchema,
  ClearCachesResultSchema,
  DiskUsageSchema,
  MaintenanceProgressSchema,
  PendingChangeResultSchema,
  RebuildResultSchema,
} from './administration';
import {
  AnswerTraceSchema,
  ConversationExportFormatSchema,
  ConversationExportSchema,
  ConversationModeSchema,
  ConversationSchema,
  ConversationSettingsSchema,
  ConversationSummarySchema,
  InstructionsSchema,
} from './conversations';

const Id = z.string().min(1).max(200);
const FilePath = z.string().min(1).max(4096);
/**
 * A file sent by a client that has no file paths (the `phare serve` UI): its bytes as base64, or the id
 * of a file the transport already streamed to the data folder's inbox (the HTTP bridge's upload route).
 */
const UploadedFile = z.union([
  z.object({ name: z.string().min(1).max(255), dataBase64: z.string().max(200 * 1024 * 1024) }),
  z.object({ name: z.string().min(1).max(255), uploadId: z.string().uuid() }),
]);

export const methods = {
  'app.info': { input: z.object({}), output: AppInfoSchema },

  'settings.get': { input: z.object({}), output: SettingsSchema },
  'settings.update': { input: SettingsSchema.partial(), output: SettingsSchema },

  'library.list': { input: z.object({ collection: z.string().max(200).optional() }), output: z.array(DocumentRecordSchema) },
  'library.get': { input: z.object({ id: Id }), output: DocumentRecordSchema },
  'library.text': { input: z.object({ id: Id }), output: DocumentTextSchema },
  /** A document with its pages (OCR flag and confidence), chunks and validation result. */
  'library.detail': { input: z.object({ id: Id }), output: DocumentDetailSchema },
  /** The kept original's bytes, for the viewer (size-capped: ORIGINAL_TOO_LARGE past the limit). */
  'library.original': { input: z.object({ id: Id }), output: OriginalFileSchema },
  /** One chunk with its page span and character offsets, to highlight a cited passage. */
  'library.chunk': { input: z.object({ id: Id }), output: ChunkRecordSchema },
  'library.remove': { input: z.object({ id: Id }), output: z.object({ removed: z.boolean() }) },
  /** Moves a document (its chunks and vectors) to another collection, made on the fly when new (DOCUMENT_BUSY while it is ingested). */
  'library.move': { input: z.object({ id: Id, collection: CollectionNameSchema }), output: DocumentRecordSchema },
  /** Starts an ingestion job over files on this machine; progress comes as `ingest.progress` events. */
  'library.ingestPaths': {
    input: z.object({ paths: z.array(FilePath).min(1).max(10_000), collection: z.string().max(200).optional(), ocr: OcrModeSchema.optional() }),
    output: IngestJobSchema,
  },
  /** Same, for files whose bytes the client sends (a browser has no paths). */
  'library.ingestUploads': {
    input: z.object({ files: z.array(UploadedFile).min(1).max(100), collection: z.string().max(200).optional(), ocr: OcrModeSchema.optional() }),
    output: IngestJobSchema,
  },
  'library.cancelJob': { input: z.object({ jobId: Id }), output: z.object({ cancelled: z.boolean() }) },
  /** Re-runs the pipeline on a document's kept original (other OCR or chunk settings); old content stays searchable until the swap. */
  'library.reingest': {
    input: z.object({
      id: Id,
      ocr: OcrModeSchema.optional(),
      chunkSize: z.number().int().min(100).max(20_000).optional(),
      chunkOverlap: z.number().int().min(0).max(10_000).optional(),
    }),
    output: IngestJobSchema,
  },
  'jobs.list': { input: z.object({}), output: z.array(JobSummarySchema) },
  'jobs.pause': { input: z.object({ jobId: Id }), output: z.object({ paused: z.boolean() }) },
  'jobs.resume': { input: z.object({ jobId: Id }), output: z.object({ resumed: z.boolean() }) },
  'collections.list': { input: z.object({}), output: z.array(CollectionInfoSchema) },
  'collections.create': { input: z.object({ name: CollectionNameSchema }), output: CollectionInfoSchema },
  'collections.rename': { input: z.object({ from: CollectionNameSchema, to: CollectionNameSchema }), output: CollectionInfoSchema },
  /** Refuses a collection that still has documents unless `withDocuments` (the UI asks first). */
  'collections.remove': {
    input: z.object({ name: CollectionNameSchema, withDocuments: z.boolean().optional() }),
    output: z.object({ removed: z.boolean(), documentsRemoved: z.number().int().nonnegative() }),
  },
  /** Instructions added to the system prompt of the collection's conversations; null or empty clears them. */
  'collections.setInstructions': {
    input: z.object({ name: CollectionNameSchema, instructions: InstructionsSchema.nullable() }),
    output: CollectionInfoSchema,
  },
  /** Watched folders: their added, changed and removed files keep the library in sync while the app or `phare serve` runs. */
  /** `force`: watch a disk root, the home folder or the data folder anyway (WATCH_FOLDER_TOO_BROAD without it). */
  'watch.add': { input: z.object({ folder: FilePath, collection: CollectionNameSchema.optional(), force: z.boolean().optional() }), output: WatchedFolderSchema },
  'watch.remove': { input: z.object({ folder: FilePath }), output: z.object({ removed: z.boolean() }) },
  'watch.list': { input: z.object({}), output: z.array(WatchedFolderSchema) },

  'search.query': {
    input: z.object({
      query: z.string().min(1).max(2000),
      topK: z.number().int().min(1).max(100).optional(),
      mode: SearchModeSchema.optional(),
      collection: z.string().max(200).optional(),
    }),
    output: z.array(SearchHitSchema),
  },

  /**
   * Answers a question; tokens stream as `chat.token` events with the same requestId. Resolves when done.
   * Without `conversationId` a conversation is started (titled by the question); the answer carries its ids.
   */
  'chat.ask': {
    input: z.object({
      question: z.string().min(1).max(8000),
      requestId: Id,
      collection: z.string().max(200).optional(),
      conversationId: Id.optional(),
    }),
    output: AnswerSchema,
  },
  'chat.cancel': { input: z.object({ requestId: Id }), output: z.object({ cancelled: z.boolean() }) },
  /** Answers an answer's question again (streamed like ask); the new answer replaces it in the conversation. */
  'chat.regenerate': { input: z.object({ messageId: Id, requestId: Id }), output: AnswerSchema },
  /** How a stored answer was made: rewritten query, retrieval ranks, packed sources, model settings, timings. */
  'chat.trace': { input: z.object({ messageId: Id }), output: AnswerTraceSchema },

  /** Conversations, most recently active first; `query` searches titles and messages. */
  'conversations.list': {
    input: z.object({ query: z.string().max(500).optional(), collection: z.string().max(200).optional() }),
    output: z.array(ConversationSummarySchema),
  },
  'conversations.get': { input: z.object({ id: Id }), output: ConversationSchema },
  /** `mode` 'model': a conversation with the model alone (nothing is searched); its settings can be given at once. */
  'conversations.create': {
    input: z
      .object({ title: z.string().max(300).optional(), collection: z.string().max(200).optional(), mode: ConversationModeSchema.optional() })
      .extend(ConversationSettingsSchema.partial().shape),
    output: ConversationSummarySchema,
  },
  /** A conversation's instructions and answer settings; a field left out stays, null returns to the app's setting. */
  'conversations.configure': { input: z.object({ id: Id }).extend(ConversationSettingsSchema.partial().shape), output: ConversationSummarySchema },
  'conversations.rename': { input: z.object({ id: Id, title: z.string().trim().min(1).max(300) }), output: ConversationSummarySchema },
  /**
   * Removes a conversation (restorable for a day: the UI offers Undo). Its answers' feedback is kept
   * unless `keepFeedback` is false (then it is withdrawn with it, and comes back with a restore).
   */
  'conversations.remove': { input: z.object({ id: Id, keepFeedback: z.boolean().optional() }), output: ConversationSummarySchema },
  'conversations.restore': { input: z.object({ id: Id }), output: ConversationSummarySchema },
  'conversations.export': { input: z.object({ id: Id, format: ConversationExportFormatSchema }), output: ConversationExportSchema },

  /** Rates an answer (or edits its feedback: the earlier version stays in the history). */
  'feedback.submit': { input: FeedbackInputSchema, output: FeedbackSchema },
  /** Withdraws an answer's feedback: it counts for nothing from now on (its history is kept). */
  'feedback.withdraw': { input: z.object({ messageId: Id }), output: z.object({ withdrawn: z.boolean() }) },
  /** The current feedback on an answer, null when it has none (or it was withdrawn). */
  'feedback.get': { input: z.object({ messageId: Id }), output: FeedbackSchema.nullable() },
  /** Every version of an answer's feedback, oldest first. */
  'feedback.history': { input: z.object({ messageId: Id }), output: z.array(FeedbackVersionSchema) },
  /** Feedback, most recent first, filtered. */
  'feedback.list': { input: FeedbackFilterSchema, output: z.array(FeedbackSummarySchema) },
  /** JSONL or CSV of the feedback (filtered); `training`: question, contexts, answer, correction, rating as JSONL. */
  'feedback.export': {
    input: z.object({ format: FeedbackExportFormatSchema, training: z.boolean().optional(), filter: FeedbackFilterSchema.optional() }),
    output: FeedbackExportSchema,
  },

  /** Starts an analysis run now (ANALYSIS_RUNNING when one is going on); progress comes as `quality.run` events. */
  'quality.run': { input: z.object({}), output: AnalysisRunSchema },
  'quality.cancel': { input: z.object({}), output: z.object({ cancelled: z.boolean() }) },
  /** Analysis runs, most recent first. */
  'quality.runs': { input: z.object({ limit: z.number().int().min(1).max(1000).optional() }), output: z.array(AnalysisRunSchema) },
  'quality.schedule': { input: z.object({}), output: ScheduleInfoSchema },
  /** Decisions waiting for a person (pending by default). */
  'quality.review': { input: z.object({ status: ReviewStatusSchema.optional() }), output: z.array(ReviewItemSchema) },
  /** Accepts (applies) or rejects a review item; written to the audit log. */
  'quality.decide': {
    input: z.object({ id: Id, accept: z.boolean(), reason: z.string().max(2000).optional() }),
    output: ReviewItemSchema,
  },
  /** Blacklists, whitelists or restores (clears both flags of) a chunk by hand; `reason` goes to the audit log. */
  'quality.setChunkFlag': {
    input: z.object({ chunkId: Id, action: ChunkFlagActionSchema, reason: z.string().trim().min(1).max(2000) }),
    output: ChunkQualitySchema,
  },
  /** Blacklisted, whitelisted or scored chunks (lowest score first for 'scored'). */
  'quality.chunks': {
    input: z.object({ filter: z.enum(['blacklisted', 'whitelisted', 'scored']), limit: z.number().int().min(1).max(10_000).optional() }),
    output: z.array(ChunkQualitySchema),
  },
  'quality.recommendations': { input: z.object({ status: RecommendationStatusSchema.optional() }), output: z.array(RecommendationSchema) },
  /** Re-ingests the document with the suggested settings (an ingestion job); the recommendation is applied. */
  'quality.applyRecommendation': { input: z.object({ id: Id }), output: RecommendationSchema },
  'quality.dismissRecommendation': { input: z.object({ id: Id, reason: z.string().max(2000).optional() }), output: RecommendationSchema },
  /** The audit log, most recent first. */
  'quality.audit': { input: AuditFilterSchema, output: z.array(AuditEntrySchema) },
  'quality.auditExport': {
    input: z.object({ format: z.enum(['csv', 'json']), filter: AuditFilterSchema.optional() }),
    output: z.object({ fileName: z.string(), mime: z.string(), content: z.string(), count: z.number().int().nonnegative() }),
  },
  /** Statistics over the last `days` (default 7), with the attention signal and the alerts. */
  'quality.stats': { input: z.object({ days: z.number().int().min(1).max(3650).optional() }), output: QualityStatsSchema },
  /** Store, disk, models, OCR data, scheduler, last run, jobs: ok / degraded / failing with a reason each. */
  health: { input: z.object({}), output: HealthReportSchema },

  /** The Monitoring screen's first page: questions per day, rating, library size, last run, open alerts, metrics port. */
  'monitoring.overview': { input: z.object({}), output: MonitoringOverviewSchema },
  /** Metrics history: per minute up to 24 h, per hour for 7 and 30 days. */
  'monitoring.history': {
    input: z.object({ series: z.array(HistorySeriesSchema).min(1).max(30), range: HistoryRangeSchema }),
    output: z.array(HistorySeriesDataSchema),
  },
  /** Alerts, most recent first (firing ones, or all with their history). */
  'monitoring.alerts': {
    input: z.object({ state: z.enum(['firing', 'resolved']).optional(), limit: z.number().int().min(1).max(10_000).optional() }),
    output: z.array(MonitoringAlertSchema),
  },
  'monitoring.acknowledge': { input: z.object({ id: Id }), output: MonitoringAlertSchema },
  /** Questions the library answered badly or not at all, most recent first. */
  'monitoring.knowledgeGaps': {
    input: z.object({ days: z.number().int().min(1).max(3650).optional(), limit: z.number().int().min(1).max(10_000).optional() }),
    output: z.array(KnowledgeGapSchema),
  },
  /** What the metrics port serves at /metrics, whether or not the port is on. */
  'monitoring.metrics': {
    input: z.object({ format: z.enum(['prometheus', 'openmetrics']).optional() }),
    output: z.object({ contentType: z.string(), text: z.string() }),
  },
  /** The app's log, most recent first, filtered. */
  'logs.list': {
    input: z.object({
      level: LogLevelSchema.optional(),
      since: z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be a date' }).optional(),
      query: z.string().max(500).optional(),
      source: z.string().max(100).optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
    output: z.array(LogEntrySchema),
  },
  /** One analytics table (questions, answers, feedback, runs, ingestion, metrics) as CSV or JSON. */
  'analytics.export': {
    input: z.object({ table: AnalyticsTableSchema, format: z.enum(['csv', 'json']), since: z.string().max(40).optional() }),
    output: z.object({ fileName: z.string(), mime: z.string(), content: z.string(), count: z.number().int().nonnegative() }),
  },
  /** A read-only SQL query over the analytics tables (a single SELECT; anything else is refused). */
  'analytics.query': {
    input: z.object({ sql: z.string().min(1).max(20_000), limit: z.number().int().min(1).max(100_000).optional() }),
    output: AnalyticsResultSchema,
  },

  /** Makes a backup of the library now (resolves when it is written); progress comes as `backup.progress` events. */
  'backup.create': { input: z.object({}), output: BackupInfoSchema },
  /** Backups in the backups folder, newest first. */
  'backup.list': { input: z.object({}), output: z.array(BackupInfoSchema) },
  /** Checks every entry of a backup against its manifest (sha256 and size) and its structure. */
  'backup.verify': { input: z.object({ name: BackupNameSchema }), output: BackupVerifyResultSchema },
  /** Checks and unpacks a backup to replace the open library when the app next starts (it must restart). */
  'backup.restore': { input: z.object({ name: BackupNameSchema }), output: PendingChangeResultSchema },
  'backup.schedule': { input: z.object({}), output: BackupScheduleInfoSchema },
  /** Bytes on disk by part: originals, tables, indices, models, backups, logs. */
  'maintenance.diskUsage': { input: z.object({}), output: DiskUsageSchema },
  /** Rebuilds every index, compacts the tables and removes their old versions; progress as `maintenance.progress`. */
  'maintenance.rebuildIndices': { input: z.object({}), output: RebuildResultSchema },
  'maintenance.clearCaches': { input: z.object({}), output: ClearCachesResultSchema },
  /** Empties the library (documents, conversations, feedback, quality, history) at the next start; settings stay. */
  'maintenance.reset': { input: z.object({ confirm: z.literal(true) }), output: PendingChangeResultSchema },

  /** The GGUF files with their header metadata, at once; `fit` is null (see models.fit). */
  'models.list': { input: z.object({}), output: z.array(ModelFileSchema) },
  /** Whether a listed model fits this machine with the current settings: slower (a simulated load), asked per row. */
  'models.fit': { input: z.object({ path: z.string().min(1) }), output: ModelFitSchema },
  'models.status': { input: z.object({}), output: ModelsStatusSchema },

  /** Which documents' vectors are stale for the configured embedding model, and the re-embed job. */
  'embeddings.status': { input: z.object({}), output: EmbeddingsStatusSchema },
  /** Starts (or returns the running) re-embed job; progress comes as `embeddings.progress` events. */
  'embeddings.reembed': { input: z.object({}), output: EmbeddingJobSchema },
  'embeddings.cancel': { input: z.object({}), output: z.object({ cancelled: z.boolean() }) },
  /** Checks a GGUF on this machine, then copies it into the models folder (never overwriting). */
  'models.import': { input: z.object({ path: FilePath }), output: ModelFileSchema },
  /** Starts a download (hf:owner/repo/file.gguf or https URL); progress comes as `models.downloadProgress` events. */
  'models.download': { input: z.object({ uri: z.string().min(1).max(2000) }), output: z.object({ downloadId: Id }) },
  'models.cancelDownload': { input: z.object({ downloadId: Id }), output: z.object({ cancelled: z.boolean() }) },
  'models.catalog': { input: z.object({}), output: z.array(ModelCatalogEntrySchema) },
  /** Frees a loaded model (it loads again on next use or on `models.reload`). */
  'models.unload': { input: z.object({ role: ModelRoleSchema }), output: ModelsStatusSchema },
  /** Loads the configured model of a role now, replacing what is loaded; resolves when it is ready. */
  'models.reload': { input: z.object({ role: ModelRoleSchema }), output: ModelsStatusSchema },
  /** Asks an OpenAI-compatible server for its models (a connection test); sends no document text. */
  'models.testRemote': {
    input: z.object({ baseUrl: RemoteBaseUrlSchema, model: z.string().max(300).optional(), apiKey: z.string().max(1000).nullable().optional() }),
    output: RemoteTestResultSchema,
  },
} as const;

export const events = {
  'ingest.progress': IngestProgressSchema,
  'ingest.done': IngestJobDoneSchema,
  'embeddings.progress': EmbeddingJobSchema,
  /** The document list changed (added, updated, removed); clients refresh. */
  'library.changed': z.object({ documentIds: z.array(z.string()) }),
  /** An ingestion job started, moved (a file ended), was paused, resumed, cancelled or ended. */
  'jobs.changed': JobSummarySchema,
  /** Collections or watched folders changed; clients refresh their lists. */
  'collections.changed': z.object({}),
  'chat.token': z.object({ requestId: z.string(), delta: z.string() }),
  /** An answer's feedback was given, edited or withdrawn. */
  'feedback.changed': z.object({ messageId: z.string() }),
  /** An analysis run started, moved or ended. */
  'quality.run': AnalysisRunSchema,
  /** Chunk flags, the review queue, recommendations or the audit log changed; quality screens refresh. */
  'quality.changed': z.object({}),
  /** An alert fired or was resolved. */
  'monitoring.alert': MonitoringAlertSchema,
  /** The metrics history gained a point (every minute): dashboards refresh. */
  'monitoring.tick': z.object({ at: z.string() }),
  'models.status': ModelsStatusSchema,
  'models.downloadProgress': ModelDownloadProgressSchema,
  'backup.progress': BackupProgressSchema,
  'maintenance.progress': MaintenanceProgressSchema,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** What a core must implement: one async function per method, receiving the parsed input. */
export type ContractHandlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>>;
};
