/**
 * Validation after ingestion: every ready document carries the result of its checks (chunks, none
 * empty, vector dimension, findable by a phrase of its own), read back through `library.detail`; a
 * failed check flags the document without hiding it. Real corpus files, real LanceDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probePhrase, validateDocument } from '../../../src-main/core/ingest/validateDocument';
import { openLibraryStore } from '../../../src-main/core/store/libraryStore';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, type TestCore } from '../../helpers/testCore';

let t: TestCore;
const files = [corpusFile('pdf/pdfjs_tracemonkey.pdf'), corpusFile('office/docx/docx4j_sample-docx.docx'), corpusFile('qa/xquad_en/docs/xquad_en_d001_Warsaw.txt')];

beforeAll(async () => {
  t = await openTestCore();
  const results = await ingest(t.client, files);
  expect(results.map((r) => r.status), JSON.stringify(results.map((r) => r.error))).toEqual(['ready', 'ready', 'ready']);
});

afterAll(async () => {
  await t?.dispose();
});

describe('validation after ingestion', () => {
  it('passes every check on real documents and stores the result with them', async () => {
    for (const doc of await t.client.call('library.list', {})) {
      const detail = await t.client.call('library.detail', { id: doc.id });
      expect(detail.validation, doc.title).not.toBeNull();
      expect(detail.validation?.ok, `${doc.title}: ${JSON.stringify(detail.validation)}`).toBe(true);
      const checks = Object.fromEntries(detail.validation!.checks.map((c) => [c.name, c]));
      expect(checks['has-chunks'].detail).toBe(`${doc.chunks} chunks`);
      // No embedding model configured: full text only, which is not a failure.
      expect(checks['vector-dimension'].detail).toMatch(/full text only/);
      expect(checks.findable.detail).toMatch(/found$/);
    }
  });

  it('flags a document whose vectors do not match the model, without hiding it', async () => {
    const [doc] = await t.client.call('library.list', {});
    const store = await openLibraryStore(t.dataDir);
    try {
      const chunks = await store.listChunks(doc.id);
      const validation = await validateDocument(
        { documentId: doc.id, language: doc.language, chunks, vectors: { embedderId: 'missing-model.gguf:1', dimension: 384 } },
        store,
      );
      expect(validation.ok).toBe(false);
      expect(validation.checks.find((c) => c.name === 'vector-dimension')).toMatchObject({ ok: false, detail: `0/${chunks.length} vectors of dimension - (model: 384)` });
      const empty = await validateDocument({ documentId: doc.id, language: doc.language, chunks: [...chunks, { text: '  ' }], vectors: null }, store);
      expect(empty.checks.find((c) => c.name === 'no-empty-chunks')).toMatchObject({ ok: false, detail: '1 empty chunks' });
    } finally {
      await store.close();
    }
    // The document itself stays ready and searchable.
    expect((await t.client.call('library.get', { id: doc.id })).status).toBe('ready');
  });

  it('probes with the longest words of a middle chunk, in their order', () => {
    expect(probePhrase([{ text: '' }, { text: 'Le gardien du phare consigne chaque navire croisant au large de Brest.' }])).toBe(
      'gardien phare consigne chaque navire croisant large Brest',
    );
    expect(probePhrase([{ text: '12 34' }])).toBeNull();
  });
});
