/**
 * Monitoring: the metrics history behind the in-app dashboard, the alerts evaluated in the app, the
 * knowledge gaps (questions the library could not answer well), the logs and the analytics tables.
 * The same figures are served to Prometheus by the optional metrics port (src-main/core/metrics).
 */
import { z } from 'zod';

export const HistoryRangeSchema = z.enum(['1h', '24h', '7d', '30d']);
export type HistoryRange = z.infer<typeof HistoryRangeSchema>;

/**
 * The series the history keeps, one row per minute (rolled up per hour past a week). Event series
 * (answers, feedback, ingestion) carry count, sum and percentiles of what happened in the period; gauge
 * series (memory, disk, index size) carry the value sampled at its end.
 */
export const HISTORY_SERIES = [
  // Answers.
  'answers',
  'answer_errors',
  'unanswered',
  'total_latency_seconds',
  'retrieval_latency_seconds',
  'generation_latency_seconds',
  'ttft_seconds',
  'tokens_per_second',
  // Feedback and quality.
  'feedback',
  'feedback_rating',
  'feedback_corrections',
  'blacklisted_chunks',
  'analysis_runs_completed',
  'analysis_runs_failed',
  // Ingestion.
  'documents_ready',
  'documents_failed',
  // Resources.
  'cpu_share',
  'rss_bytes',
  'model_ram_bytes',
  'model_vram_bytes',
  'disk_free_bytes',
  'disk_free_share',
  'index_documents',
  'index_chunks',
  'index_bytes',
] as const;
export const HistorySeriesSchema = z.enum(HISTORY_SERIES);
export type HistorySeries = z.infer<typeof HistorySeriesSchema>;

/** The series sampled at the end of each period (gauges); the others count events. */
export const HISTORY_GAUGE_SERIES: ReadonlySet<HistorySeries> = new Set<HistorySeries>([
  'blacklisted_chunks',
  'cpu_share',
  'rss_bytes',
  'model_ram_bytes',
  'model_vram_bytes',
  'disk_free_bytes',
  'disk_free_share',
  'index_documents',
  'index_chunks',
  'index_bytes',
]);

export const HistoryPointSchema = z.object({
  /** Start of the period (ISO). */
  t: z.string(),
  count: z.number(),
  sum: z.number(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  /** Gauges: the value at the end of the period. Events: sum / count (null without events). */
  value: z.number().nullable(),
});
export type HistoryPoint = z.infer<typeof HistoryPointSchema>;

export const HistorySeriesDataSchema = z.object({
  name: HistorySeriesSchema,
  resolution: z.enum(['1m', '1h']),
  points: z.array(HistoryPointSchema),
});
export type HistorySeriesData = z.infer<typeof HistorySeriesDataSchema>;

export const AlertRuleSchema = z.enum(['latency-p95', 'error-rate', 'low-rating', 'low-ingest-success', 'low-disk', 'last-run-failed']);
export type AlertRule = z.infer<typeof AlertRuleSchema>;

export const MonitoringAlertSchema = z.object({
  id: z.string(),
  rule: AlertRuleSchema,
  severity: z.enum(['warning', 'critical']),
  state: z.enum(['firing', 'resolved']),
  /** The value that fired it and the threshold it crossed. */
  value: z.number(),
  threshold: z.number(),
  firedAt: z.string(),
  resolvedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
});
export type MonitoringAlert = z.infer<typeof MonitoringAlertSchema>;

export const KnowledgeGapSchema = z.object({
  question: z.string(),
  askedAt: z.string(),
  messageId: z.string(),
  conversationId: z.string(),
  /** Why it counts as unanswered: nothing found, or the best passage scored too low. */
  reason: z.enum(['no-sources', 'weak-match']),
  /** Best full-text score (BM25) and best vector distance (cosine) of the passages found, when any. */
  bestFullText: z.number().nullable(),
  bestVectorDistance: z.number().nullable(),
});
export type KnowledgeGap = z.infer<typeof KnowledgeGapSchema>;

export const MonitoringOverviewSchema = z.object({
  /** Questions per day over the last 30 days, oldest first. */
  questionsPerDay: z.array(z.object({ day: z.string(), questions: z.number().int().nonnegative() })),
  averageRating7d: z.number().nullable(),
  library: z.object({ documents: z.number().int().nonnegative(), chunks: z.number().int().nonnegative(), bytes: z.number().nonnegative() }),
  lastRun: z.object({ id: z.string(), status: z.string(), startedAt: z.string(), endedAt: z.string().nullable() }).nullable(),
  openAlerts: z.number().int().nonnegative(),
  /** The metrics port, when it is serving (null: off, or the port was in use). */
  metricsUrl: z.string().nullable(),
  /** Why the metrics port is not serving although enabled (port in use, say). */
  metricsError: z.string().nullable(),
});
export type MonitoringOverview = z.infer<typeof MonitoringOverviewSchema>;

export const LogLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
export type LogLevel = z.infer<typeof LogLevelSchema>;
export const LogEntrySchema = z.object({
  time: z.string(),
  level: LogLevelSchema,
  /** The part of the app that wrote it (core, quality, ingest, server…). */
  source: z.string(),
  message: z.string(),
  /** Other fields of the entry (never document text or secrets at info level). */
  data: z.record(z.string(), z.unknown()),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

export const AnalyticsTableSchema = z.enum(['questions', 'answers', 'feedback', 'analysis_runs', 'ingestion', 'metrics']);
export type AnalyticsTable = z.infer<typeof AnalyticsTableSchema>;

export const AnalyticsResultSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  /** Rows past the limit were left out. */
  truncated: z.boolean(),
});
export type AnalyticsResult = z.infer<typeof AnalyticsResultSchema>;
