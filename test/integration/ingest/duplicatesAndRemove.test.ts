/** Duplicate content is reported, not ingested twice; removal hides a document at once and cleans up. */
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../helpers/paths';
import { createHashEmbedder } from '../retrieval/hashEmbedder';
import { openTestLibrary, type TestLibrary } from './library';

describe('duplicates and removal', () => {
  let lib: TestLibrary;

  beforeAll(async () => {
    lib = await openTestLibrary({ embedder: createHashEmbedder() });
  });

  afterAll(async () => {
    await lib?.close();
  });

  it('reports the same content as a duplicate, with the existing title, whatever its name', async () => {
    const original = corpusFile('office', 'docx', 'pythondocx_test.docx');
    const first = await lib.ingestPaths([original]);
    expect(first.results[0].status).toBe('ready');
    const copy = join(lib.dataDir, 'renamed copy.docx');
    copyFileSync(original, copy);
    const again = await lib.ingestPaths([original, copy]);
    for (const r of again.results) {
      expect(r.status).toBe('duplicate');
      expect(r.documentId).toBe(first.results[0].documentId);
      expect(r.error?.code).toBe('DUPLICATE');
      expect(r.error?.params?.title).toBe('python-docx was here!');
    }
    const { sha256 } = await lib.library.get(first.results[0].documentId!);
    expect((await lib.library.list()).filter((d) => d.sha256 === sha256)).toHaveLength(1);
  });

  it('ingests one of two identical files given in the same batch', async () => {
    const a = join(lib.dataDir, 'a.txt');
    const b = join(lib.dataDir, 'b.txt');
    const content = 'Doublon\n\nCe texte arrive deux fois dans le même lot, sous deux noms.\n';
    writeFileSync(a, content);
    writeFileSync(b, content);
    const done = await lib.ingestPaths([a, b]);
    expect(done.results.map((r) => r.status).sort()).toEqual(['duplicate', 'ready']);
    expect(done.results.find((r) => r.status === 'duplicate')?.error?.code).toBe('DUPLICATE');
  });

  it('removes a document, its chunks, vectors, pages and original, and hides it from search', async () => {
    const path = join(lib.dataDir, 'to-remove.md');
    writeFileSync(path, '# Éphémère\n\nLe xylophone pélagique ne survivra pas à ce test.\n');
    const done = await lib.ingestPaths([path]);
    const id = done.results[0].documentId!;
    const doc = await lib.library.get(id);
    expect(doc.embedder).toBe('hash-embedder-64');
    expect((await lib.retriever.search({ query: 'xylophone pélagique' }))[0].documentId).toBe(id);
    expect(existsSync(join(lib.dataDir, doc.storedPath))).toBe(true);

    expect(await lib.library.remove(id)).toEqual({ removed: true });
    expect((await lib.retriever.search({ query: 'xylophone pélagique' })).some((h) => h.documentId === id)).toBe(false);
    expect((await lib.retriever.search({ query: 'xylophone pélagique', mode: 'vector' })).some((h) => h.documentId === id)).toBe(false);
    await expect(lib.library.get(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(lib.library.text(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await lib.store.listChunks(id)).toEqual([]);
    expect(await lib.store.getPages(id)).toEqual([]);
    expect(existsSync(join(lib.dataDir, doc.storedPath))).toBe(false);
    expect(await lib.library.remove(id)).toEqual({ removed: false });
    expect(lib.eventsOf('library.changed').some((e) => e.documentIds.includes(id))).toBe(true);

    // The same content can come back after removal.
    const back = await lib.ingestPaths([path]);
    expect(back.results[0].status).toBe('ready');
  });
});
