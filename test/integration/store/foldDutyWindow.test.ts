/**
 * A maintenance pass leaves the chunks to the next fold while the last fold is recent (libraryStore.ts,
 * foldChunksIfChanged): within FOLD_DUTY_FACTOR times that fold's duration, even with documents
 * written since. Each fold asks for a pass, and the pass folded the chunks a second time with what
 * had been written meanwhile: folds took a third of a long ingestion instead of a quarter
 * (docs/benchmarks.md, Growth). The store's clock is moved by an hour either way, so the test does not
 * depend on how long a fold takes here.
 */
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { expect, it } from 'vitest';
import { openLibraryStore, type LibraryStore } from '../../../src-main/core/store/libraryStore';
import { TABLES } from '../../../src-main/core/store/schema';
import { halfWrittenDocument } from '../ingest/library';
import { makeTempDir } from '../../helpers/tempDirs';

const HOUR_MS = 3_600_000;

async function commitDocuments(store: LibraryStore, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const { doc, chunk } = halfWrittenDocument(`doc${i}`, `Note ${i} : le phare numéro ${i} éclaire la côte ${i % 7}.`);
    await store.putDocument(doc, { isNew: true });
    await store.commitDocument({ ...doc, status: 'ready' }, { pages: [{ page: 1, text: chunk.text }], chunks: [chunk], vectors: null }, { isNew: true });
  }
}

/** Chunk rows outside the full-text indices, read on a connection of the test's own. */
async function unindexedChunks(dataDir: string): Promise<number> {
  const db = await lancedb.connect(join(dataDir, 'library.lance'));
  const chunks = await db.openTable(TABLES.chunks);
  try {
    let unindexed = 0;
    for (const index of await chunks.listIndices()) {
      if (index.indexType !== 'FTS') continue;
      unindexed += (await chunks.indexStats(index.name))?.numUnindexedRows ?? 0;
    }
    return unindexed;
  } finally {
    chunks.close();
    db.close();
  }
}

it('a maintenance pass within the last fold’s duty window does not fold the chunks again; one after it does', async () => {
  const dataDir = makeTempDir('phare-fold-duty-');
  let offset = 0;
  // No fold of its own while documents are written: only the ones this test asks for.
  const store = await openLibraryStore(dataDir, { commitsPerFold: 1_000, now: () => performance.now() + offset });
  try {
    await commitDocuments(store, 0, 3);
    await store.optimize();
    await store.maintenanceIdle();
    expect(await unindexedChunks(dataDir)).toBe(0);

    // Right after that fold (the clock an hour back: inside its window however long it took).
    offset = -HOUR_MS;
    await commitDocuments(store, 3, 2);
    expect(await unindexedChunks(dataDir)).toBeGreaterThan(0);
    await store.maintain();
    expect(await unindexedChunks(dataDir)).toBeGreaterThan(0);

    // Long after it: the pass folds what was written.
    offset = HOUR_MS;
    await store.maintain();
    expect(await unindexedChunks(dataDir)).toBe(0);
    const hits = await store.searchFullText('phare numéro 4', 'fr', 3, {});
    expect(hits[0]?.documentId).toBe('doc4');
  } finally {
    await store.close();
  }
}, 120_000);
