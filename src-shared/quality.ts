/**
 * The quality loop: analysis runs (chunk scores -> judged blacklist -> re-ingestion advice), the
 * review queue of decisions left to a person, re-ingestion recommendations, the append-only audit log,
 * statistics with their attention and alert signals, and the health report.
 */
import { z } from 'zod';
import { ErrorValueSchema } from './domain';

export const RunTriggerSchema = z.enum(['scheduled', 'manual', 'catch-up']);
export type RunTrigger = z.infer<typeof RunTriggerSchema>;
export const RunStatusSchema = z.enum(['running', 'completed', 'failed', 'cancelled', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatusSchema>;
export const RunStepSchema = z.enum(['scores', 'blacklist', 'reingest']);
export type RunStep = z.infer<typeof RunStepSchema>;

export const RunCountsSchema = z.object({
  /** Feedbacks read (current, not withdrawn). */
  feedbacks: z.number().int().nonnegative(),
  chunksScored: z.number().int().nonnegative(),
  candidates: z.number().int().nonnegative(),
  blacklisted: z.number().int().nonnegative(),
  kept: z.number().int().nonnegative(),
  sentToReview: z.number().int().nonnegative(),
  recommendations: z.number().int().nonnegative(),
  judgeCalls: z.number().int().nonnegative(),
  /** Judge outputs that failed their schema, time-outs and host crashes (each left its candidate for review). */
  judgeErrors: z.number().int().nonnegative(),
});
export type RunCounts = z.infer<typeof RunCountsSchema>;

export const AnalysisRunSchema = z.object({
  id: z.string(),
  trigger: RunTriggerSchema,
  status: RunStatusSchema,
  /** 0..100, saved as the run moves through its steps. */
  progress: z.number().min(0).max(100),
  step: RunStepSchema.nullable(),
  counts: RunCountsSchema,
  /** The model that judged, or null when none was available (decisions then wait for a person). */
  judgeModel: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** Milliseconds each finished step took. */
  stepMs: z.object({ scores: z.number().optional(), blacklist: z.number().optional(), reingest: z.number().optional() }),
  error: ErrorValueSchema.nullable(),
});
export type AnalysisRun = z.infer<typeof AnalysisRunSchema>;

export const AuditActionSchema = z.enum([
  'blacklist',
  'whitelist',
  'restore',
  'keep',
  'review-accepted',
  'review-rejected',
  'recommend-reingest',
  'reingested',
  'dismissed',
]);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const JudgeVerdictSchema = z.enum(['blacklist', 'keep', 'reingest']);
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  action: AuditActionSchema,
  chunkId: z.string().nullable(),
  documentId: z.string().nullable(),
  reason: z.string(),
  /** Smoothed satisfaction (0..1) and votes of the chunk when the decision was made. */
  score: z.number().nullable(),
  votes: z.number().int().nullable(),
  judgeVerdict: JudgeVerdictSchema.nullable(),
  /** What the judge wrote, as it wrote it. */
  judgeRaw: z.string().nullable(),
  /** "user", or the id of the analysis run that decided. */
  actor: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const ReviewKindSchema = z.enum(['blacklist', 'reingest']);
export const ReviewStatusSchema = z.enum(['pending', 'accepted', 'rejected']);
export const ReviewItemSchema = z.object({
  id: z.string(),
  kind: ReviewKindSchema,
  status: ReviewStatusSchema,
  chunkId: z.string().nullable(),
  documentId: z.string(),
  documentTitle: z.string(),
  page: z.number().int().nullable(),
  /** The chunk's text (blacklist) or the recommendation's reasons (reingest). */
  text: z.string(),
  score: z.number().nullable(),
  votes: z.number().int().nullable(),
  /** Why a person has to decide: no judge could be asked, or the judge failed (invalid output, time-out, crash: see judgeError). */
  why: z.enum(['no-judge', 'judge-error']),
  judgeVerdict: JudgeVerdictSchema.nullable(),
  judgeError: ErrorValueSchema.nullable(),
  /** For a re-ingestion: the recommendation it would open. */
  recommendationId: z.string().nullable(),
  /** Questions and comments the chunk drew (the evidence a person weighs). */
  evidence: z.array(z.object({ question: z.string(), comment: z.string().nullable(), rating: z.number().nullable(), thumbs: z.string().nullable() })),
  runId: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type ReviewItem = z.infer<typeof ReviewItemSchema>;

/** Settings a re-ingestion is advised to use (what `library.reingest` takes). */
export const SuggestedReingestSchema = z.object({
  ocr: z.enum(['auto', 'always', 'never']).optional(),
  chunkSize: z.number().int().optional(),
  chunkOverlap: z.number().int().optional(),
});
export type SuggestedReingest = z.infer<typeof SuggestedReingestSchema>;

export const RecommendationReasonSchema = z.object({
  code: z.enum(['blacklisted-share', 'low-score-share', 'low-ocr-confidence', 'validation-failed', 'judge-advice']),
  /** Figures behind the reason (share, pages, check names) for the UI to phrase. */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type RecommendationReason = z.infer<typeof RecommendationReasonSchema>;

export const RecommendationStatusSchema = z.enum(['pending-review', 'open', 'applied', 'dismissed', 'closed']);
export const RecommendationSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  status: RecommendationStatusSchema,
  reasons: z.array(RecommendationReasonSchema),
  suggested: SuggestedReingestSchema,
  judgeVerdict: JudgeVerdictSchema.nullable(),
  judgeReason: z.string().nullable(),
  runId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The re-ingestion job started from it. */
  jobId: z.string().nullable(),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

/** A chunk as the quality screens list it: its flags, score and where it is. */
export const ChunkQualitySchema = z.object({
  chunkId: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  page: z.number().int(),
  text: z.string(),
  blacklisted: z.boolean(),
  whitelisted: z.boolean(),
  /** Smoothed satisfaction 0..1 (0.5 is the neutral prior), null before any vote. */
  score: z.number().nullable(),
  votes: z.number().int().nonnegative(),
});
export type ChunkQuality = z.infer<typeof ChunkQualitySchema>;

export const ChunkFlagActionSchema = z.enum(['blacklist', 'whitelist', 'restore']);

export const AttentionSchema = z.object({
  active: z.boolean(),
  reasons: z.array(z.object({ code: z.enum(['low-average', 'many-corrections']), params: z.record(z.string(), z.union([z.string(), z.number()])) })),
});
export type Attention = z.infer<typeof AttentionSchema>;

export const AlertSchema = z.object({
  code: z.enum(['low-rating', 'low-ingest-success', 'last-run-failed']),
  severity: z.enum(['warning', 'critical']),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type Alert = z.infer<typeof AlertSchema>;

export const QualityStatsSchema = z.object({
  days: z.number().int().positive(),
  since: z.string(),
  questions: z.number().int().nonnegative(),
  answersByMode: z.object({ generative: z.number().int().nonnegative(), extractive: z.number().int().nonnegative(), failed: z.number().int().nonnegative() }),
  feedbacks: z.number().int().nonnegative(),
  /** Average of the 1-5 ratings (thumbs up counted as 5, down as 1 when no rating was given); null without feedback. */
  averageRating: z.number().nullable(),
  ratingHistogram: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]),
  thumbsUp: z.number().int().nonnegative(),
  thumbsDown: z.number().int().nonnegative(),
  correctedShare: z.number().nullable(),
  responseMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
  answerChars: z.object({ mean: z.number().nullable() }),
  sourcesUsed: z.object({ mean: z.number().nullable() }),
  ingestion: z.object({ documents: z.number().int().nonnegative(), failed: z.number().int().nonnegative(), successRate: z.number().nullable() }),
  ocr: z.object({ documents: z.number().int().nonnegative(), pages: z.number().int().nonnegative(), lowConfidencePages: z.number().int().nonnegative(), successRate: z.number().nullable(), meanConfidence: z.number().nullable() }),
  runs: z.object({ completed: z.number().int().nonnegative(), failed: z.number().int().nonnegative(), other: z.number().int().nonnegative() }),
  blacklistedChunks: z.number().int().nonnegative(),
  pendingReview: z.number().int().nonnegative(),
  openRecommendations: z.number().int().nonnegative(),
  attention: AttentionSchema,
  alerts: z.array(AlertSchema),
});
export type QualityStats = z.infer<typeof QualityStatsSchema>;

export const ScheduleInfoSchema = z.object({
  enabled: z.boolean(),
  /** HH:MM, local time. */
  time: z.string(),
  nextRunAt: z.string().nullable(),
  lastRun: AnalysisRunSchema.nullable(),
  /** A run is going on now (this process or another). */
  running: AnalysisRunSchema.nullable(),
});
export type ScheduleInfo = z.infer<typeof ScheduleInfoSchema>;

export const HealthStateSchema = z.enum(['ok', 'degraded', 'failing']);
export type HealthState = z.infer<typeof HealthStateSchema>;
export const HealthComponentSchema = z.object({
  name: z.enum(['store', 'disk', 'chatModel', 'embeddingModel', 'ocrData', 'scheduler', 'lastRun', 'jobs']),
  state: HealthStateSchema,
  /** One line, in the user's language. */
  detail: z.string(),
  /** Figures behind the detail (free bytes, next run, pending jobs). */
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type HealthComponent = z.infer<typeof HealthComponentSchema>;
export const HealthReportSchema = z.object({
  state: HealthStateSchema,
  checkedAt: z.string(),
  components: z.array(HealthComponentSchema),
});
export type HealthReport = z.infer<typeof HealthReportSchema>;

export const AuditFilterSchema = z.object({
  since: z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be a date' }).optional(),
  action: AuditActionSchema.optional(),
  chunkId: z.string().max(200).optional(),
  documentId: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;
