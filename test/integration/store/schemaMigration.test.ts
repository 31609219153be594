/**
 * A library written by an older Phare opens in this one: the columns added since are filled in place,
 * its documents, pages and search survive, and the schema version is raised so it migrates once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Schema } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { openLibraryStore } from '../../../src-main/core/store/libraryStore';
import { ADDED_COLUMNS, SCHEMA_VERSION, TABLES, documentsSchema, metaSchema, pagesSchema } from '../../../src-main/core/store/schema';

/** The schema a table had in version 1: today's, minus the columns added since. */
function versionOneSchema(schema: Schema, table: keyof typeof ADDED_COLUMNS): Schema {
  const added = new Set(ADDED_COLUMNS[table].map((c) => c.name));
  return new Schema(schema.fields.filter((f) => !added.has(f.name)));
}

describe('opening a version-1 library', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-migrate-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds the new columns with their defaults and keeps every document and page', async () => {
    const db = await lancedb.connect(join(dataDir, 'library.lance'));
    const documents = await db.createEmptyTable(TABLES.documents, versionOneSchema(documentsSchema, 'documents'));
    await documents.add([
      {
        id: 'old-doc', collection: 'default', title: 'Ancien rapport', sourcePath: 'ancien.txt', storedPath: '', sha256: 'a'.repeat(64),
        mime: 'text/plain', sizeBytes: 12, pages: 1, chunks: 0, status: 'ready', error: null, ocrPages: 0, ocrMeanConfidence: null,
        language: 'fr', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', chunkerSettings: '', embedder: '',
      },
    ]);
    const pages = await db.createEmptyTable(TABLES.pages, versionOneSchema(pagesSchema, 'pages'));
    await pages.add([{ documentId: 'old-doc', page: 1, text: 'Texte ancien' }]);
    const meta = await db.createEmptyTable(TABLES.meta, metaSchema);
    await meta.add([{ key: 'schemaVersion', value: '1' }]);
    db.close();

    const store = await openLibraryStore(dataDir);
    try {
      const doc = await store.getDocument('old-doc');
      expect(doc).toMatchObject({ title: 'Ancien rapport', lowConfidencePages: [], ocrMode: 'auto', validation: null });
      // Why pages were read by OCR was not recorded then: absent, not an empty list.
      expect(doc?.ocrReasons).toBeUndefined();
      expect(await store.getPages('old-doc')).toEqual([{ page: 1, text: 'Texte ancien', ocr: false, confidence: null }]);
    } finally {
      await store.close();
    }

    const reopened = await lancedb.connect(join(dataDir, 'library.lance'));
    const rows = await (await reopened.openTable(TABLES.meta)).query().toArray();
    expect(rows.map((r) => ({ ...r }))).toEqual([{ key: 'schemaVersion', value: String(SCHEMA_VERSION) }]);
    reopened.close();
  });
});

describe('opening a version-2 library', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-migrate-v2-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds the columns of why pages were read by OCR, empty on its rows (not recorded), and keeps its OCR figures', async () => {
    const without = (schema: Schema, names: string[]) => new Schema(schema.fields.filter((f) => !names.includes(f.name)));
    const db = await lancedb.connect(join(dataDir, 'library.lance'));
    const documents = await db.createEmptyTable(TABLES.documents, without(documentsSchema, ['ocrReasons']));
    await documents.add([
      {
        id: 'scan', collection: 'default', title: 'Vieux scan', sourcePath: 'scan.pdf', storedPath: '', sha256: 'b'.repeat(64),
        mime: 'application/pdf', sizeBytes: 12, pages: 2, chunks: 0, status: 'ready', error: null, ocrPages: 2, ocrMeanConfidence: 71,
        language: 'fr', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', chunkerSettings: '', embedder: '',
        lowConfidencePages: '[2]', ocrMode: 'auto', validation: null,
      },
    ]);
    const pages = await db.createEmptyTable(TABLES.pages, without(pagesSchema, ['ocrReason']));
    await pages.add([{ documentId: 'scan', page: 1, text: 'Page lue', ocr: true, confidence: 80 }]);
    const meta = await db.createEmptyTable(TABLES.meta, metaSchema);
    await meta.add([{ key: 'schemaVersion', value: '2' }]);
    db.close();

    const store = await openLibraryStore(dataDir);
    try {
      const doc = await store.getDocument('scan');
      expect(doc).toMatchObject({ ocrPages: 2, ocrMeanConfidence: 71, lowConfidencePages: [2] });
      expect(doc?.ocrReasons).toBeUndefined();
      expect(await store.getPages('scan')).toEqual([{ page: 1, text: 'Page lue', ocr: true, confidence: 80 }]);
    } finally {
      await store.close();
    }
  });
});
