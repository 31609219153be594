/**
 * A library keeps its tables' old versions for a short while only (store/maintenance.ts,
 * VERSION_RETENTION_MS): each commit is a version, a file ingested makes several, and a fold, a
 * compaction and a read all cost more with every version kept. With 10 minutes kept, a long ingestion
 * slowed down file after file (docs/benchmarks.md, Growth). The test waits for real (LanceDB dates
 * versions and computes the cut-off with its own clock): the retention, at most a minute.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibraryStore, type LibraryStore } from '../../../src-main/core/store/libraryStore';
import { VERSION_RETENTION_MS } from '../../../src-main/core/store/maintenance';
import { TABLES } from '../../../src-main/core/store/schema';
import { halfWrittenDocument } from '../ingest/library';
import { makeTempDir } from '../../helpers/tempDirs';

const DB_FOLDER = 'library.lance';

function manifests(dataDir: string, table: string): number {
  return readdirSync(join(dataDir, DB_FOLDER, `${table}.lance`, '_versions')).filter((f) => f.endsWith('.manifest')).length;
}

async function commitDocuments(store: LibraryStore, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const { doc, chunk } = halfWrittenDocument(`doc${i}`, `Note ${i} : le phare numéro ${i} éclaire la côte ${i % 7}.`);
    await store.putDocument(doc, { isNew: true });
    await store.commitDocument({ ...doc, status: 'ready' }, { pages: [{ page: 1, text: chunk.text }], chunks: [chunk], vectors: null }, { isNew: true });
  }
}

describe('version retention', () => {
  it('removes versions older than a minute at the next fold and maintenance pass, and the library reads the same', async () => {
    const dataDir = makeTempDir('phare-retention-');
    // No fold of its own while documents are written: only the ones this test asks for.
    const store = await openLibraryStore(dataDir, { commitsPerFold: 1_000 });
    try {
      await commitDocuments(store, 0, 30);
      await store.optimize();
      await store.maintenanceIdle();
      const before = { documents: manifests(dataDir, TABLES.documents), chunks: manifests(dataDir, TABLES.chunks) };
      // Every document added two versions to the documents table and one to the chunks table.
      expect(before.documents).toBeGreaterThan(30);
      expect(before.chunks).toBeGreaterThan(30);

      // A retention past a minute fails here rather than make this test wait for it.
      await new Promise((resolve) => setTimeout(resolve, Math.min(VERSION_RETENTION_MS, 60_000) + 1_000));
      await commitDocuments(store, 30, 2);
      await store.optimize();
      await store.maintenanceIdle();
      const after = { documents: manifests(dataDir, TABLES.documents), chunks: manifests(dataDir, TABLES.chunks) };
      // What is left: the versions of the last two documents, the fold's and the pass's own.
      expect(after.documents).toBeLessThan(10);
      expect(after.chunks).toBeLessThan(10);

      expect((await store.listDocuments()).filter((d) => d.status === 'ready')).toHaveLength(32);
      const hits = await store.searchFullText('phare numéro 17', 'fr', 3, {});
      expect(hits[0]?.documentId).toBe('doc17');
    } finally {
      await store.close();
    }
  }, 120_000);
});
