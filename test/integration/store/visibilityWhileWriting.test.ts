/**
 * What searches may see while documents are written, on real LanceDB:
 * - the visible-documents cache follows this store's own row writes without reading the table again,
 *   and reads it again after any other change (another connection's commit, a write it does not know);
 * - searches running during an ingestion never return a chunk of a document that is not ready, and see
 *   a document as soon as its commit returns, and never again once its removal returns;
 * - the store folds new chunks into the indices on its own every `commitsPerFold` documents.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { describe, expect, it } from 'vitest';
import { openLibraryStore, type LibraryStore } from '../../../src-main/core/store/libraryStore';
import { createVisibleDocuments } from '../../../src-main/core/store/visibleDocuments';
import { arrowRows } from '../../../src-main/core/store/arrowRows';
import { halfWrittenDocument } from '../ingest/library';

const row = (id: string, status: string, title = id) => ({ id, status, title, collection: 'default' });

describe('the visible-documents cache', () => {
  it('applies its own writes without a scan, and scans again after a change it did not make', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phare-visible-'));
    const db = await lancedb.connect(dir, { readConsistencyInterval: 0 });
    const table = await db.createTable('documents', [row('a', 'ready'), row('b', 'processing')]);
    const other = await (await lancedb.connect(dir, { readConsistencyInterval: 0 })).openTable('documents');
    const visible = createVisibleDocuments(table, async () => arrowRows(await table.query().toArrow()));
    try {
      let v = await visible.read();
      expect([...v.ready.keys()]).toEqual(['a']);
      expect(v.hidden).toEqual(['b']);
      expect(visible.scans).toBe(1);
      await visible.read();
      expect(visible.scans).toBe(1);

      // A new document being written: hidden at once, no scan.
      const before = v;
      await visible.write([{ kind: 'put', ...row('c', 'processing') }], () => table.add([row('c', 'processing')]).then(() => 1));
      v = await visible.read();
      expect(v.hidden.sort()).toEqual(['b', 'c']);
      expect(visible.scans).toBe(1);
      // A value already handed out is never changed under its reader.
      expect(before.hidden).toEqual(['b']);

      // Ready, then removed: each seen at once.
      await visible.write([{ kind: 'put', ...row('c', 'ready', 'Cé') }], () => table.update({ where: "id = 'c'", values: { status: 'ready', title: 'Cé' } }).then(() => 1));
      v = await visible.read();
      expect(v.ready.get('c')?.title).toBe('Cé');
      expect(v.hidden).toEqual(['b']);
      await visible.write([{ kind: 'delete', id: 'a' }], () => table.delete("id = 'a'").then(() => 1));
      v = await visible.read();
      expect([...v.ready.keys()]).toEqual(['c']);
      // A failed document is neither ready nor hidden (it has no content left).
      await visible.write([{ kind: 'put', ...row('b', 'failed') }], () => table.update({ where: "id = 'b'", values: { status: 'failed' } }).then(() => 1));
      expect(await visible.read()).toEqual({ ready: new Map([['c', { id: 'c', title: 'Cé', collection: 'default' }]]), hidden: [] });
      expect(visible.scans).toBe(1);

      // Another process's commit: read from the table again.
      await other.add([row('d', 'ready')]);
      v = await visible.read();
      expect([...v.ready.keys()].sort()).toEqual(['c', 'd']);
      expect(visible.scans).toBe(2);

      // Another process commits while this one writes: the change is not applied blindly, the table is read.
      await visible.write([{ kind: 'put', ...row('e', 'processing') }], async () => {
        await table.add([row('e', 'processing')]);
        await other.update({ where: "id = 'd'", values: { status: 'processing' } });
        return 1;
      });
      v = await visible.read();
      expect(visible.scans).toBe(3);
      expect([...v.ready.keys()]).toEqual(['c']);
      expect(v.hidden.sort()).toEqual(['d', 'e']);
    } finally {
      table.close();
      other.close();
      db.close();
    }
  });
});

function article(id: string, paragraphs: number) {
  const { doc, chunk } = halfWrittenDocument(id, 'x');
  const chunks = Array.from({ length: paragraphs }, (_, i) => {
    const text = `Le gardien du phare ${id} note la marée numéro ${i} sur la côte rocheuse de la baie.`;
    return { ...chunk, id: `${id}-c${i}`, ordinal: i, text, ftsText: text };
  });
  const vectors = chunks.map((_, i) => Float32Array.from([1, (i % 7) / 7, 0.5, 0.25]));
  return { doc, chunks, vectors };
}

async function unindexedRows(store: LibraryStore): Promise<number> {
  const db = await lancedb.connect(store.dbPath);
  try {
    const table = await db.openTable('chunks');
    const name = (await table.listIndices()).find((i) => i.columns.includes('ftsFr'))?.name ?? '';
    return (await table.indexStats(name))?.numUnindexedRows ?? -1;
  } finally {
    db.close();
  }
}

describe('searches while documents are written', () => {
  it('never see a document before it is ready, see it once its commit returns, and never after its removal', { timeout: 120_000 }, async () => {
    const store = await openLibraryStore(mkdtempSync(join(tmpdir(), 'phare-visible-ingest-')), { commitsPerFold: 4 });
    try {
      const ready = new Set<string>();
      const removed = new Set<string>();
      const removing = new Set<string>();
      let writing = true;
      const violations: string[] = [];
      let searches = 0;
      const searcher = async () => {
        while (writing) {
          // What was ready before the search started must be found; what was removed before must not.
          const readyBefore = new Set(ready);
          const removedBefore = new Set(removed);
          const removingBefore = new Set(removing);
          const visibility = await store.visibility();
          const scope = { excludeDocumentIds: visibility.hidden };
          const [text, vectors] = await Promise.all([
            store.searchFullText('gardien phare marée', 'fr', 200, scope),
            store.searchVectors('visible', Float32Array.from([1, 0.5, 0.5, 0.25]), 200, scope),
          ]);
          for (const id of readyBefore) if (!removingBefore.has(id) && !visibility.ready.has(id)) violations.push(`${id} ready but not visible`);
          for (const id of removedBefore) if (visibility.ready.has(id)) violations.push(`${id} visible after its removal`);
          // The retriever keeps only hits of ready documents; a hit of a document being written must
          // not be counted as ready at that moment.
          for (const hit of [...text, ...vectors]) {
            if (!visibility.ready.has(hit.documentId)) continue;
            const chunks = await store.listChunks(hit.documentId);
            if (chunks.length !== 6 && !removing.has(hit.documentId)) violations.push(`${hit.documentId} visible with ${chunks.length} chunks`);
          }
          searches++;
        }
      };
      const searchers = [searcher(), searcher()].map((s) => s.catch((error: unknown) => void violations.push(`search failed: ${String(error)}`)));
      try {
        await writeAll();
      } finally {
        writing = false;
        await Promise.all(searchers);
      }
      expect(violations).toEqual([]);
      expect(searches).toBeGreaterThan(0);
      const visible = await store.visibility();
      expect([...visible.ready.keys()].sort()).toEqual([...ready].filter((id) => !removed.has(id)).sort());
      expect(visible.hidden).toEqual([]);

      async function writeAll() {
        for (let i = 0; i < 14; i++) {
          const { doc, chunks, vectors } = article(`doc-${String(i).padStart(2, '0')}`, 6);
          await store.putDocument(doc, { isNew: true });
          await store.commitDocument({ ...doc, status: 'ready', chunks: chunks.length }, { pages: [{ page: 1, text: 'x' }], chunks, vectors: { embedderId: 'visible', dimension: 4, vectors } });
          ready.add(doc.id);
          // Seen at once by a read that starts now.
          expect((await store.visibility()).ready.has(doc.id)).toBe(true);
          if (i % 5 === 4) {
            const gone = `doc-${String(i - 2).padStart(2, '0')}`;
            removing.add(gone);
            await store.removeDocument(gone);
            removed.add(gone);
            expect((await store.visibility()).ready.has(gone)).toBe(false);
            expect((await store.searchFullText(`phare ${gone}`, 'fr', 200, {})).some((h) => h.documentId === gone)).toBe(false);
          }
        }
      }
    } finally {
      await store.close();
    }
  });

  it('are folded into the indices by the store every `commitsPerFold` documents', { timeout: 120_000 }, async () => {
    const store = await openLibraryStore(mkdtempSync(join(tmpdir(), 'phare-fold-')), { commitsPerFold: 3 });
    try {
      const write = async (i: number) => {
        const { doc, chunks, vectors } = article(`doc-${i}`, 5);
        await store.putDocument(doc, { isNew: true });
        await store.commitDocument({ ...doc, status: 'ready', chunks: chunks.length }, { pages: [{ page: 1, text: 'x' }], chunks, vectors: { embedderId: 'fold', dimension: 4, vectors } });
      };
      await write(0);
      await write(1);
      expect(await unindexedRows(store)).toBe(10);
      await write(2);
      // The fold is queued behind the third commit: it has run once the queue is idle.
      await store.setMeta('probe', '1');
      await store.maintenanceIdle();
      expect(await unindexedRows(store)).toBe(0);
      expect((await store.searchFullText('gardien doc-2', 'fr', 50, {})).filter((h) => h.documentId === 'doc-2')).toHaveLength(5);
    } finally {
      await store.close();
    }
  });
});
