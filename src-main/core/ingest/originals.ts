/**
 * Kept originals, content-addressed: `<dataDir>/originals/<sha[0..2]>/<sha256><ext>`. Citations open
 * these, and re-ingestion works after the user moved or deleted the file. The same content is kept
 * once, whatever its name. Writes go through a temporary file and a rename, so a crash never leaves
 * a truncated original under its final name.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { ensurePrivateDir, writePrivateFile } from '../fs/privateFiles';

export const ORIGINALS_FOLDER = 'originals';

/** Path relative to the data directory, with forward slashes (stored on the document). */
export function originalRelativePath(sha256: string, fileName: string): string {
  const ext = extname(fileName).toLowerCase().replace(/[^.a-z0-9]/g, '');
  return `${ORIGINALS_FOLDER}/${sha256.slice(0, 2)}/${sha256}${ext}`;
}

export async function keepOriginal(dataDir: string, relativePath: string, bytes: Uint8Array): Promise<void> {
  const target = join(dataDir, ...relativePath.split('/'));
  if (existsSync(target)) return;
  // Owner-only whatever the source file's mode: the copy must not be easier to read than the original.
  await ensurePrivateDir(join(dataDir, ORIGINALS_FOLDER));
  await ensurePrivateDir(dirname(target));
  const temp = `${target}.${randomUUID()}.tmp`;
  try {
    await writePrivateFile(temp, bytes);
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
}

export async function deleteOriginal(dataDir: string, relativePath: string): Promise<void> {
  if (!relativePath.startsWith(`${ORIGINALS_FOLDER}/`) || relativePath.includes('..')) return;
  await rm(join(dataDir, ...relativePath.split('/')), { force: true });
}
