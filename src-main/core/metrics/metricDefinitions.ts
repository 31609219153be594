/**
 * Every metric Phare exports, defined once, in one prom-client registry per core (a test process opens
 * several cores; prom-client's global registry would mix them). The services update them where the work
 * happens (metricsRecorder.ts); figures that are cheaper to read when asked (library size, loaded models,
 * free disk, blacklisted chunks) are read by collect callbacks at scrape time.
 *
 * Counter names end in `_total` as Prometheus expects; the OpenMetrics exposition is derived from the
 * same text (exposition.ts). `resources/monitoring/` (Prometheus rules, Grafana dashboards) names only
 * metrics listed here, and a test checks it.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DOCUMENT_FORMAT_BY_EXTENSION } from '../../../src-shared/documentFormats';
import { AuditActionSchema } from '../../../src-shared/quality';

/** Answer-time buckets, up to 120 s: a CPU-only laptop with a 7B model takes tens of seconds. */
export const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];
const SMALL_COUNT_BUCKETS = [0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 50];
const TOKEN_BUCKETS = [0, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
const INGEST_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800];
const ANALYSIS_BUCKETS = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
/** Chunk length buckets, in characters (the chunker aims at 1,200). */
export const CHUNK_LENGTH_BUCKETS = [200, 400, 800, 1200, 1600, 2400] as const;

export interface MetricSources {
  /** Library size: ready documents, chunks, bytes on disk (cached by the caller). */
  indexSize(): Promise<{ documents: number; chunks: number; bytes: number }>;
  blacklistedChunks(): Promise<number>;
  /** Loaded models with node-llama-cpp's own memory figures. */
  models(): Array<{ role: string; model: string; backend: string; ramBytes: number; vramBytes: number }>;
  diskFree(): { freeBytes: number; totalBytes: number } | null;
}

export function defineMetrics(sources: () => MetricSources | null) {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  // prom-client names three gauges `_total`, which Prometheus reserves for counters (`promtool check
  // metrics` refuses them); their twins without the suffix carry the same values.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);

  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames: [...labelNames], registers });
  const histogram = <L extends string>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []) =>
    new Histogram<L>({ name, help, buckets, labelNames: [...labelNames], registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = [], collect?: (this: Gauge<L>) => Promise<void> | void) =>
    new Gauge<L>({ name, help, labelNames: [...labelNames], registers, ...(collect ? { collect } : {}) });

  const metrics = {
    registry,
    // Answers.
    ragQueries: counter('rag_queries_total', 'Questions answered, by answer mode (generative, extractive, none) and outcome.', ['mode', 'status']),
    ragRetrievalLatency: histogram('rag_retrieval_latency_seconds', 'Time to retrieve the passages of an answer.', LATENCY_BUCKETS),
    ragGenerationLatency: histogram('rag_generation_latency_seconds', 'Time the model took to write an answer.', LATENCY_BUCKETS),
    ragTotalLatency: histogram('rag_total_latency_seconds', 'Time from question to complete answer.', LATENCY_BUCKETS),
    ragTimeToFirstToken: histogram('rag_time_to_first_token_seconds', 'Time from question to the first streamed token.', LATENCY_BUCKETS),
    ragIndexSize: gauge('rag_index_size', 'Size of the library: ready documents, chunks, bytes on disk.', ['unit'], async function () {
      const s = sources();
      if (!s) return;
      const size = await s.indexSize();
      this.set({ unit: 'documents' }, size.documents);
      this.set({ unit: 'chunks' }, size.chunks);
      this.set({ unit: 'bytes' }, size.bytes);
    }),
    ragSourcesUsed: histogram('rag_sources_used', 'Sources an answer was given.', SMALL_COUNT_BUCKETS),
    ragAnswerTokens: histogram('rag_answer_tokens', 'Tokens of a generated answer.', TOKEN_BUCKETS),
    ragUnanswered: counter('rag_unanswered_total', 'Questions whose best passage scored too low or that found nothing (knowledge gaps).'),

    // Models.
    llmCalls: counter('llm_calls_total', 'Calls to a model, by role (chat, judge, embedding) and status (ok, error, cancelled).', ['role', 'status']),
    llmCallSuccessRatio: gauge('llm_call_success_ratio', 'Share of model calls that succeeded since the start, by role.', ['role']),
    llmEmptyResponses: counter('llm_empty_responses_total', 'Model calls that produced no text, by role.', ['role']),
    llmJsonErrors: counter('llm_json_errors_total', 'Judge outputs that failed their JSON schema.'),
    llmTokens: counter('llm_tokens_total', 'Tokens the models read (prompt) and wrote (completion).', ['direction']),
    llmTokensPerSecond: gauge('llm_tokens_per_second', 'Generation speed of the last completed chat or judge call.', ['role']),
    llmModelLoaded: gauge('llm_model_loaded', 'Models loaded now (1), by role, file and compute backend.', ['role', 'model', 'backend'], function () {
      const s = sources();
      if (!s) return;
      this.reset();
      for (const m of s.models()) this.set({ role: m.role, model: m.model, backend: m.backend }, 1);
    }),
    llmModelMemory: gauge('llm_model_memory_bytes', "Memory a loaded model takes, node-llama-cpp's own figures, by role and kind (ram, vram).", ['role', 'kind'], function () {
      const s = sources();
      if (!s) return;
      this.reset();
      for (const m of s.models()) {
        this.set({ role: m.role, kind: 'ram' }, m.ramBytes);
        this.set({ role: m.role, kind: 'vram' }, m.vramBytes);
      }
    }),

    // Ingestion.
    documentsIngested: counter('documents_ingested_total', 'Files ingested, by format (pdf, docx, text, image, …, other) and status (ready, failed).', ['format', 'status']),
    documentsSkipped: counter('documents_skipped_total', 'Files not ingested, by reason (duplicate, unsupported, empty, too-large).', ['reason']),
    ingestDuration: histogram('ingest_duration_seconds', 'Time to ingest one file, by format.', INGEST_BUCKETS, ['format']),
    ocrPages: counter('ocr_pages_total', 'Pages read by OCR.'),
    ocrConfidence: histogram('ocr_confidence', "Tesseract's mean confidence (0-100) of each OCR'd document.", [20, 40, 50, 60, 70, 80, 90, 95, 100]),
    chunksByLength: counter('chunks_by_length_total', 'Chunks written, by length bucket in characters (upper bound).', ['bucket']),
    currentDocumentChars: gauge('current_document_chars', 'Characters of the document ingested last.'),
    storeWriteErrors: counter('store_write_errors_total', 'Writes to the library that failed.'),

    // Quality loop.
    feedback: counter('feedback_total', 'Feedback given, by kind (up, down, rating, comment, correction, wrong-source, withdrawn).', ['kind']),
    feedbackRating: histogram('feedback_rating', 'Ratings given (1-5; thumbs up counts 5, down 1).', [1, 2, 3, 4, 5]),
    chunksBlacklisted: gauge('chunks_blacklisted', 'Chunks blacklisted now.', [], async function () {
      const s = sources();
      if (s) this.set(await s.blacklistedChunks());
    }),
    qualityDecisions: counter('quality_decisions_total', 'Quality decisions written to the audit log, by action.', ['action']),
    analysisRuns: counter('analysis_runs_total', 'Analysis runs ended, by status.', ['status']),
    analysisDuration: histogram('analysis_duration_seconds', 'Duration of an analysis run.', ANALYSIS_BUCKETS),
    analysisProgress: gauge('analysis_progress', 'Progress of the current analysis run (0-100; 100 when none runs).'),
    analysisLastSuccess: gauge('analysis_last_success_timestamp_seconds', 'When the last analysis run completed (Unix time).'),

    // The data folder's disk.
    diskFree: gauge('data_disk_free_bytes', "Free bytes on the data folder's disk.", [], function () {
      const d = sources()?.diskFree();
      if (d) this.set(d.freeBytes);
    }),
    diskTotal: gauge('data_disk_total_bytes', "Size of the data folder's disk.", [], function () {
      const d = sources()?.diskFree();
      if (d) this.set(d.totalBytes);
    }),
    pushErrors: counter('pushgateway_push_errors_total', 'Pushes to the Pushgateway that failed.'),
  };
  metrics.analysisProgress.set(100);
  zeroKnownSeries(metrics);
  return metrics;
}

/**
 * A labelled counter appears at its first increment, so Prometheus first sees it at 1 and `rate()` or
 * `increase()` miss that event (measured against the real Prometheus: 4 questions gave an increase of
 * 0). Every label combination known in advance starts at 0 instead.
 */
function zeroKnownSeries(m: Omit<Metrics, never>): void {
  for (const mode of ['generative', 'extractive', 'none']) {
    for (const status of ['complete', 'no-sources', 'cancelled', 'error']) m.ragQueries.inc({ mode, status }, 0);
  }
  for (const role of ['chat', 'judge', 'embedding']) {
    for (const status of ['ok', 'error', 'cancelled']) m.llmCalls.inc({ role, status }, 0);
    m.llmEmptyResponses.inc({ role }, 0);
  }
  for (const direction of ['prompt', 'completion']) m.llmTokens.inc({ direction }, 0);
  for (const format of [...new Set(Object.values(DOCUMENT_FORMAT_BY_EXTENSION)), 'other']) {
    for (const status of ['ready', 'failed']) m.documentsIngested.inc({ format, status }, 0);
  }
  for (const reason of ['duplicate', 'unsupported', 'empty', 'too-large']) m.documentsSkipped.inc({ reason }, 0);
  for (const kind of ['up', 'down', 'rating', 'comment', 'correction', 'wrong-source', 'withdrawn']) m.feedback.inc({ kind }, 0);
  for (const action of AuditActionSchema.options) m.qualityDecisions.inc({ action }, 0);
  for (const status of ['completed', 'failed', 'cancelled', 'interrupted']) m.analysisRuns.inc({ status }, 0);
}

export type Metrics = ReturnType<typeof defineMetrics>;

/** Names of the metrics defined here (prom-client's process defaults aside), for the monitoring assets' checks. */
export function definedMetricNames(metrics: Metrics): string[] {
  return Object.values(metrics)
    .filter((m): m is Counter | Gauge | Histogram => m instanceof Counter || m instanceof Gauge || m instanceof Histogram)
    .map((m) => (m as unknown as { name: string }).name);
}
