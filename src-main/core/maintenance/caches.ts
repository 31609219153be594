/**
 * `maintenance.clearCaches`: what Phare keeps only to go faster, or left behind by work that stopped,
 * and can always make again:
 * - the OCR language folder (a copy of the tesseract models, outside the data folder, made again at
 *   the next OCR; ocr/ocrPool.ts puts it in the system's temporary folder). Left alone while an
 *   ingestion runs, whose OCR workers may be reading it;
 * - unfinished work in the data folder: staging folders of backups that a crash interrupted.
 * Not caches, so never cleared here: the vectors (the embedding "cache" is the vectors table itself,
 * reused by content hash; clearing it would mean embedding every document again), the kept originals
 * (citations and re-ingestion need them), logs (rotated on their own) and backups.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { ClearCachesResult } from '../../../src-shared/administration';
import { BACKUP_STAGING_PREFIX } from '../backup/libraryParts';
import { folderSize } from './folderSize';

/** Staging folders untouched this long are leftovers of a crash. */
const LEFTOVER_AGE_MS = 60 * 60_000;

/** ocr/ocrPool.ts's default cache folder; its `tessdata` holds the language models. */
export function ocrLanguageFolder(): string {
  return join(os.tmpdir(), 'phare-ocr', 'tessdata');
}

export async function clearCaches(deps: { dataDir: string; ingesting: boolean; backupRunning: boolean }): Promise<ClearCachesResult> {
  const cleared: ClearCachesResult['cleared'] = [];
  if (!deps.ingesting) {
    const folder = ocrLanguageFolder();
    const bytes = await folderSize(folder);
    await rm(folder, { recursive: true, force: true });
    cleared.push({ cache: 'ocrLanguageData', bytes });
  }
  let unfinished = 0;
  if (!deps.backupRunning) {
    for (const name of await readdir(deps.dataDir)) {
      if (!name.startsWith(BACKUP_STAGING_PREFIX)) continue;
      // Another process (a `phare backup create`) may be filling a recent one.
      const modified = (await stat(join(deps.dataDir, name)).catch(() => null))?.mtimeMs ?? 0;
      if (Date.now() - modified < LEFTOVER_AGE_MS) continue;
      unfinished += await folderSize(join(deps.dataDir, name));
      await rm(join(deps.dataDir, name), { recursive: true, force: true });
    }
  }
  cleared.push({ cache: 'unfinishedWork', bytes: unfinished });
  return { cleared };
}
