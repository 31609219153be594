/**
 * Conversations, their messages and the trace stored with every answer (how it was made: the query
 * actually searched, what retrieval ranked, what was sent to the model, with which settings, and how it
 * ended). The feedback and quality work reads traces, so they say everything an answer depended on.
 */
import { z } from 'zod';
import { AnswerSchema, AnswerTimingsSchema, CitationCheckSchema, GpuChoiceSchema } from './domain';

/**
 * What a conversation answers from: 'library' searches the documents and cites them; 'model' talks to
 * the chat model alone (no document is searched or sent), and says so wherever it is shown.
 */
export const ConversationModeSchema = z.enum(['library', 'model']);
export type ConversationMode = z.infer<typeof ConversationModeSchema>;

/** The longest instructions a conversation or a collection may add to the system prompt. */
export const MAX_INSTRUCTIONS_CHARS = 4000;
export const InstructionsSchema = z.string().trim().max(MAX_INSTRUCTIONS_CHARS);

/** A conversation's own answer settings; null (or absent) in a field: the app's settings apply. */
export const ConversationSettingsSchema = z.object({
  /** Added to the system prompt of every answer of the conversation (after the collection's own). */
  instructions: InstructionsSchema.nullable(),
  temperature: z.number().min(0).max(2).nullable(),
  /** Passages retrieved for each question. */
  topK: z.number().int().min(1).max(50).nullable(),
});
export type ConversationSettings = z.infer<typeof ConversationSettingsSchema>;

export const ConversationSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  /** Questions of a scoped conversation search only this collection; null: the whole library. */
  collection: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Questions asked so far (answers regenerated do not count twice). */
  questionCount: z.number().int().nonnegative(),
  /** Set when removed (kept a day so the removal can be undone). */
  deletedAt: z.string().nullable(),
  /** With a text search: where the text was found (the title or a message), to show under the title. */
  match: z.string().nullable(),
  mode: ConversationModeSchema,
}).extend(ConversationSettingsSchema.shape);
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

export const ConversationMessageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  role: z.enum(['user', 'assistant']),
  /** The question, or the answer's text. */
  content: z.string(),
  createdAt: z.string(),
  /** For an answer: the question message it answers. */
  replyTo: z.string().nullable(),
  /** The full answer (sources, timings, citation check); null for questions and failed answers. */
  answer: AnswerSchema.nullable(),
  /** For an answer that failed: the error's code and message. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ConversationMessage = z.infer<typeof ConversationMessageSchema>;

export const ConversationSchema = ConversationSummarySchema.extend({
  /** The conversation as shown: questions and their current answers (a regenerated answer replaces the old one). */
  messages: z.array(ConversationMessageSchema),
});
export type Conversation = z.infer<typeof ConversationSchema>;

export const ConversationExportFormatSchema = z.enum(['markdown', 'json']);
export type ConversationExportFormat = z.infer<typeof ConversationExportFormatSchema>;
export const ConversationExportSchema = z.object({ fileName: z.string(), mime: z.string(), content: z.string() });
export type ConversationExport = z.infer<typeof ConversationExportSchema>;

/** Why the follow-up rewrite was or was not used ('first-question': nothing to rewrite against). */
/** 'model-only': a conversation with the model alone searches nothing, so nothing is rewritten. */
export const RewriteOutcomeSchema = z.enum(['first-question', 'rewritten', 'no-model', 'empty', 'too-long', 'unchanged', 'error', 'cancelled', 'model-only']);
export type RewriteOutcome = z.infer<typeof RewriteOutcomeSchema>;

export const AnswerTraceSchema = z.object({
  messageId: z.string(),
  conversationId: z.string(),
  requestId: z.string(),
  createdAt: z.string(),
  question: z.string(),
  /** The standalone query retrieval used (the question itself when there was nothing to rewrite or the rewrite was unusable). */
  searchQuery: z.string(),
  rewrite: z.object({
    outcome: RewriteOutcomeSchema,
    /** What the model wrote, even when it was not used. */
    modelOutput: z.string().nullable(),
    ms: z.number(),
    /** Turns (question + answer) given to the rewrite. */
    historyTurns: z.number().int().nonnegative(),
  }),
  collection: z.string().nullable(),
  /** 'model': the model answered alone, nothing was searched. Absent in traces stored before it was recorded. */
  conversationMode: ConversationModeSchema.optional(),
  /** The instructions added to the system prompt (the collection's, then the conversation's); null: none. */
  instructions: z.string().nullable().optional(),
  retrieval: z.object({
    /** 'none' when the library had nothing ready. */
    mode: z.enum(['hybrid', 'fulltext', 'vector', 'none']),
    topK: z.number().int(),
    /** The fused results, best first. */
    hits: z.array(z.object({ rank: z.number().int().positive(), chunkId: z.string(), documentId: z.string(), page: z.number().int(), score: z.number() })),
    /** Each list fused (full text per stemmer language, vectors), with the chunk ids it ranked, best first, and their scores. */
    lists: z.array(
      z.object({
        source: z.string(),
        weight: z.number(),
        chunkIds: z.array(z.string()),
        /** Each id's own score in the list: BM25 for full text, cosine distance for vectors (lower is closer). Absent in traces stored before it was recorded. */
        scores: z.array(z.number()).optional(),
      }),
    ),
    /**
     * Share of the question's content words found in the best of the first passages (0..1): how well the
     * library covers the question, whatever the library's size (BM25 and cosine scores are not comparable
     * across libraries). Absent in traces stored before it was recorded.
     */
    bestCoverage: z.number().min(0).max(1).optional(),
  }),
  /** The sources sent to the model (after packing), each with the chunks merged into it. */
  packing: z.object({
    budgetTokens: z.number().int(),
    /** Tokens the answer was allowed: maxTokens, or less when that was the only way to fit the best source. */
    answerTokens: z.number().int(),
    sent: z.array(z.object({ n: z.number().int().positive(), documentId: z.string(), chunkIds: z.array(z.string()), tokens: z.number().int().nonnegative() })),
    /** Retrieved chunks left out because they did not fit. */
    skippedChunkIds: z.array(z.string()),
  }),
  model: z
    .object({
      file: z.string(),
      remote: z.boolean(),
      contextSize: z.number().int(),
      temperature: z.number(),
      maxTokens: z.number().int(),
      threads: z.number().int(),
      gpu: GpuChoiceSchema,
      gpuLayers: z.union([z.literal('auto'), z.number().int()]),
      batchSize: z.number().int(),
    })
    .nullable(),
  promptTokens: z.number().int().nonnegative().nullable(),
  /** The answer's language (system prompt used). */
  language: z.enum(['en', 'fr']),
  mode: z.enum(['generative', 'extractive']).nullable(),
  outcome: z.enum(['complete', 'cancelled', 'no-sources', 'error']),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  timings: AnswerTimingsSchema.extend({ rewriteMs: z.number() }).nullable(),
  citationCheck: CitationCheckSchema.nullable(),
  /** For a regenerated answer: the answer message it replaced (still readable with chat.trace). */
  regeneratedFrom: z.string().nullable(),
});
export type AnswerTrace = z.infer<typeof AnswerTraceSchema>;
