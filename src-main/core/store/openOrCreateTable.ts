/**
 * Opens a table of a library's LanceDB database, creating it empty with its explicit schema the first
 * time (never inferred from a first row: an empty table or a null column keeps its types). Each store
 * that keeps tables of its own (conversations, feedback, quality, metrics history, alerts) opens them here.
 */
import type * as lancedb from '@lancedb/lancedb';
import type { Schema } from 'apache-arrow';

export function tableOpener(db: lancedb.Connection, existing: Iterable<string>): (name: string, schema: Schema) => Promise<lancedb.Table> {
  const names = new Set(existing);
  return async (name, schema) => {
    if (names.has(name)) return db.openTable(name);
    try {
      return await db.createEmptyTable(name, schema, { existOk: true });
    } catch {
      // Another process created it between our listing and our create.
      return db.openTable(name);
    }
  };
}
