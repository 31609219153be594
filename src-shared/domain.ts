/**
 * Domain types of Phare, declared once as zod schemas. Everything that crosses a process boundary
 * (IPC, HTTP, the inference host, the CLI's JSON) has its shape here.
 */
import { z } from 'zod';

export const LangSchema = z.enum(['en', 'fr']);

export const ErrorValueSchema = z.object({
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const DocumentStatusSchema = z.enum(['queued', 'processing', 'ready', 'failed']);
export type DocumentStatus = z.infer<typeof DocumentStatusSchema>;

export const OcrModeSchema = z.enum(['auto', 'always', 'never']);
export type OcrMode = z.infer<typeof OcrModeSchema>;

/**
 * Why a page was read by OCR: `no-text-layer` (a PDF page without text, or with a few characters,
 * that draws a picture which could hold text), `garbled-text-layer` (a text layer whose characters
 * are not words: fonts without a usable character map), `ocr-always` (OCR mode "always"),
 * `picture-file` (the document is a picture).
 */
export const OcrReasonSchema = z.enum(['no-text-layer', 'garbled-text-layer', 'ocr-always', 'picture-file']);
export type OcrReason = z.infer<typeof OcrReasonSchema>;
/** The pages read by OCR for one reason. */
export const OcrPagesReasonSchema = z.object({ reason: OcrReasonSchema, pages: z.array(z.number().int().positive()) });
export type OcrPagesReason = z.infer<typeof OcrPagesReasonSchema>;

/** One check run on a document after ingestion (issue: validation); stored with the document. */
export const ValidationCheckSchema = z.object({
  name: z.enum(['has-chunks', 'no-empty-chunks', 'vector-dimension', 'findable']),
  ok: z.boolean(),
  detail: z.string(),
});
export const DocumentValidationSchema = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  checks: z.array(ValidationCheckSchema),
});
export type DocumentValidation = z.infer<typeof DocumentValidationSchema>;

export const DocumentRecordSchema = z.object({
  id: z.string(),
  collection: z.string(),
  title: z.string(),
  sourcePath: z.string(),
  /** Path of the kept original, relative to the data directory (content-addressed). */
  storedPath: z.string(),
  sha256: z.string(),
  mime: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  status: DocumentStatusSchema,
  error: ErrorValueSchema.nullable(),
  ocrPages: z.number().int().nonnegative(),
  ocrMeanConfidence: z.number().nullable(),
  /** Pages whose OCR confidence is below the threshold: the document is flagged in the list. */
  lowConfidencePages: z.array(z.number().int().positive()),
  /**
   * Which pages were read by OCR, grouped by why (page order within each). Absent for documents
   * ingested before reasons were recorded.
   */
  ocrReasons: z.array(OcrPagesReasonSchema).optional(),
  /** OCR mode the document was last ingested with. */
  ocrMode: OcrModeSchema,
  /** Result of the post-ingestion checks, null until they ran. */
  validation: DocumentValidationSchema.nullable(),
  language: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Chunker settings used, as JSON, so re-ingestion and staleness checks know what produced the chunks. */
  chunkerSettings: z.string(),
  /** Embedding model id used for the vectors, or '' when the document has no vectors. */
  embedder: z.string(),
});
export type DocumentRecord = z.infer<typeof DocumentRecordSchema>;

export const ChunkRecordSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  ordinal: z.number().int().nonnegative(),
  text: z.string(),
  pageStart: z.number().int().positive(),
  pageEnd: z.number().int().positive(),
  headingPath: z.array(z.string()),
  charStart: z.number().int().nonnegative(),
  charEnd: z.number().int().nonnegative(),
  tokenCount: z.number().int().nonnegative(),
  blacklisted: z.boolean(),
  whitelisted: z.boolean(),
  satisfaction: z.number().nullable(),
});
export type ChunkRecord = z.infer<typeof ChunkRecordSchema>;

export const PageTextSchema = z.object({
  page: z.number().int().positive(),
  text: z.string(),
  /** Whether the text came from OCR, and tesseract's mean confidence (0..100) for the page. */
  ocr: z.boolean().optional(),
  confidence: z.number().nullable().optional(),
  /** Why the page was read by OCR (absent for a text-layer page, and for pages stored before reasons were). */
  ocrReason: OcrReasonSchema.optional(),
});
export type PageText = z.infer<typeof PageTextSchema>;

export const DocumentTextSchema = z.object({ documentId: z.string(), title: z.string(), pages: z.array(PageTextSchema) });
export type DocumentText = z.infer<typeof DocumentTextSchema>;

/** A page as the document detail view lists it (its text is fetched with `library.text`). */
export const PageSummarySchema = z.object({
  page: z.number().int().positive(),
  chars: z.number().int().nonnegative(),
  ocr: z.boolean(),
  /** tesseract's mean confidence (0..100) for an OCR'd page, null otherwise. */
  confidence: z.number().nullable(),
  /** Why the page was read by OCR; null for a text-layer page or when not recorded. */
  ocrReason: OcrReasonSchema.nullable(),
});
export type PageSummary = z.infer<typeof PageSummarySchema>;
export const DocumentDetailSchema = z.object({
  document: DocumentRecordSchema,
  pages: z.array(PageSummarySchema),
  chunks: z.array(ChunkRecordSchema),
  validation: DocumentValidationSchema.nullable(),
});
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>;

/** The re-embed job: rebuilds the vectors of documents embedded with another model (or none). */
export const EmbeddingJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  embedder: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Chunks whose vector came from the embedding cache, and chunks the model embedded. */
  cachedChunks: z.number().int().nonnegative(),
  embeddedChunks: z.number().int().nonnegative(),
  error: ErrorValueSchema.nullable(),
});
export type EmbeddingJob = z.infer<typeof EmbeddingJobSchema>;
export const EmbeddingsStatusSchema = z.object({
  /** Id of the configured embedding model, null when none is configured (or it cannot load). */
  embedder: z.string().nullable(),
  /** Ready documents whose vectors are not this model's (search finds them by full text meanwhile). */
  staleDocuments: z.number().int().nonnegative(),
  totalDocuments: z.number().int().nonnegative(),
  job: EmbeddingJobSchema.nullable(),
});
export type EmbeddingsStatus = z.infer<typeof EmbeddingsStatusSchema>;

export const IngestStageSchema = z.enum(['queued', 'reading', 'extracting', 'chunking', 'embedding', 'writing', 'done']);
export type IngestStage = z.infer<typeof IngestStageSchema>;

/** One file's outcome, as the CLI prints it and the UI shows it. */
export const IngestResultSchema = z.object({
  file: z.string(),
  documentId: z.string().nullable(),
  status: z.enum(['ready', 'failed', 'duplicate']),
  pages: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  error: ErrorValueSchema.nullable(),
});
export type IngestResult = z.infer<typeof IngestResultSchema>;

export const IngestProgressSchema = z.object({
  jobId: z.string(),
  /** Index of the file in the job's list, so the UI can key progress bars. */
  index: z.number().int().nonnegative(),
  file: z.string(),
  stage: IngestStageSchema,
  /** 0..1 for this file. */
  progress: z.number().min(0).max(1),
  documentId: z.string().nullable(),
  result: IngestResultSchema.nullable(),
});
export type IngestProgress = z.infer<typeof IngestProgressSchema>;

export const IngestJobSchema = z.object({
  jobId: z.string(),
  files: z.array(z.string()),
});
export type IngestJob = z.infer<typeof IngestJobSchema>;

export const IngestJobDoneSchema = z.object({ jobId: z.string(), results: z.array(IngestResultSchema), cancelled: z.boolean() });
export type IngestJobDone = z.infer<typeof IngestJobDoneSchema>;

export const SearchHitSchema = z.object({
  chunkId: z.string(),
  documentId: z.string(),
  title: z.string(),
  page: z.number().int().positive(),
  pageEnd: z.number().int().positive(),
  score: z.number(),
  text: z.string(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchModeSchema = z.enum(['hybrid', 'fulltext', 'vector']);

export const SourceSchema = z.object({
  n: z.number().int().positive(),
  documentId: z.string(),
  title: z.string(),
  page: z.number().int().positive(),
  score: z.number(),
  chunkId: z.string(),
  snippet: z.string(),
});
export type Source = z.infer<typeof SourceSchema>;

export const AnswerTimingsSchema = z.object({
  retrievalMs: z.number(),
  promptMs: z.number(),
  ttftMs: z.number().nullable(),
  generationMs: z.number(),
  totalMs: z.number(),
  tokens: z.number().int().nonnegative(),
  tokensPerSecond: z.number().nullable(),
});
export type AnswerTimings = z.infer<typeof AnswerTimingsSchema>;

/** One sentence of an answer as the citation check saw it (src-main/core/chat/citationCheck). */
export const CitationCheckSentenceSchema = z.object({
  index: z.number().int().nonnegative(),
  text: z.string(),
  /** Offsets of the sentence in the answer text, so the UI can mark it in place. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  cited: z.array(z.number().int().nonnegative()),
  /** null: nothing to check (no citation, or no content word). */
  supported: z.boolean().nullable(),
  similarity: z.number().nullable(),
  overlap: z.number(),
  judge: z.enum(['yes', 'no']).nullable(),
});
export type CitationCheckSentence = z.infer<typeof CitationCheckSentenceSchema>;
export const CitationCheckMethodSchema = z.enum(['lexical', 'embedding', 'judge']);
export type CitationCheckMethod = z.infer<typeof CitationCheckMethodSchema>;
export const CitationCheckSchema = z.object({
  sentences: z.array(CitationCheckSentenceSchema),
  unsupportedCount: z.number().int().nonnegative(),
  methods: z.array(CitationCheckMethodSchema),
});
export type CitationCheck = z.infer<typeof CitationCheckSchema>;

/** A kept original's bytes, for the document viewer (PDF pages are rendered in the renderer). */
export const OriginalFileSchema = z.object({ fileName: z.string(), mime: z.string(), dataBase64: z.string() });
export type OriginalFile = z.infer<typeof OriginalFileSchema>;

export const AnswerSchema = z.object({
  requestId: z.string(),
  question: z.string(),
  answer: z.string(),
  mode: z.enum(['generative', 'extractive']),
  outcome: z.enum(['complete', 'cancelled', 'no-sources']),
  sources: z.array(SourceSchema),
  timings: AnswerTimingsSchema,
  model: z.string().nullable(),
  /** Each cited sentence checked against its sources; null when no check ran (extractive, no sources). */
  citationCheck: CitationCheckSchema.nullable(),
  /** True when the question and passages were sent to a remote server (the model reads "remote:<label>"). */
  remote: z.boolean().optional(),
  /** The conversation and the stored answer message (chat.trace reads how it was made). */
  conversationId: z.string().optional(),
  messageId: z.string().optional(),
  /** The standalone query a follow-up was rewritten into; null when the question was searched as asked. */
  rewrittenQuery: z.string().nullable().optional(),
  /** True when the model answered alone (a conversation without documents): nothing was searched or cited. */
  modelOnly: z.boolean().optional(),
});
export type Answer = z.infer<typeof AnswerSchema>;

/** http(s) only, and no credentials in the URL (they would be shown and logged; the key has its own field). */
function isHttpUrlWithoutCredentials(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}
export const RemoteBaseUrlSchema = z
  .string()
  .max(2000)
  .refine(isHttpUrlWithoutCredentials, { message: 'must be an http:// or https:// URL without user name or password' });

/** An OpenAI-compatible server (Ollama, vLLM, llama.cpp server) that can answer instead of the local model. Opt-in. */
export const RemoteChatSettingsSchema = z.object({
  enabled: z.boolean(),
  baseUrl: RemoteBaseUrlSchema,
  model: z.string().max(300),
  /** Masked by settings.get; never logged. */
  apiKey: z.string().max(1000).nullable(),
  /** Shown with answers ("remote:<label>"); the model name when empty. */
  label: z.string().max(100),
});
export type RemoteChatSettings = z.infer<typeof RemoteChatSettingsSchema>;

export const RemoteTestResultSchema = z.object({
  ok: z.boolean(),
  models: z.array(z.string()).optional(),
  error: ErrorValueSchema.optional(),
});
export type RemoteTestResult = z.infer<typeof RemoteTestResultSchema>;

export const GpuChoiceSchema = z.enum(['auto', 'cuda', 'metal', 'vulkan', 'cpu']);
export type GpuChoice = z.infer<typeof GpuChoiceSchema>;

/** How the quality loop decides and when it runs (the Quality screen and `phare quality` read them). */
export const QualitySettingsSchema = z.object({
  /** Daily analysis run at `scheduleTime` (local time, HH:MM); a missed one catches up at the next start. */
  scheduleEnabled: z.boolean(),
  scheduleTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM (00:00 to 23:59)' }),
  /** No decision on a chunk with fewer votes than this. */
  minVotes: z.number().int().min(1).max(1000),
  /** Weight of the library mean in each chunk's smoothed score (Bayesian prior, in votes). */
  priorWeight: z.number().min(0).max(1000),
  /** Chunks whose smoothed satisfaction (0..1) is below this become blacklist candidates. */
  blacklistThreshold: z.number().min(0).max(1),
  /** Let the remote model server (when it answers) judge too: the chunks and questions are then sent to it. */
  allowRemoteJudge: z.boolean(),
  /** With no judge, apply rule-only decisions instead of sending every candidate to review. */
  ruleOnlyDecisions: z.boolean(),
  /** Time box of one judge call. */
  judgeTimeoutSeconds: z.number().int().min(5).max(600),
  /** Alerts: average rating below this (1-5) over the window. */
  alertMinAverageRating: z.number().min(1).max(5),
  /** Alerts: share of ingested documents that became ready, below this (0..1). */
  alertMinIngestSuccess: z.number().min(0).max(1),
  /** Attention: at least this many feedbacks in the window with an average below `attentionMaxAverage`... */
  attentionMinFeedback: z.number().int().min(1),
  attentionMaxAverage: z.number().min(1).max(5),
  /** ...or more than this share of feedbacks with a correction. */
  attentionMaxCorrectedShare: z.number().min(0).max(1),
});
export type QualitySettings = z.infer<typeof QualitySettingsSchema>;

/** The metrics port, the Pushgateway, the history and the monitoring alerts (the Monitoring screen). */
export const MetricsSettingsSchema = z.object({
  /** Serve /metrics, /health and /status on 127.0.0.1:`port` (off by default). */
  enabled: z.boolean(),
  port: z.number().int().min(1).max(65_535),
  /** Push each analysis run's and ingestion job's metrics to this Pushgateway (null: no push). */
  pushgatewayUrl: z
    .string()
    .max(2000)
    .refine((v) => /^https?:\/\//.test(v), { message: 'must be an http:// or https:// URL' })
    .nullable(),
  /** Days of metrics history kept (per-minute points for a week, per-hour points after). */
  historyRetentionDays: z.number().int().min(1).max(3650),
  /** Alert when the 95th percentile of answer time stays above this for 5 minutes. */
  alertP95LatencySeconds: z.number().positive().max(3600),
  /** Alert when more than this share of questions fail for 5 minutes. */
  alertErrorRate: z.number().min(0).max(1),
  /** Alert when the data folder's disk has less than this share free. */
  alertMinFreeDiskShare: z.number().min(0).max(1),
  /** Show a desktop notification when an alert fires. */
  notifications: z.boolean(),
});
export type MetricsSettings = z.infer<typeof MetricsSettingsSchema>;

/** The roles of the LAN mode's accounts (src-shared/methodRights.ts says what each may call). */
export const AccessRoleSchema = z.enum(['admin', 'analyst', 'read-only']);
export type AccessRole = z.infer<typeof AccessRoleSchema>;

/** Calls a minute allowed to one client, by class of method (src-shared/methodRights.ts puts each method in a class). */
const perMinute = z.number().int().min(1).max(1_000_000);
export const RateLimitsSchema = z.object({
  /** Lists, reads, status: what the screens call when they open and refresh. */
  read: perMinute,
  search: perMinute,
  /** Questions to the model (chat.ask, chat.regenerate). */
  answer: perMinute,
  /** Ingestion, re-ingestion, re-embedding, model imports. */
  ingest: perMinute,
  /** Every other change: settings, removals, feedback, decisions, conversations. */
  write: perMinute,
  /** Heavy reads: analysis runs, analytics queries, exports. */
  analysis: perMinute,
});
export type RateLimits = z.infer<typeof RateLimitsSchema>;
export type MethodClass = keyof RateLimits;

/** Access to the local API (`phare serve`): rate limits per role and client, sign-in attempts, session length. */
export const AccessSettingsSchema = z.object({
  /** Per role; the API token's holder (the loopback owner) counts as an admin. */
  rateLimits: z.object({ admin: RateLimitsSchema, analyst: RateLimitsSchema, 'read-only': RateLimitsSchema }),
  /** Failed and successful sign-ins a minute from one address (password guessing). */
  loginAttemptsPerMinute: z.number().int().min(1).max(10_000),
  /** How long a browser stays signed in (the session cookie's lifetime). */
  sessionHours: z.number().int().min(1).max(24 * 366),
});
export type AccessSettings = z.infer<typeof AccessSettingsSchema>;

/** Daily backups of the library (core/backup): when, how many automatic ones are kept, and where. */
export const BackupSettingsSchema = z.object({
  /** A backup every day at `scheduleTime` (local time, HH:MM); a missed one is made after the next start. */
  scheduleEnabled: z.boolean(),
  scheduleTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM (00:00 to 23:59)' }),
  /** Automatic backups kept (the oldest go first); backups made by hand are never removed. */
  keep: z.number().int().min(1).max(365),
  /** Folder of the backups; null: `backups` in the data folder. Another disk survives the loss of this one. */
  folder: z.string().min(1).max(4096).nullable(),
});
export type BackupSettings = z.infer<typeof BackupSettingsSchema>;

export const SettingsSchema = z.object({
  language: LangSchema,
  chatModelPath: z.string().nullable(),
  embeddingModelPath: z.string().nullable(),
  gpu: GpuChoiceSchema,
  /** 'auto' lets node-llama-cpp fit as many layers as memory allows. */
  gpuLayers: z.union([z.literal('auto'), z.number().int().nonnegative()]),
  threads: z.number().int().positive(),
  contextSize: z.number().int().min(256),
  /** Tokens evaluated per llama.cpp batch (prompt processing); bounded by the context size when loading. */
  batchSize: z.number().int().min(32).max(8192),
  temperature: z.number().min(0).max(2),
  maxTokens: z.number().int().positive(),
  topK: z.number().int().min(1).max(50),
  chunkSize: z.number().int().min(100),
  chunkOverlap: z.number().int().nonnegative(),
  /**
   * What chunkSize and chunkOverlap count: 'characters', 'tokens' of the embedding model, or 'auto'
   * (absent = 'auto'): sizes given in characters, counted in the embedding model's tokens when one is
   * configured (at ~4 characters a token), in characters otherwise.
   */
  chunkUnit: z.enum(['auto', 'tokens', 'characters']).optional(),
  /** Which chat model answers: the local GGUF or the remote server (only when remoteChat.enabled). */
  chatModelSource: z.enum(['local', 'remote']),
  remoteChat: RemoteChatSettingsSchema,
  /** OCR of scans and pictures (absent = 'auto': pages without a usable text layer); an ingestion may override it. */
  ocrMode: OcrModeSchema.optional(),
  /** tesseract language codes read by OCR, the most likely first (absent = ['fra', 'eng'], the installed ones). */
  ocrLanguages: z.array(z.string().regex(/^[a-z]{3}(_[a-z]+)?$/)).min(1).max(8).optional(),
  quality: QualitySettingsSchema,
  metrics: MetricsSettingsSchema,
  /** Absent in libraries saved before it existed: ACCESS_SETTINGS_DEFAULTS then apply. */
  access: AccessSettingsSchema.optional(),
  /** Absent in libraries saved before it existed: BACKUP_SETTINGS_DEFAULTS then apply. */
  backup: BackupSettingsSchema.optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const ModelRoleSchema = z.enum(['chat', 'embedding']);
export type ModelRole = z.infer<typeof ModelRoleSchema>;

/** node-llama-cpp's resource estimate for a model file with the current settings, against free memory. */
export const ModelFitSchema = z.object({
  fits: z.enum(['yes', 'tight', 'no', 'unknown']),
  requiredBytes: z.number().nullable(),
  availableBytes: z.number().nullable(),
  where: z.enum(['ram', 'vram']),
});
export type ModelFit = z.infer<typeof ModelFitSchema>;

export const ModelFileSchema = z.object({
  path: z.string(),
  fileName: z.string(),
  sizeBytes: z.number(),
  architecture: z.string().nullable(),
  role: ModelRoleSchema.nullable(),
  contextLength: z.number().nullable(),
  hasChatTemplate: z.boolean(),
  /** Total parameters, counted from the tensor shapes. */
  parameterCount: z.number().nullable(),
  /** Quantisation: the GGUF file type (e.g. Q4_K_M), or the dominant tensor type when the file does not say. */
  quantisation: z.string().nullable(),
  /** Whether it fits this machine with the current settings, estimated before loading; null when not estimated. */
  fit: ModelFitSchema.nullable(),
  error: ErrorValueSchema.nullable(),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** One recommended model of `resources/models-catalog.json`. */
export const ModelCatalogEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['chat', 'embedding']),
  /** `hf:owner/repo/file.gguf`, what `models.download` takes. */
  uri: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int().positive(),
  parameters: z.string(),
  quantisation: z.string(),
  licence: z.string(),
  languages: z.array(z.string()),
  contextLength: z.number().int().positive(),
  /** RAM a CPU-only machine should have for it to run comfortably. */
  minRamGb: z.number().positive(),
  description: z.object({ en: z.string(), fr: z.string() }),
  /** Embedding models only: what the model expects before a query and before a document. */
  prefixes: z.object({ query: z.string(), document: z.string() }).optional(),
});
export type ModelCatalogEntry = z.infer<typeof ModelCatalogEntrySchema>;

export const ModelDownloadStateSchema = z.enum(['downloading', 'done', 'failed', 'cancelled']);
export const ModelDownloadProgressSchema = z.object({
  downloadId: z.string(),
  uri: z.string(),
  /** File name in the models folder, once known. */
  fileName: z.string().nullable(),
  receivedBytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative().nullable(),
  state: ModelDownloadStateSchema,
  error: ErrorValueSchema.nullable(),
});
export type ModelDownloadProgress = z.infer<typeof ModelDownloadProgressSchema>;

export const ModelSlotStatusSchema = z.object({
  role: ModelRoleSchema,
  path: z.string().nullable(),
  state: z.enum(['none', 'loading', 'ready', 'failed']),
  error: ErrorValueSchema.nullable(),
  /** Embedding dimension for embedding models. */
  dimension: z.number().nullable(),
  contextSize: z.number().nullable(),
  /** Memory the loaded model and its context take (weights + KV cache), from node-llama-cpp; null when not loaded. */
  memoryBytes: z.number().nullable(),
  /** Layers offloaded to the GPU for the loaded model (0 on the CPU); null when not loaded. */
  gpuLayers: z.number().nullable(),
});
export type ModelSlotStatus = z.infer<typeof ModelSlotStatusSchema>;

export const ModelsStatusSchema = z.object({
  backend: z.string().nullable(),
  requestedGpu: GpuChoiceSchema,
  hostAlive: z.boolean(),
  /** Why the requested backend cannot be used (BACKEND_UNAVAILABLE), known even before any model loads. */
  backendError: ErrorValueSchema.nullable(),
  chat: ModelSlotStatusSchema,
  embedding: ModelSlotStatusSchema,
});
export type ModelsStatus = z.infer<typeof ModelsStatusSchema>;

export const AppInfoSchema = z.object({
  name: z.literal('Phare'),
  version: z.string(),
  dataDir: z.string(),
  modelsDir: z.string(),
  systemLanguage: LangSchema,
});
export type AppInfo = z.infer<typeof AppInfoSchema>;
