/**
 * Uploaded files staged in `<dataDir>/inbox/staged/<uploadId>` by a transport that streams them (the
 * HTTP bridge's upload route), before `library.ingestUploads` names them by id: the bytes go to disk as
 * they arrive instead of crossing the contract as base64 inside one JSON body. An id is a random UUID,
 * used once (the job moves the file into its own inbox folder); files nobody claimed are removed after
 * a while.
 */
import { randomUUID } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir } from '../fs/privateFiles';

export const INBOX_FOLDER = 'inbox';
const STAGED_FOLDER = 'staged';
/** Staged files older than this were never claimed by a job (a call that failed, a closed tab). */
export const STAGED_UPLOAD_MAX_AGE_MS = 60 * 60_000;

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUploadId(value: string): boolean {
  return UPLOAD_ID.test(value);
}

function stagingFolder(dataDir: string): string {
  return join(dataDir, INBOX_FOLDER, STAGED_FOLDER);
}

/** Where a staged upload's bytes are; null for anything that is not an upload id (no path tricks). */
export function stagedUploadPath(dataDir: string, uploadId: string): string | null {
  return isUploadId(uploadId) ? join(stagingFolder(dataDir), uploadId) : null;
}

/** A new id and the owner-only path its bytes are to be written to. */
export async function newStagedUpload(dataDir: string): Promise<{ uploadId: string; path: string }> {
  await ensurePrivateDir(join(dataDir, INBOX_FOLDER));
  await ensurePrivateDir(stagingFolder(dataDir));
  const uploadId = randomUUID();
  return { uploadId, path: join(stagingFolder(dataDir), uploadId) };
}

/** Removes staged files older than `maxAgeMs` (at start, and whenever uploads arrive). */
export async function removeStaleStagedUploads(dataDir: string, maxAgeMs = STAGED_UPLOAD_MAX_AGE_MS, now = Date.now()): Promise<void> {
  const folder = stagingFolder(dataDir);
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > maxAgeMs) await rm(path, { force: true }).catch(() => undefined);
  }
}
