/**
 * Table names and Arrow schemas of a library, and the conversions between LanceDB rows and the
 * domain records. Schemas are explicit (never inferred from the first row) so an empty table, a null
 * error or a document without vectors all get the same column types.
 *
 * Layout, and why:
 * - `documents`: one row per document (DocumentRecord; `error` kept as JSON text).
 * - `chunks`: one row per chunk, with the chunk text and two full-text columns holding the same
 *   "title + heading path + text" (`ftsFr` indexed with the French stemmer, `ftsEn` with the English one).
 *   LanceDB gives one index one language; keeping both lets a French question use French stemming and an
 *   English question English stemming in one library (see retrieval/). `collection` is copied onto chunks
 *   so a collection filter is a plain prefilter instead of a list of document ids.
 * - `pages`: the extracted text of each page, for `library.text` and citations.
 * - `vectors_<hash of the embedder id>`: one table per embedding model. The chunks table does not depend
 *   on the model: changing the model leaves full-text search working and old vectors untouched until the
 *   documents are embedded again, and two models never mix vectors of different dimensions.
 * - `meta`: key/value, holds the schema version for later migrations.
 */
import { createHash } from 'node:crypto';
import { Bool, Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import type { ChunkRecord, DocumentRecord, DocumentStatus, PageText } from '../../../src-shared/domain';

export const SCHEMA_VERSION = 3;

/**
 * Columns added since version 1, with the SQL value existing rows get. Opening an older library adds
 * them in place (LanceDB `addColumns`), so a library is never lost to an upgrade. Version 2 added the
 * OCR confidence, mode and validation columns; version 3 why pages were read by OCR (`ocrReasons`,
 * `ocrReason`: null on older rows, where it was not recorded).
 */
export const ADDED_COLUMNS: Record<string, Array<{ name: string; valueSql: string }>> = {
  documents: [
    { name: 'lowConfidencePages', valueSql: "'[]'" },
    { name: 'ocrMode', valueSql: "'auto'" },
    { name: 'validation', valueSql: 'CAST(NULL AS STRING)' },
    { name: 'ocrReasons', valueSql: 'CAST(NULL AS STRING)' },
  ],
  pages: [
    { name: 'ocr', valueSql: 'false' },
    { name: 'confidence', valueSql: 'CAST(NULL AS DOUBLE)' },
    { name: 'ocrReason', valueSql: 'CAST(NULL AS STRING)' },
  ],
};

export const TABLES = {
  documents: 'documents',
  chunks: 'chunks',
  pages: 'pages',
  meta: 'meta',
} as const;

export const VECTOR_TABLE_PREFIX = 'vectors_';

/** Columns added to vector tables since they were first written (vector tables are made per model, on demand). */
export const ADDED_VECTOR_COLUMNS: Array<{ name: string; valueSql: string }> = [{ name: 'contentHash', valueSql: 'CAST(NULL AS STRING)' }];

/** The table holding the vectors of one embedding model. */
export function vectorTableName(embedderId: string): string {
  return VECTOR_TABLE_PREFIX + createHash('sha256').update(embedderId).digest('hex').slice(0, 16);
}

const str = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
const int = (name: string) => new Field(name, new Int32(), false);

export const documentsSchema = new Schema([
  str('id'),
  str('collection'),
  str('title'),
  str('sourcePath'),
  str('storedPath'),
  str('sha256'),
  str('mime'),
  // Float64, not Int64: Arrow gives BigInt for Int64 and a file size fits a double exactly.
  new Field('sizeBytes', new Float64(), false),
  int('pages'),
  int('chunks'),
  str('status'),
  str('error', true),
  int('ocrPages'),
  new Field('ocrMeanConfidence', new Float64(), true),
  str('language'),
  str('createdAt'),
  str('updatedAt'),
  str('chunkerSettings'),
  str('embedder'),
  /** JSON array of page numbers. */
  str('lowConfidencePages'),
  str('ocrMode'),
  /** DocumentValidation as JSON, null until checked. */
  str('validation', true),
  /** JSON array of {reason, pages}: which pages were read by OCR and why; null where not recorded. */
  str('ocrReasons', true),
]);

export const chunksSchema = new Schema([
  str('id'),
  str('documentId'),
  str('collection'),
  int('ordinal'),
  str('text'),
  str('ftsFr'),
  str('ftsEn'),
  int('pageStart'),
  int('pageEnd'),
  /** JSON array of strings: simpler to filter and update than an Arrow list. */
  str('headingPath'),
  int('charStart'),
  int('charEnd'),
  int('tokenCount'),
  new Field('blacklisted', new Bool(), false),
  new Field('whitelisted', new Bool(), false),
  new Field('satisfaction', new Float64(), true),
]);

export const pagesSchema = new Schema([
  str('documentId'),
  int('page'),
  str('text'),
  new Field('ocr', new Bool(), false),
  new Field('confidence', new Float64(), true),
  /** Why the page was read by OCR (OcrReason), null for a text-layer page. */
  str('ocrReason', true),
]);

export const metaSchema = new Schema([str('key'), str('value')]);

export function vectorsSchema(dimension: number): Schema {
  return new Schema([
    str('chunkId'),
    str('documentId'),
    str('collection'),
    /**
     * sha256 of the exact text given to the model (prefix included): the embedding cache. A chunk whose
     * text is already in this model's table (re-ingestion, the same passage in two documents, a re-embed
     * back to an earlier model) reuses that vector instead of running the model again.
     */
    str('contentHash', true),
    new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
  ]);
}

/** Full-text columns and the exact LanceDB language names (anything else aborts the process). */
export const FTS_COLUMNS = {
  fr: { column: 'ftsFr', language: 'French' },
  en: { column: 'ftsEn', language: 'English' },
} as const;
export type FtsLang = keyof typeof FTS_COLUMNS;

/** A chunk as stored: the domain record plus the columns only search needs. */
export interface StoredChunk extends ChunkRecord {
  collection: string;
  /** Text given to the full-text index: title and heading path prefixed to the chunk text. */
  ftsText: string;
}

export type Row = Record<string, unknown>;

export function documentToRow(doc: DocumentRecord): Row {
  return {
    ...doc,
    error: doc.error ? JSON.stringify(doc.error) : null,
    lowConfidencePages: JSON.stringify(doc.lowConfidencePages),
    validation: doc.validation ? JSON.stringify(doc.validation) : null,
    ocrReasons: doc.ocrReasons ? JSON.stringify(doc.ocrReasons) : null,
  };
}

export function rowToDocument(row: Row): DocumentRecord {
  return {
    id: String(row.id),
    collection: String(row.collection),
    title: String(row.title),
    sourcePath: String(row.sourcePath),
    storedPath: String(row.storedPath),
    sha256: String(row.sha256),
    mime: String(row.mime),
    sizeBytes: Number(row.sizeBytes),
    pages: Number(row.pages),
    chunks: Number(row.chunks),
    status: String(row.status) as DocumentStatus,
    error: row.error ? (JSON.parse(String(row.error)) as DocumentRecord['error']) : null,
    ocrPages: Number(row.ocrPages),
    ocrMeanConfidence: row.ocrMeanConfidence == null ? null : Number(row.ocrMeanConfidence),
    lowConfidencePages: row.lowConfidencePages ? (JSON.parse(String(row.lowConfidencePages)) as number[]) : [],
    ocrMode: (row.ocrMode ? String(row.ocrMode) : 'auto') as DocumentRecord['ocrMode'],
    validation: row.validation ? (JSON.parse(String(row.validation)) as DocumentRecord['validation']) : null,
    ...(row.ocrReasons ? { ocrReasons: JSON.parse(String(row.ocrReasons)) as NonNullable<DocumentRecord['ocrReasons']> } : {}),
    language: String(row.language),
    createdAt: String(row.createdAt),
    updatedAt: String(row.updatedAt),
    chunkerSettings: String(row.chunkerSettings),
    embedder: String(row.embedder),
  };
}

export function chunkToRow(chunk: StoredChunk): Row {
  return {
    id: chunk.id,
    documentId: chunk.documentId,
    collection: chunk.collection,
    ordinal: chunk.ordinal,
    text: chunk.text,
    ftsFr: chunk.ftsText,
    ftsEn: chunk.ftsText,
    pageStart: chunk.pageStart,
    pageEnd: chunk.pageEnd,
    headingPath: JSON.stringify(chunk.headingPath),
    charStart: chunk.charStart,
    charEnd: chunk.charEnd,
    tokenCount: chunk.tokenCount,
    blacklisted: chunk.blacklisted,
    whitelisted: chunk.whitelisted,
    satisfaction: chunk.satisfaction,
  };
}

export function pageToRow(documentId: string, page: PageText): Row {
  return { documentId, page: page.page, text: page.text, ocr: page.ocr ?? false, confidence: page.confidence ?? null, ocrReason: page.ocrReason ?? null };
}

export function rowToPage(row: Row): PageText {
  return {
    page: Number(row.page),
    text: String(row.text),
    ocr: Boolean(row.ocr),
    confidence: row.confidence == null ? null : Number(row.confidence),
    ...(row.ocrReason ? { ocrReason: String(row.ocrReason) as NonNullable<PageText['ocrReason']> } : {}),
  };
}

/** Columns read back for a ChunkRecord (the full-text copies are left out). */
export const CHUNK_RECORD_COLUMNS = [
  'id',
  'documentId',
  'collection',
  'ordinal',
  'text',
  'pageStart',
  'pageEnd',
  'headingPath',
  'charStart',
  'charEnd',
  'tokenCount',
  'blacklisted',
  'whitelisted',
  'satisfaction',
];

export function rowToChunk(row: Row): ChunkRecord & { collection: string } {
  return {
    id: String(row.id),
    documentId: String(row.documentId),
    collection: String(row.collection),
    ordinal: Number(row.ordinal),
    text: String(row.text),
    pageStart: Number(row.pageStart),
    pageEnd: Number(row.pageEnd),
    headingPath: JSON.parse(String(row.headingPath)) as string[],
    charStart: Number(row.charStart),
    charEnd: Number(row.charEnd),
    tokenCount: Number(row.tokenCount),
    blacklisted: Boolean(row.blacklisted),
    whitelisted: Boolean(row.whitelisted),
    satisfaction: row.satisfaction == null ? null : Number(row.satisfaction),
  };
}
