/**
 * Backups, restores and maintenance as they cross the contract (core/backup, core/maintenance; the
 * Admin screen's Backups and Maintenance tabs; `phare backup`, `phare index`, `phare maintenance`).
 */
import { z } from 'zod';

/** A backup file's name in the backups folder (no path: the contract never names server paths for these). */
export const BackupNameSchema = z.string().regex(/^[\w.-]{1,200}\.tar\.gz$/, { message: 'must be a backup file name' });

export const BackupInfoSchema = z.object({
  name: z.string(),
  /** Where it is, on the machine that runs the core. */
  path: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  /** From its manifest; null when the file cannot be read (it is still listed, so it can be looked at). */
  createdAt: z.string().nullable(),
  trigger: z.enum(['manual', 'scheduled']).nullable(),
  appVersion: z.string().nullable(),
  schemaVersion: z.number().int().nullable(),
  documents: z.number().int().nullable(),
  chunks: z.number().int().nullable(),
  /** Why the manifest could not be read; null when it could (a full check is `backup.verify`). */
  problem: z.string().nullable(),
});
export type BackupInfo = z.infer<typeof BackupInfoSchema>;

export const BackupPhaseSchema = z.enum(['snapshot', 'checksums', 'archive', 'verify', 'unpack', 'done', 'failed']);
export type BackupPhase = z.infer<typeof BackupPhaseSchema>;

/** Progress of a backup being made, checked or restored: `done` of `total` in the phase's unit (files or bytes). */
export const BackupProgressSchema = z.object({
  operation: z.enum(['create', 'verify', 'restore']),
  phase: BackupPhaseSchema,
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  name: z.string().nullable(),
});
export type BackupProgress = z.infer<typeof BackupProgressSchema>;

export const BackupVerifyResultSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  /** Entries checked against their sha256. */
  entries: z.number().int().nonnegative(),
  /** The reason it was refused, in the user's language; null when ok. */
  problem: z.string().nullable(),
});
export type BackupVerifyResult = z.infer<typeof BackupVerifyResultSchema>;

export const BackupScheduleInfoSchema = z.object({
  enabled: z.boolean(),
  time: z.string(),
  keep: z.number().int(),
  folder: z.string(),
  nextBackupAt: z.string().nullable(),
});
export type BackupScheduleInfo = z.infer<typeof BackupScheduleInfoSchema>;

/** A restore or reset of the open library is applied when the app (or `phare serve`) starts again. */
export const PendingChangeResultSchema = z.object({ restartRequired: z.literal(true), documents: z.number().int().nullable() });
export type PendingChangeResult = z.infer<typeof PendingChangeResultSchema>;

export const DiskPartSchema = z.enum(['originals', 'tables', 'indices', 'models', 'backups', 'logs', 'other']);
export type DiskPart = z.infer<typeof DiskPartSchema>;

export const DiskUsageSchema = z.object({
  parts: z.array(z.object({ part: DiskPartSchema, bytes: z.number().nonnegative(), files: z.number().int().nonnegative() })),
  totalBytes: z.number().nonnegative(),
  /** Free space on the data folder's disk (null when it cannot be read). */
  freeBytes: z.number().nonnegative().nullable(),
});
export type DiskUsage = z.infer<typeof DiskUsageSchema>;

export const MaintenanceProgressSchema = z.object({
  task: z.enum(['rebuild']),
  /** The table being worked on. */
  step: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type MaintenanceProgress = z.infer<typeof MaintenanceProgressSchema>;

export const RebuildResultSchema = z.object({
  tables: z.number().int().nonnegative(),
  indices: z.number().int().nonnegative(),
  bytesBefore: z.number().nonnegative(),
  bytesAfter: z.number().nonnegative(),
  seconds: z.number().nonnegative(),
  /** Tables that could not be rebuilt, with why (the rest were). */
  failures: z.array(z.object({ table: z.string(), detail: z.string() })),
});
export type RebuildResult = z.infer<typeof RebuildResultSchema>;

export const CacheNameSchema = z.enum(['ocrLanguageData', 'unfinishedWork']);
export const ClearCachesResultSchema = z.object({
  cleared: z.array(z.object({ cache: CacheNameSchema, bytes: z.number().nonnegative() })),
});
export type ClearCachesResult = z.infer<typeof ClearCachesResultSchema>;
