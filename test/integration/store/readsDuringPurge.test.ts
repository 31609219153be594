/**
 * Reads running while a removal is purged from disk keep answering. The purge drops every older
 * version of a table with the files only they used (purgeDeleted.ts), so a read that began on such a
 * version lost its files mid-stream ("lance error: Not found: …/data/….lance", seen in a CI run where
 * a watched folder's change removed one document while the next ones were listed). Such a read is
 * started again on the latest version.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibraryStore } from '../../../src-main/core/store/libraryStore';
import { halfWrittenDocument } from '../ingest/library';

describe('reads during a purge', () => {
  it('never fail, and see each document either whole or gone', { timeout: 120_000 }, async () => {
    const store = await openLibraryStore(mkdtempSync(join(tmpdir(), 'phare-purge-reads-')));
    try {
      const ids = Array.from({ length: 60 }, (_, i) => `doc-${String(i).padStart(2, '0')}`);
      for (const id of ids) {
        const text = `Le phare numéro ${id} éclaire la baie rocheuse.`;
        const { doc, chunk } = halfWrittenDocument(id, text);
        await store.putDocument(doc, { isNew: true });
        await store.commitDocument({ ...doc, status: 'ready' }, {
          pages: [{ page: 1, text }],
          chunks: [{ ...chunk, text, ftsText: text }],
          vectors: { embedderId: 'purge', dimension: 4, vectors: [Float32Array.from([0.6, 0.8, 0, 0])] },
        });
      }
      let stop = false;
      const failures: string[] = [];
      let reads = 0;
      const reader = async () => {
        while (!stop) {
          try {
            const listed = await store.listDocuments();
            for (const doc of listed) expect(doc.status).toBe('ready');
            await store.listChunks(listed[listed.length - 1]?.id ?? 'none');
            reads++;
          } catch (error) {
            failures.push(error instanceof Error ? error.message : String(error));
          }
        }
      };
      const readers = [reader(), reader(), reader(), reader()];
      const removed = ids.filter((_, i) => i % 2 === 0);
      for (const id of removed) {
        await store.removeDocument(id);
        await store.purgeRemoved();
      }
      stop = true;
      await Promise.all(readers);
      expect(failures).toEqual([]);
      expect(reads).toBeGreaterThan(removed.length);
      expect((await store.listDocuments()).map((d) => d.id).sort()).toEqual(ids.filter((id) => !removed.includes(id)).sort());
    } finally {
      await store.close();
    }
  });
});
