/**
 * What the document viewer needs to open a citation: the kept original's bytes (PDF pages are
 * rendered in the renderer) and the cited chunk with its page span and offsets (for the highlight).
 * Blacklisted chunks are returned too: an old answer may cite one, and the user may want to see why.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChunkRecord, OriginalFile } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import { formatBytes } from '../ingest/limits';
import { ORIGINALS_FOLDER } from '../ingest/originals';
import type { LibraryStore } from '../store/libraryStore';

/** Base64 grows a file by a third and crosses IPC or HTTP in one message: past this, the text view is the way. */
export const MAX_ORIGINAL_BYTES = 64 * 1024 * 1024;

export interface CitedContentService {
  original(documentId: string): Promise<OriginalFile>;
  chunk(chunkId: string): Promise<ChunkRecord>;
}

export function createCitedContentService(deps: { store: LibraryStore; dataDir: string; maxOriginalBytes?: number }): CitedContentService {
  const limit = deps.maxOriginalBytes ?? MAX_ORIGINAL_BYTES;
  return {
    async original(documentId) {
      const doc = await deps.store.getDocument(documentId);
      if (!doc) throw new PhareError('NOT_FOUND', { what: `document ${documentId}` });
      // storedPath is written by ingestion, but it is read from disk: never follow one out of originals/.
      if (!doc.storedPath.startsWith(`${ORIGINALS_FOLDER}/`) || doc.storedPath.split('/').includes('..')) {
        throw new PhareError('ORIGINAL_MISSING', { title: doc.title });
      }
      const path = join(deps.dataDir, ...doc.storedPath.split('/'));
      const size = await stat(path).then(
        (s) => s.size,
        () => null,
      );
      if (size === null) throw new PhareError('ORIGINAL_MISSING', { title: doc.title });
      if (size > limit) throw new PhareError('ORIGINAL_TOO_LARGE', { title: doc.title, size: formatBytes(size), limit: formatBytes(limit) });
      const bytes = await readFile(path);
      const fileName = doc.sourcePath.split(/[\\/]/).pop() || doc.title;
      return { fileName, mime: doc.mime, dataBase64: bytes.toString('base64') };
    },

    async chunk(chunkId) {
      const [chunk] = await deps.store.getChunks([chunkId], { includeBlacklisted: true });
      if (!chunk) throw new PhareError('NOT_FOUND', { what: `chunk ${chunkId}` });
      const { collection: _collection, ...record } = chunk;
      return record;
    },
  };
}
