/**
 * The first entry of every backup archive: what it holds (each file's size and sha256), which Phare
 * wrote it and from which library format, and the row count of every table. `verify` checks every
 * entry against it; `restore` also opens the restored tables and compares their row counts.
 */
import { z } from 'zod';

/** Bumped when the archive's layout changes; an older Phare refuses a newer format. */
export const BACKUP_FORMAT = 1;
export const MANIFEST_ENTRY = 'phare-backup.json';
/** Backups are named `phare-backup-YYYYMMDD-HHMMSS[-auto].tar.gz`; only `-auto` ones are pruned. */
export const BACKUP_FILE_PATTERN = /^phare-backup-(\d{8})-(\d{6})(?:-(\d+))?(-auto)?\.tar\.gz$/;

export const BackupEntrySchema = z.object({
  path: z.string().min(1).max(4096),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupEntry = z.infer<typeof BackupEntrySchema>;

export const BackupManifestSchema = z.object({
  app: z.literal('Phare'),
  format: z.number().int().positive(),
  appVersion: z.string(),
  /** The library's table layout (store/schema.ts SCHEMA_VERSION). */
  schemaVersion: z.number().int().positive(),
  createdAt: z.string(),
  trigger: z.enum(['manual', 'scheduled']),
  /** How the consistent point was taken (README, Backups). */
  consistency: z.string(),
  documents: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  tables: z.array(z.object({ name: z.string(), rows: z.number().int().nonnegative() })),
  entries: z.array(BackupEntrySchema),
  totalBytes: z.number().int().nonnegative(),
});
export type BackupManifest = z.infer<typeof BackupManifestSchema>;

/** A relative archive path that cannot leave the folder it is extracted into. */
export function isSafeEntryPath(path: string): boolean {
  if (path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
