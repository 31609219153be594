/**
 * What a watched folder needs for the library to match it: files to add, documents whose file
 * changed (by sha256: a touched file with the same bytes is not re-ingested), documents whose file is
 * gone. Documents belong to a folder by their source path. A file whose size and modification time
 * have not moved since the last look is not read again, so a rescan of a large quiet folder only
 * costs a directory walk.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { relative, isAbsolute } from 'node:path';
import type { DocumentRecord } from '../../../src-shared/domain';
import { expandPaths } from '../ingest/expandPaths';

export interface FolderSyncPlan {
  added: string[];
  changed: { path: string; documentId: string }[];
  /** Ids of documents whose file is no longer in the folder. */
  removed: string[];
}

/** Size and modification time of each file when last looked at, by path. */
export type FileStamps = Map<string, string>;

/** `signal` stops the walk and the reads (an AbortError is thrown: no partial plan is ever returned). */
export async function planFolderSync(folder: string, documents: DocumentRecord[], stamps: FileStamps, signal?: AbortSignal): Promise<FolderSyncPlan> {
  const files = await expandPaths([folder], { signal });
  const onDisk = new Set(files);
  const bySource = new Map<string, DocumentRecord>();
  for (const doc of documents) {
    if (!isInside(folder, doc.sourcePath)) continue;
    const known = bySource.get(doc.sourcePath);
    if (!known || known.updatedAt < doc.updatedAt) bySource.set(doc.sourcePath, doc);
  }
  const plan: FolderSyncPlan = { added: [], changed: [], removed: [] };
  for (const path of files) {
    signal?.throwIfAborted();
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) continue;
    const stamp = `${info.size}:${info.mtimeMs}`;
    if (stamps.get(path) === stamp) continue;
    stamps.set(path, stamp);
    const doc = bySource.get(path);
    if (!doc) plan.added.push(path);
    else if (doc.status === 'ready' || doc.status === 'failed') {
      const sha = await sha256Of(path).catch(() => null);
      if (sha !== null && sha !== doc.sha256) plan.changed.push({ path, documentId: doc.id });
    }
  }
  for (const [path, doc] of bySource) {
    if (onDisk.has(path) || doc.status === 'processing' || doc.status === 'queued') continue;
    plan.removed.push(doc.id);
    stamps.delete(path);
  }
  for (const path of stamps.keys()) if (isInside(folder, path) && !onDisk.has(path)) stamps.delete(path);
  return plan;
}

export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
