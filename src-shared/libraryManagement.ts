/**
 * Shapes of library management that cross process boundaries: ingestion jobs as a list (with
 * pause/resume), collections, and watched folders. Kept apart from domain.ts because they describe
 * the management of the library, not its content.
 */
import { z } from 'zod';

export const JobStateSchema = z.enum(['running', 'paused', 'done', 'cancelled']);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobKindSchema = z.enum(['paths', 'upload', 'reingest', 'watch']);

/** One ingestion job as the job panel shows it. `jobs.changed` carries it whenever it moves. */
export const JobSummarySchema = z.object({
  jobId: z.string(),
  kind: JobKindSchema,
  collection: z.string(),
  state: JobStateSchema,
  createdAt: z.string(),
  total: z.number().int().nonnegative(),
  /** Files finished (ready, failed, duplicate or cancelled). */
  finished: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** Files being processed right now. */
  active: z.number().int().nonnegative(),
  /** 0..1 over the whole job. */
  progress: z.number().min(0).max(1),
  /** Whether the job was picked up again after the app stopped in its middle. */
  resumed: z.boolean(),
  /** Estimated seconds left while it runs (pauses excluded); null when too early to tell, paused or over. */
  secondsLeft: z.number().nonnegative().nullable().optional(),
});
export type JobSummary = z.infer<typeof JobSummarySchema>;

export const CollectionNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => ![...s].some((ch) => ch.charCodeAt(0) < 32), 'no control characters');

/** The collection files go to when none is chosen. Stored under this name; the UI shows it translated. */
export const DEFAULT_COLLECTION = 'default';

export const CollectionInfoSchema = z.object({
  name: z.string(),
  documents: z.number().int().nonnegative(),
  /** Added to the system prompt of the conversations scoped to this collection; null: none. */
  instructions: z.string().nullable().optional(),
});
export type CollectionInfo = z.infer<typeof CollectionInfoSchema>;

export const WatchedFolderSchema = z.object({
  folder: z.string(),
  collection: z.string(),
  addedAt: z.string(),
  /** When the folder was last compared with the library (null before the first scan). */
  lastScanAt: z.string().nullable(),
  /** Why the last scan could not read the folder (missing, unreadable), or null. */
  error: z.string().nullable(),
});
export type WatchedFolder = z.infer<typeof WatchedFolderSchema>;
