/**
 * What a killed server left on disk, read with LanceDB directly while no server runs: every table is
 * opened and scanned whole (a table that cannot be read fails here), and every `ready` document is
 * checked against its content: as many chunk rows as it counts (one per ordinal), its pages, and its
 * vectors in its model's table, and its kept original (whole: its hash is the document's). This is
 * the state the next start recovers from.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { vectorTableName } from '../../../src-main/core/store/schema';

export interface DiskDocument {
  id: string;
  sourcePath: string;
  sha256: string;
  storedPath: string;
  status: string;
  chunks: number;
  pages: number;
  embedder: string;
}

export interface DiskReport {
  documents: DiskDocument[];
  /** Rows read in every table, by table. */
  tables: Record<string, number>;
  /** Ready documents whose content does not match their row (should be empty). */
  halfVisible: string[];
  /** Chunk rows of documents that no longer exist or are not ready (hidden; recovery removes them). */
  hiddenChunkRows: number;
}

type Row = Record<string, unknown>;

export async function readLibraryOnDisk(dataDir: string): Promise<DiskReport> {
  const db = await connect(join(dataDir, 'library.lance'));
  try {
    const tables: Record<string, number> = {};
    const rowsOf = new Map<string, Row[]>();
    for (const name of await db.tableNames()) {
      const table = await db.openTable(name);
      try {
        const counted = await table.countRows();
        // The whole table, every column: what a reader of any part of it would meet.
        const rows = (await table.query().toArray()) as Row[];
        if (rows.length !== counted) throw new Error(`table ${name}: countRows ${counted}, scan ${rows.length}`);
        tables[name] = rows.length;
        if (name === 'documents' || name === 'chunks' || name === 'pages' || name.startsWith('vectors_')) rowsOf.set(name, rows);
      } finally {
        table.close();
      }
    }
    const documents: DiskDocument[] = (rowsOf.get('documents') ?? []).map((r) => ({
      id: String(r.id),
      sourcePath: String(r.sourcePath),
      sha256: String(r.sha256),
      storedPath: String(r.storedPath),
      status: String(r.status),
      chunks: Number(r.chunks),
      pages: Number(r.pages),
      embedder: String(r.embedder ?? ''),
    }));
    const byDocument = (rows: Row[] | undefined) => {
      const out = new Map<string, Row[]>();
      for (const row of rows ?? []) {
        const id = String(row.documentId);
        let list = out.get(id);
        if (!list) out.set(id, (list = []));
        list.push(row);
      }
      return out;
    };
    const chunks = byDocument(rowsOf.get('chunks'));
    const pages = byDocument(rowsOf.get('pages'));
    const halfVisible: string[] = [];
    const ready = new Set<string>();
    for (const doc of documents) {
      if (doc.status !== 'ready') continue;
      ready.add(doc.id);
      const own = chunks.get(doc.id) ?? [];
      const ordinals = new Set(own.map((c) => Number(c.ordinal)));
      const ownPages = new Set((pages.get(doc.id) ?? []).map((p) => Number(p.page)));
      const problems: string[] = [];
      if (doc.chunks < 1) problems.push('no chunks counted');
      if (own.length !== doc.chunks || ordinals.size !== doc.chunks) problems.push(`${own.length} chunk rows (${ordinals.size} ordinals) for ${doc.chunks}`);
      if ((pages.get(doc.id) ?? []).length !== doc.pages || ownPages.size !== doc.pages) problems.push(`${pages.get(doc.id)?.length ?? 0} page rows for ${doc.pages}`);
      if (doc.embedder) {
        const vectors = byDocument(rowsOf.get(vectorTableName(doc.embedder))).get(doc.id) ?? [];
        const chunkIds = new Set(own.map((c) => String(c.id)));
        if (vectors.length !== doc.chunks || !vectors.every((v) => chunkIds.has(String(v.chunkId)))) {
          problems.push(`${vectors.length} vectors for ${doc.chunks} chunks`);
        }
      }
      const original = join(dataDir, ...doc.storedPath.split('/'));
      if (!existsSync(original)) problems.push('no kept original');
      else if (createHash('sha256').update(readFileSync(original)).digest('hex') !== doc.sha256) problems.push('kept original damaged');
      if (problems.length) halfVisible.push(`${doc.sourcePath} (${doc.id}): ${problems.join('; ')}`);
    }
    let hiddenChunkRows = 0;
    for (const [id, rows] of chunks) if (!ready.has(id)) hiddenChunkRows += rows.length;
    return { documents, tables, halfVisible, hiddenChunkRows };
  } finally {
    db.close();
  }
}
