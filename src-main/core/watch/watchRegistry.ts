/**
 * Watched folders, kept in `<dataDir>/watched-folders.json` (written through a temporary file and a
 * rename, so a kill never leaves half a file).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../fs/privateFiles';
import { WatchedFolderSchema, type WatchedFolder } from '../../../src-shared/libraryManagement';

const FILE_NAME = 'watched-folders.json';
const RegistrySchema = z.object({ folders: z.array(WatchedFolderSchema) });

export interface WatchRegistry {
  list(): WatchedFolder[];
  get(folder: string): WatchedFolder | undefined;
  /** Adds or replaces the entry of `entry.folder`. */
  put(entry: WatchedFolder): Promise<void>;
  remove(folder: string): Promise<boolean>;
}

export function openWatchRegistry(dataDir: string): WatchRegistry {
  const path = join(dataDir, FILE_NAME);
  let folders: WatchedFolder[] = [];
  if (existsSync(path)) {
    try {
      folders = RegistrySchema.parse(JSON.parse(readFileSync(path, 'utf8'))).folders;
    } catch (error) {
      console.warn(`[watch] unreadable ${FILE_NAME}, no folder watched:`, error instanceof Error ? error.message : error);
    }
  }
  let writing = Promise.resolve();
  const save = () => {
    const snapshot = JSON.stringify({ folders }, null, 2);
    writing = writing.then(async () => {
      const temp = `${path}.${randomUUID()}.tmp`;
      await writePrivateFile(temp, snapshot);
      await rename(temp, path);
    });
    return writing;
  };
  return {
    list: () => folders.map((f) => ({ ...f })),
    get: (folder) => folders.find((f) => f.folder === folder),
    put(entry) {
      folders = [...folders.filter((f) => f.folder !== entry.folder), entry];
      return save();
    },
    async remove(folder) {
      const before = folders.length;
      folders = folders.filter((f) => f.folder !== folder);
      if (folders.length === before) return false;
      await save();
      return true;
    },
  };
}
