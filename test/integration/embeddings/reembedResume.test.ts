/**
 * The re-embed job survives a stop: stopped by a shutdown it resumes where it stopped when the library
 * opens again (documents already done are skipped); cancelled by the user it does not come back.
 * Real LanceDB library; the models are the deterministic hash embedder under two ids.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentRecord, EmbeddingJob } from '../../../src-shared/domain';
import { createEventBus } from '../../../src-main/core/eventBus';
import { createEmbeddingService } from '../../../src-main/core/embeddings/embeddingService';
import { withPrefixes } from '../../../src-main/core/embeddings/prefixedEmbedder';
import { openLibraryStore, type LibraryStore } from '../../../src-main/core/store/libraryStore';
import type { StoredChunk } from '../../../src-main/core/store/schema';
import { createHashEmbedder } from '../retrieval/hashEmbedder';

const oldModel = withPrefixes(createHashEmbedder({ id: 'old.gguf:1' }));
const newModel = withPrefixes(createHashEmbedder({ id: 'new.gguf:1' }));
let store: LibraryStore | null = null;

afterEach(async () => {
  await store?.close();
  store = null;
});

async function libraryWithDocuments(count: number): Promise<LibraryStore> {
  const s = await openLibraryStore(mkdtempSync(join(tmpdir(), 'phare-reembed-')));
  for (let d = 0; d < count; d++) {
    const id = `doc-${d}`;
    const texts = [`Document ${d} talks about lighthouses.`, `Document ${d} also talks about storms and ships.`];
    const chunks: StoredChunk[] = texts.map((text, ordinal) => ({
      id: randomUUID(), documentId: id, collection: 'default', ordinal, text, ftsText: text, pageStart: 1, pageEnd: 1, headingPath: [],
      charStart: 0, charEnd: text.length, tokenCount: 8, blacklisted: false, whitelisted: false, satisfaction: null,
    }));
    const now = new Date().toISOString();
    const doc: DocumentRecord = {
      id, collection: 'default', title: id, sourcePath: id, storedPath: '', sha256: id, mime: 'text/plain', sizeBytes: 1, pages: 1,
      chunks: 2, status: 'ready', error: null, ocrPages: 0, ocrMeanConfidence: null, lowConfidencePages: [], ocrMode: 'auto',
      validation: null, language: 'en', createdAt: now, updatedAt: now, chunkerSettings: '', embedder: oldModel.id,
    };
    const vectors = await oldModel.embedDocuments(texts);
    await s.commitDocument(doc, { pages: [{ page: 1, text: texts.join('\n') }], chunks, vectors: { embedderId: oldModel.id, dimension: 64, vectors } }, { isNew: true });
  }
  return s;
}

function service(s: LibraryStore) {
  const events = createEventBus();
  const seen: EmbeddingJob[] = [];
  events.on('embeddings.progress', (job) => seen.push(job));
  return { embeddings: createEmbeddingService({ store: s, getEmbedder: async () => newModel, events }), seen };
}

describe('re-embed job', () => {
  it('resumes after a shutdown in the middle, and finishes the documents left', async () => {
    store = await libraryWithDocuments(6);
    const first = service(store);
    expect((await first.embeddings.status()).staleDocuments).toBe(6);
    const started = await first.embeddings.reembed();
    expect(started.state).toBe('running');
    // Stop after the first document: the shutdown comes while the job is running.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (first.seen.some((j) => j.done >= 1)) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    await first.embeddings.dispose();
    const stopped = first.seen.at(-1)!;
    expect(stopped.state).toBe('cancelled');
    expect(stopped.done).toBeLessThan(6);
    const left = (await store.listDocuments({ status: 'ready' })).filter((d) => d.embedder !== newModel.id).length;
    expect(left).toBe(6 - stopped.done);

    // The next start finds the job in the library and carries on.
    const second = service(store);
    const resumed = await second.embeddings.resumeIfInterrupted();
    expect(resumed?.state).toBe('running');
    await second.embeddings.idle();
    const done = second.seen.at(-1)!;
    expect(done).toMatchObject({ state: 'done', total: left, done: left });
    expect((await second.embeddings.status()).staleDocuments).toBe(0);
    expect(await second.embeddings.resumeIfInterrupted()).toBeNull();
    await second.embeddings.dispose();
  });

  it('does not come back after the user cancels it', async () => {
    store = await libraryWithDocuments(3);
    const first = service(store);
    await first.embeddings.reembed();
    expect(first.embeddings.cancel()).toBe(true);
    await first.embeddings.idle();
    expect(['cancelled', 'done']).toContain(first.seen.at(-1)!.state);
    await first.embeddings.dispose();
    const second = service(store);
    expect(await second.embeddings.resumeIfInterrupted()).toBeNull();
    await second.embeddings.dispose();
  });
});
