/**
 * Scale: past a row count, background maintenance builds an approximate vector index on a model's
 * table; below it, search stays brute force. Searches keep answering while the index builds, and
 * the same nearest chunk is found before and after. Real LanceDB; vectors from the hash embedder.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../src-shared/domain';
import { openLibraryStore, type LibraryStore } from '../../../src-main/core/store/libraryStore';
import { vectorTableName, type StoredChunk } from '../../../src-main/core/store/schema';
import * as lancedb from '@lancedb/lancedb';
import { createHashEmbedder } from './hashEmbedder';

const embedder = createHashEmbedder({ id: 'hash.gguf:1', dimension: 64 });
let store: LibraryStore | null = null;

afterEach(async () => {
  await store?.close();
  store = null;
});

const WORDS = 'harbour lighthouse keeper storm winter fisherman net quay boat tide wave rock cliff gull sail anchor rope mast deck cabin'.split(' ');

function sentence(i: number): string {
  // Deterministic, varied word mixes: each row's text (and vector) differs.
  return Array.from({ length: 8 }, (_, k) => WORDS[(i * 7 + k * (i % 13 + 1)) % WORDS.length]).join(' ') + ` record ${i}`;
}

async function fill(s: LibraryStore, documents: number, chunksPerDocument: number): Promise<string[]> {
  const texts: string[] = [];
  for (let d = 0; d < documents; d++) {
    const id = `doc-${d}`;
    const now = new Date().toISOString();
    const chunks: StoredChunk[] = Array.from({ length: chunksPerDocument }, (_, o) => {
      const text = sentence(d * chunksPerDocument + o);
      texts.push(text);
      return {
        id: randomUUID(), documentId: id, collection: 'default', ordinal: o, text, ftsText: text, pageStart: 1, pageEnd: 1, headingPath: [],
        charStart: 0, charEnd: text.length, tokenCount: 10, blacklisted: false, whitelisted: false, satisfaction: null,
      };
    });
    const doc: DocumentRecord = {
      id, collection: 'default', title: id, sourcePath: id, storedPath: '', sha256: id, mime: 'text/plain', sizeBytes: 1, pages: 1,
      chunks: chunks.length, status: 'ready', error: null, ocrPages: 0, ocrMeanConfidence: null, lowConfidencePages: [], ocrMode: 'auto',
      validation: null, language: 'en', createdAt: now, updatedAt: now, chunkerSettings: '', embedder: embedder.id,
    };
    const vectors = await embedder.embedDocuments(chunks.map((c) => c.text));
    await s.commitDocument(doc, { pages: [{ page: 1, text: '' }], chunks, vectors: { embedderId: embedder.id, dimension: 64, vectors } }, { isNew: true });
  }
  return texts;
}

async function vectorIndices(dataDir: string): Promise<string[]> {
  const db = await lancedb.connect(join(dataDir, 'library.lance'));
  const table = await db.openTable(vectorTableName(embedder.id));
  const names = (await table.listIndices()).filter((i) => i.columns.includes('vector')).map((i) => i.indexType);
  table.close();
  db.close();
  return names;
}

describe('approximate vector index', () => {
  it('is not built below the threshold', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'phare-ann-'));
    store = await openLibraryStore(dataDir, { annIndexMinRows: 10_000 });
    await fill(store, 4, 100);
    await store.optimize();
    await store.maintenanceIdle();
    expect(await vectorIndices(dataDir)).toEqual([]);
  });

  it('is built in the background past the threshold while searches keep answering', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'phare-ann-'));
    store = await openLibraryStore(dataDir, { annIndexMinRows: 3_000 });
    const texts = await fill(store, 10, 400);
    const probe = texts[1234];
    const query = await embedder.embedQuery(probe);
    const before = await store.searchVectors(embedder.id, query, 5, {});
    expect(before[0]?.distance).toBeCloseTo(0, 5);

    await store.optimize(); // returns at once: the work runs in the background
    let built = false;
    const idle = store.maintenanceIdle().then(() => (built = true));
    let answeredDuringBuild = 0;
    while (!built) {
      const hits = await store.searchVectors(embedder.id, query, 5, {});
      expect(hits.length).toBe(5);
      if (!built) answeredDuringBuild++;
    }
    await idle;
    expect(answeredDuringBuild).toBeGreaterThan(0);
    expect(await vectorIndices(dataDir)).toEqual(['IvfPq']);

    const after = await store.searchVectors(embedder.id, query, 5, {});
    expect(after[0]?.chunkId).toBe(before[0]?.chunkId);
    // Full-text search is untouched by the vector index.
    const full = await store.searchFullText('lighthouse keeper', 'en', 5, {});
    expect(full.length).toBe(5);
  });
});
