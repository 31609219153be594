/**
 * Copies a folder by hard links where that is safe (files written once and never changed: the tables'
 * data and manifests, the content-addressed originals), by copy otherwise. A link costs no space and no
 * time, and keeps the file's content even when the app deletes its own name for it a moment later.
 * Files that vanish while the walk runs are skipped: they were not part of the version being kept.
 */
import { copyFile, link, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE } from '../fs/privateFiles';

export interface LinkTreeOptions {
  /** Relative path (with '/') -> whether it may be linked rather than copied. */
  immutable(relativePath: string): boolean;
  /** Relative path -> whether to leave it out. */
  skip?(relativePath: string): boolean;
}

export async function linkTree(source: string, target: string, options: LinkTreeOptions, prefix = ''): Promise<void> {
  let entries;
  try {
    entries = await readdir(source, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await mkdir(target, { recursive: true, mode: PRIVATE_DIR_MODE });
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (options.skip?.(relative)) continue;
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isDirectory()) {
      await linkTree(from, to, options, relative);
      continue;
    }
    if (!entry.isFile()) continue;
    try {
      if (options.immutable(relative)) await linkOrCopy(from, to);
      else await copyFile(from, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    // Another file system, or one without hard links: a copy is as good, only slower.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error;
    await copyFile(from, to);
  }
}
