/**
 * `library.list` at 10,000 documents: the rows are written in one LanceDB commit (as a large import
 * leaves them), then listed through a real core and the contract (store read, output validation), and
 * through the store alone, p50/p95 over repeated calls.
 */
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import type { DocumentRecord } from '../src-shared/domain';
import { documentToRow, TABLES } from '../src-main/core/store/schema';
import { openLibraryStore } from '../src-main/core/store/libraryStore';
import { openBenchCore } from './benchCore';
import { fmt, percentile, printTable, timed } from './benchLib';

const COUNT = 10_000;
const RUNS = 20;

function fakeDocument(i: number): DocumentRecord {
  const at = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString();
  return {
    id: `bench-list-${i}`,
    collection: i % 2 ? 'odd' : 'even',
    title: `Rapport ${String(i).padStart(5, '0')}`,
    sourcePath: `/archives/rapport-${i}.pdf`,
    storedPath: `originals/${String(i).padStart(64, '0')}.pdf`,
    sha256: String(i).padStart(64, '0'),
    mime: 'application/pdf',
    sizeBytes: 1000 + i,
    pages: 1 + (i % 40),
    chunks: 3 + (i % 90),
    status: i % 500 === 0 ? 'failed' : 'ready',
    error: i % 500 === 0 ? { code: 'CORRUPT_FILE', message: 'The file is damaged.', params: {} } : null,
    ocrPages: i % 7 ? 0 : 2,
    ocrMeanConfidence: i % 7 ? null : 81.5,
    lowConfidencePages: i % 49 ? [] : [2],
    ocrMode: 'auto',
    validation: i % 500 === 0 ? null : { ok: true, checkedAt: at, checks: [] },
    language: 'fr',
    createdAt: at,
    updatedAt: at,
    chunkerSettings: '{"maxTokens":512}',
    embedder: 'model.gguf:1',
  };
}

async function samples(fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) out.push((await timed(fn)).ms);
  return out;
}

export async function benchLibraryList(): Promise<void> {
  const bench = await openBenchCore('list');
  const rows: Array<Array<string | number>> = [];
  try {
    const db = await lancedb.connect(join(bench.dataDir, 'library.lance'));
    const table = await db.openTable(TABLES.documents);
    await table.add(Array.from({ length: COUNT }, (_, i) => documentToRow(fakeDocument(i))));
    table.close();
    db.close();

    const listed = await bench.client.call('library.list', {});
    if (listed.length !== COUNT) throw new Error(`listed ${listed.length} documents, expected ${COUNT}`);
    const viaContract = await samples(() => bench.client.call('library.list', {}));
    rows.push(['library.list through the contract', fmt(percentile(viaContract, 50)), fmt(percentile(viaContract, 95))]);
    const oneCollection = await samples(() => bench.client.call('library.list', { collection: 'odd' }));
    rows.push(['library.list, one collection (5,000)', fmt(percentile(oneCollection, 50)), fmt(percentile(oneCollection, 95))]);

    const store = await openLibraryStore(bench.dataDir);
    try {
      const storeOnly = await samples(() => store.listDocuments());
      rows.push(['store.listDocuments alone', fmt(percentile(storeOnly, 50)), fmt(percentile(storeOnly, 95))]);
    } finally {
      await store.close();
    }
  } finally {
    await bench.core.dispose();
  }
  printTable(`Document list, ${COUNT} documents (${RUNS} calls after one warm-up)`, ['what', 'p50 ms', 'p95 ms'], rows);
}
