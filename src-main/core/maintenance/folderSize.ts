/** Bytes of the files under a folder (0 when it is missing). */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function folderSize(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderSize(path);
    else if (entry.isFile()) total += (await lstat(path).catch(() => null))?.size ?? 0;
  }
  return total;
}
