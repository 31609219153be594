/**
 * Feedback on answers: what an analyst says of an answer (thumbs, a 1-5 rating, a comment, a corrected
 * answer, "this source is wrong for this question" marks) and the snapshot of the answer it was given
 * on. The snapshot holds everything the quality loop needs (question, answer, the chunks behind each
 * source, which were cited and at which rank), so the loop never depends on the conversation being kept.
 */
import { z } from 'zod';

/** Limits of what a person types: long enough for a real correction, short enough to refuse a pasted file. */
export const FEEDBACK_COMMENT_MAX_CHARS = 5_000;
export const FEEDBACK_CORRECTION_MAX_CHARS = 20_000;

export const ThumbsSchema = z.enum(['up', 'down']);
export type Thumbs = z.infer<typeof ThumbsSchema>;

export const RatingSchema = z.number().int().min(1).max(5);

/**
 * The whole feedback on one answer, as the person leaves it. Sending it again replaces it (the earlier
 * version stays in the history). A thumbs or a rating is required: the loop needs a direction.
 */
export const FeedbackInputSchema = z.object({
  messageId: z.string().min(1).max(200),
  thumbs: ThumbsSchema.nullable().optional(),
  rating: RatingSchema.nullable().optional(),
  comment: z.string().max(FEEDBACK_COMMENT_MAX_CHARS).nullable().optional(),
  correction: z.string().max(FEEDBACK_CORRECTION_MAX_CHARS).nullable().optional(),
  /** Numbers of the answer's sources ([n]) marked as wrong for this question. */
  wrongSources: z.array(z.number().int().positive().max(100)).max(100).optional(),
});
export type FeedbackInput = z.infer<typeof FeedbackInputSchema>;

/** One source of the answer as the loop sees it: the chunks behind it, whether the answer cited it, its rank. */
export const FeedbackSourceSchema = z.object({
  n: z.number().int().positive(),
  documentId: z.string(),
  title: z.string(),
  page: z.number().int().positive(),
  /** The chunks merged into this source (packing merges neighbours). */
  chunkIds: z.array(z.string()),
  /** Whether the answer's text cites [n] (an extractive answer shows, so cites, every source it lists). */
  cited: z.boolean(),
  /** Best retrieval rank among its chunks (1 = first). */
  rank: z.number().int().positive(),
  snippet: z.string(),
});
export type FeedbackSource = z.infer<typeof FeedbackSourceSchema>;

export const AnswerSnapshotSchema = z.object({
  question: z.string(),
  /** The query retrieval used (a follow-up is rewritten into a standalone one). */
  searchQuery: z.string(),
  answer: z.string(),
  mode: z.enum(['generative', 'extractive']),
  /** The chat model file (or "remote:<label>"), null for an extractive answer. */
  model: z.string().nullable(),
  collection: z.string().nullable(),
  language: z.enum(['en', 'fr']),
  /** The settings the answer was made with. */
  settings: z.object({
    topK: z.number().int(),
    temperature: z.number().nullable(),
    maxTokens: z.number().int().nullable(),
    contextSize: z.number().int().nullable(),
  }),
  sources: z.array(FeedbackSourceSchema),
  /** Chunks retrieval ranked but packing left out (the loop gives them no credit or blame). */
  retrievedChunkIds: z.array(z.string()),
  answeredAt: z.string(),
  totalMs: z.number().nullable(),
});
export type AnswerSnapshot = z.infer<typeof AnswerSnapshotSchema>;

export const FeedbackSchema = z.object({
  /** One feedback per answer: its id stays the same across edits. */
  id: z.string(),
  messageId: z.string(),
  conversationId: z.string(),
  /** 1 for the first version, +1 at each edit or withdrawal. */
  version: z.number().int().positive(),
  thumbs: ThumbsSchema.nullable(),
  rating: RatingSchema.nullable(),
  comment: z.string().nullable(),
  correction: z.string().nullable(),
  wrongSources: z.array(z.number().int().positive()),
  /** Withdrawn feedback counts for nothing; its history is kept. */
  withdrawn: z.boolean(),
  /** Low rating, thumbs down, a correction or a wrong-source mark: worth a person's look. */
  needsAttention: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  snapshot: AnswerSnapshotSchema,
});
export type Feedback = z.infer<typeof FeedbackSchema>;

/** A feedback as the list shows it (no snapshot beyond what a row needs). */
export const FeedbackSummarySchema = FeedbackSchema.omit({ snapshot: true }).extend({
  question: z.string(),
  answerPreview: z.string(),
  mode: z.enum(['generative', 'extractive']),
  model: z.string().nullable(),
  collection: z.string().nullable(),
  sourceCount: z.number().int().nonnegative(),
});
export type FeedbackSummary = z.infer<typeof FeedbackSummarySchema>;

/** One stored version of a feedback (what it said, when). */
export const FeedbackVersionSchema = FeedbackSchema.omit({ snapshot: true });
export type FeedbackVersion = z.infer<typeof FeedbackVersionSchema>;

const IsoDate = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be a date (YYYY-MM-DD or ISO 8601)' });

export const FeedbackFilterSchema = z.object({
  since: IsoDate.optional(),
  until: IsoDate.optional(),
  minRating: RatingSchema.optional(),
  maxRating: RatingSchema.optional(),
  thumbs: ThumbsSchema.optional(),
  collection: z.string().max(200).optional(),
  hasComment: z.boolean().optional(),
  hasCorrection: z.boolean().optional(),
  needsAttention: z.boolean().optional(),
  includeWithdrawn: z.boolean().optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});
export type FeedbackFilter = z.infer<typeof FeedbackFilterSchema>;

export const FeedbackExportFormatSchema = z.enum(['jsonl', 'csv']);
export type FeedbackExportFormat = z.infer<typeof FeedbackExportFormatSchema>;

/** A line of the training/evaluation export: what a fine-tuning or an evaluation set needs. */
export const TrainingRecordSchema = z.object({
  question: z.string(),
  contexts: z.array(z.object({ documentId: z.string(), title: z.string(), page: z.number().int(), text: z.string(), wrong: z.boolean() })),
  answer: z.string(),
  correctedAnswer: z.string().nullable(),
  rating: z.number().nullable(),
  thumbs: ThumbsSchema.nullable(),
  comment: z.string().nullable(),
  model: z.string().nullable(),
  language: z.enum(['en', 'fr']),
  createdAt: z.string(),
});
export type TrainingRecord = z.infer<typeof TrainingRecordSchema>;

export const FeedbackExportSchema = z.object({ fileName: z.string(), mime: z.string(), content: z.string(), count: z.number().int().nonnegative() });
export type FeedbackExport = z.infer<typeof FeedbackExportSchema>;
