/**
 * Names of collections the user created, kept in `<dataDir>/collections.json` so an empty collection
 * survives a restart (a collection with documents exists through its documents anyway). Written
 * through a temporary file and a rename: a kill never leaves half a file.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../fs/privateFiles';

const FILE_NAME = 'collections.json';
const RegistrySchema = z.object({ names: z.array(z.string()) });

export interface CollectionRegistry {
  names(): string[];
  save(names: string[]): Promise<void>;
}

export function openCollectionRegistry(dataDir: string): CollectionRegistry {
  const path = join(dataDir, FILE_NAME);
  let names: string[] = [];
  if (existsSync(path)) {
    try {
      names = RegistrySchema.parse(JSON.parse(readFileSync(path, 'utf8'))).names;
    } catch (error) {
      // Only empty collections are lost: the others come back from their documents.
      console.warn(`[collections] unreadable ${FILE_NAME}, starting empty:`, error instanceof Error ? error.message : error);
    }
  }
  let writing = Promise.resolve();
  return {
    names: () => [...names],
    save(next) {
      names = [...new Set(next)];
      const snapshot = JSON.stringify({ names }, null, 2);
      writing = writing.then(async () => {
        const temp = `${path}.${randomUUID()}.tmp`;
        await writePrivateFile(temp, snapshot);
        await rename(temp, path);
      });
      return writing;
    },
  };
}
