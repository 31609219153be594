/** The library survives a restart, and a restart after a crash mid-ingestion leaves no half document. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventBus } from '../../../src-main/core/eventBus';
import { createIngestService } from '../../../src-main/core/ingest/ingestService';
import { createLibraryService } from '../../../src-main/core/ingest/libraryService';
import { createRetriever } from '../../../src-main/core/retrieval/retriever';
import { openLibraryStore } from '../../../src-main/core/store/libraryStore';
import { halfWrittenDocument, testSettings } from './library';

describe('a library across restarts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-restart-'));

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function open() {
    const store = await openLibraryStore(dataDir);
    const events = createEventBus();
    const ingest = createIngestService({ store, dataDir, events, getSettings: () => testSettings(), getEmbedder: async () => null });
    const library = createLibraryService({ store, dataDir, events });
    const retriever = createRetriever({ store, getEmbedder: async () => null });
    return { store, ingest, library, retriever };
  }

  it('keeps documents and search after closing and reopening', async () => {
    const file = join(dataDir, 'persist.txt');
    writeFileSync(file, 'Mémoire\n\nLe scaphandre ornithologique reste après le redémarrage.\n');
    const first = await open();
    const job = first.ingest.startJob([file]);
    const done = await first.ingest.waitForJob(job.jobId);
    const id = done.results[0].documentId!;
    await first.ingest.dispose();
    await first.store.close();

    const second = await open();
    expect((await second.library.get(id)).status).toBe('ready');
    expect((await second.retriever.search({ query: 'scaphandre ornithologique' }))[0].documentId).toBe(id);
    expect((await second.library.text(id)).pages[0].text).toContain('scaphandre');
    await second.store.close();
  });

  it('marks a document interrupted by a crash as failed and removes its partial content', async () => {
    const crashed = await open();
    const { doc, chunk } = halfWrittenDocument('interrupted', 'Le pangolin interrompu.');
    await crashed.store.putDocument(doc, { isNew: true });
    await crashed.store.commitDocument(doc, { pages: [{ page: 1, text: chunk.text }], chunks: [chunk], vectors: null });
    await crashed.store.close();

    const restarted = await open();
    expect(await restarted.retriever.search({ query: 'pangolin interrompu' })).toEqual([]);
    expect(await restarted.library.recoverInterrupted()).toEqual(['interrupted']);
    const after = await restarted.library.get('interrupted');
    expect(after.status).toBe('failed');
    expect(after.error?.code).toBe('INGEST_INTERRUPTED');
    expect(await restarted.store.listChunks('interrupted')).toEqual([]);
    expect(await restarted.store.getPages('interrupted')).toEqual([]);
    expect(await restarted.library.recoverInterrupted()).toEqual([]);
    await restarted.store.close();
  });

  it('refuses a library written by a newer Phare', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phare-newer-'));
    try {
      const store = await openLibraryStore(dir);
      await store.close();
      const lancedb = await import('@lancedb/lancedb');
      const db = await lancedb.connect(join(dir, 'library.lance'));
      const meta = await db.openTable('meta');
      await meta.update({ where: "key = 'schemaVersion'", values: { value: '999' } });
      db.close();
      await expect(openLibraryStore(dir)).rejects.toMatchObject({ code: 'LIBRARY_TOO_NEW' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
