/**
 * `<data>/server.json`: where the running `phare serve` of a data folder listens, so CLI commands that
 * talk to it (`phare link`) find it without being told. Written 0600 at start, removed at stop; a file
 * left by a killed server names a dead process and is ignored.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeOwnerOnlyFile } from '../core/auth/apiToken';
import { isProcessAlive } from '../core/processAlive';

export const SERVER_RECORD_FILE = 'server.json';

const ServerRecordSchema = z.object({
  pid: z.number().int(),
  /** The address users open (the machine's name in LAN mode). */
  url: z.string(),
  /** The address a command on this machine connects to. */
  localUrl: z.string(),
  /** TLS: the certificate file, which a local command pins instead of trusting any certificate. */
  tlsCertFile: z.string().nullable(),
});
export type ServerRecord = z.infer<typeof ServerRecordSchema>;

export function writeServerRecord(dataDir: string, record: ServerRecord): void {
  writeOwnerOnlyFile(join(dataDir, SERVER_RECORD_FILE), JSON.stringify(record, null, 2) + '\n');
}

/** The record of a server that is still running, or null. */
export function readServerRecord(dataDir: string): ServerRecord | null {
  const path = join(dataDir, SERVER_RECORD_FILE);
  if (!existsSync(path)) return null;
  try {
    const parsed = ServerRecordSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success && isProcessAlive(parsed.data.pid) ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Removes the record if it is this process's (a second server may have replaced it). */
export function removeServerRecord(dataDir: string): void {
  const path = join(dataDir, SERVER_RECORD_FILE);
  try {
    const parsed = ServerRecordSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success && parsed.data.pid === process.pid) rmSync(path, { force: true });
  } catch {
    // Already gone or unreadable: nothing of ours to remove.
  }
}
