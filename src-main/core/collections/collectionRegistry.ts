/**
 * Names of collections the user created, kept in `<dataDir>/collections.json` so an empty collection
 * survives a restart (a collection with documents exists through its documents anyway), and the
 * instructions a collection adds to the system prompt of its conversations. Written through a
 * temporary file and a rename: a kill never leaves half a file.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../fs/privateFiles';

const FILE_NAME = 'collections.json';
// `instructions` came later: a file written before it has none.
const RegistrySchema = z.object({ names: z.array(z.string()), instructions: z.record(z.string(), z.string()).optional() });

export interface CollectionRegistry {
  names(): string[];
  save(names: string[]): Promise<void>;
  /** The instructions of a collection, or null. */
  instructions(name: string): string | null;
  /** Sets (or, with null or an empty text, clears) a collection's instructions. */
  setInstructions(name: string, text: string | null): Promise<void>;
}

export function openCollectionRegistry(dataDir: string): CollectionRegistry {
  const path = join(dataDir, FILE_NAME);
  let names: string[] = [];
  let instructions: Record<string, string> = {};
  if (existsSync(path)) {
    try {
      const parsed = RegistrySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
      names = parsed.names;
      instructions = parsed.instructions ?? {};
    } catch (error) {
      // Only empty collections (and instructions) are lost: the others come back from their documents.
      console.warn(`[collections] unreadable ${FILE_NAME}, starting empty:`, error instanceof Error ? error.message : error);
    }
  }
  let writing = Promise.resolve();
  const write = () => {
    const snapshot = JSON.stringify({ names, instructions }, null, 2);
    writing = writing.then(async () => {
      const temp = `${path}.${randomUUID()}.tmp`;
      await writePrivateFile(temp, snapshot);
      await rename(temp, path);
    });
    return writing;
  };
  return {
    names: () => [...names],
    save(next) {
      names = [...new Set(next)];
      return write();
    },
    instructions: (name) => (Object.prototype.hasOwnProperty.call(instructions, name) ? instructions[name] : null),
    setInstructions(name, text) {
      const next = { ...instructions };
      if (text && text.trim()) next[name] = text.trim();
      else delete next[name];
      instructions = next;
      return write();
    },
  };
}
