/**
 * `npm run bench -- growth` (issue 13 §5): search at 1,000,000 chunks. PHARE_BENCH_GROWTH_CHUNKS
 * changes the size; each size has its own cache folder, bench/.cache/growth-<chunks>-distinct/ (git-ignored),
 * kept between runs (several GB at 1M: delete it to rebuild, or when done).
 *
 * The chunks are paragraphs of the corpus QA articles (PIAF in French, XQuAD in English), repeated with
 * a distinguishing copy number and each copy's vector moved apart from its paragraph's (distinctCopy), written straight to the real store one 5,000-chunk document at a time (PHARE_BENCH_GROWTH_CHUNKS_PER_DOCUMENT)
 * (`commitDocument`), with 384-dimension vectors from the deterministic hash embedder (the model's cost
 * is not what is measured). The store is opened with its defaults, so it does what the app does while
 * a library grows: it folds new chunks into the full-text indices every few documents, and its
 * background maintenance builds the approximate vector index (IVF_PQ) once the vectors pass
 * ANN_INDEX_MIN_ROWS, folds later vectors into it and trains it again each time the table has grown
 * past ANN_RETRAIN_GROWTH times the rows it was trained on. At the end, one `optimize` and the
 * maintenance's idle: what the app reaches once ingestion stops.
 *
 * Prints the build times, the indices' state, the disk size and RSS, then p50/p95 over the corpus
 * questions of hybrid search through the retriever (full text fr + en + vectors, RRF), full text and
 * vectors alone through the retriever, and the store's parts one by one (each full-text list, the
 * vector list, reading ten hits' chunks), with the vector index's recall@10 against brute force.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { withPrefixes } from '../src-main/core/embeddings/prefixedEmbedder';
import { createRetriever } from '../src-main/core/retrieval/retriever';
import { seededRandom } from '../src-main/core/seededRandom';
import { openLibraryStore, type LibraryStore } from '../src-main/core/store/libraryStore';
import { vectorIndexTrainedRows } from '../src-main/core/store/maintenance';
import { TABLES, vectorTableName } from '../src-main/core/store/schema';
import { createHashEmbedder } from '../test/integration/retrieval/hashEmbedder';
import { fmt, loadAverage, percentile, printTable, repoRoot, timed } from './benchLib';
import { loadQuestions, qaParagraphs, syntheticDocument } from './qaLibrary';

const CHUNKS = Number(process.env.PHARE_BENCH_GROWTH_CHUNKS ?? 1_000_000);
const CHUNKS_PER_DOCUMENT = Number(process.env.PHARE_BENCH_GROWTH_CHUNKS_PER_DOCUMENT ?? 5_000);
const DIMENSION = 384;
const QUESTIONS_PER_SET = 150;
const RECALL_QUERIES = 20;
/** How far a copy's vector is moved from its paragraph's (distinctCopy). */
const COPY_NOISE = 0.5;
const embedder = createHashEmbedder({ id: 'bench-hash-384.gguf:1', dimension: DIMENSION });

const rssMb = (): number => process.memoryUsage().rss / (1024 * 1024);
const diskSize = (dir: string): string => execFileSync('du', ['-sh', dir], { encoding: 'utf8' }).split('\t')[0];

async function samples(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push((await timed(() => fn(i))).ms);
  return out;
}

/**
 * The hash vector of a copy (not of the original paragraph) moved by a seeded random offset of norm
 * COPY_NOISE, then normalised again. The copies' texts differ only by their copy number, so their hash
 * vectors nearly tie, and the nearest ten of a query are then any ten of ~1,900 copies: the recall
 * against brute force measured on such vectors (0.18-0.33) said little. Moved apart, every vector is
 * its own, and the recall is the index's.
 */
function distinctCopy(vector: Float32Array, chunkIndex: number, paragraphs: number): Float32Array {
  if (chunkIndex < paragraphs) return vector;
  const random = seededRandom(chunkIndex + 1);
  const noise = Float32Array.from({ length: vector.length }, () => random() - 0.5);
  const noiseNorm = Math.hypot(...noise);
  const out = vector.map((x, i) => x + (COPY_NOISE * noise[i]) / noiseNorm);
  const norm = Math.hypot(...out);
  return out.map((x) => x / norm);
}

async function writeLibrary(store: LibraryStore, cacheDir: string, rows: Array<Array<string | number>>): Promise<void> {
  const source = qaParagraphs();
  const started = performance.now();
  let written = 0;
  for (let d = 0; written < CHUNKS; d++) {
    const texts: Array<{ title: string; text: string }> = [];
    for (let o = 0; o < CHUNKS_PER_DOCUMENT && written < CHUNKS; o++, written++) {
      const p = source[written % source.length];
      const copy = Math.floor(written / source.length);
      texts.push({ title: p.title, text: copy ? `${p.text} (${copy})` : p.text });
    }
    const { doc, chunks } = syntheticDocument(`bench-doc-${d}`, texts, embedder.id);
    const first = written - texts.length;
    const vectors = (await embedder.embedDocuments(chunks.map((c) => c.ftsText))).map((v, i) => distinctCopy(v, first + i, source.length));
    await store.commitDocument(doc, { pages: [{ page: 1, text: '' }], chunks, vectors: { embedderId: embedder.id, dimension: DIMENSION, vectors } }, { isNew: true });
    if (written % 100_000 === 0 || written === CHUNKS) {
      const s = (performance.now() - started) / 1000;
      console.log(`growth: ${written} chunks written, ${fmt(s, 0)} s, RSS ${fmt(rssMb(), 0)} MB, load ${loadAverage()}`);
    }
  }
  const writeMs = performance.now() - started;
  rows.push([`writing ${CHUNKS} chunks (${CHUNKS / CHUNKS_PER_DOCUMENT} documents, folds and background index included)`, fmt(writeMs / 1000, 0)]);
  const settle = await timed(async () => {
    await store.optimize();
    await store.maintenanceIdle();
  });
  rows.push(['final fold + maintenance (optimize, idle)', fmt(settle.ms / 1000, 0)]);
  writeFileSync(join(cacheDir, 'complete'), JSON.stringify({ writeMs, settleMs: settle.ms }));
}

/** Index state of the chunks and vectors tables: rows indexed and not, parts. */
async function describeIndices(cacheDir: string): Promise<Array<Array<string | number>>> {
  const db = await lancedb.connect(join(cacheDir, 'library.lance'));
  const out: Array<Array<string | number>> = [];
  try {
    for (const name of [TABLES.chunks, vectorTableName(embedder.id)]) {
      const table = await db.openTable(name);
      for (const index of await table.listIndices()) {
        const stats = await table.indexStats(index.name);
        // The vector index's training size, as recorded by maintenance (its retraining rule reads it).
        const trained = index.columns.includes('vector') ? await vectorIndexTrainedRows(table) : null;
        out.push([
          `${name}.${index.columns.join(',')} (${index.indexType})`,
          `${stats?.numIndexedRows ?? '?'} indexed, ${stats?.numUnindexedRows ?? '?'} not, ${stats?.numIndices ?? '?'} part(s)${trained ? `, trained on ${trained} rows` : ''}`,
        ]);
      }
      table.close();
    }
  } finally {
    db.close();
  }
  return out;
}

export async function benchGrowth(): Promise<void> {
  // "-distinct": libraries cached before the copies' vectors were moved apart are not reused.
  const cacheDir = join(repoRoot, `bench/.cache/growth-${CHUNKS}-distinct`);
  const built = existsSync(join(cacheDir, 'complete'));
  if (!built) rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const buildRows: Array<Array<string | number>> = [];
  const opened = await timed(() => openLibraryStore(cacheDir));
  const store = opened.value;
  const questions = loadQuestions(QUESTIONS_PER_SET);
  const rows: Array<Array<string | number>> = [];
  try {
    if (!built) await writeLibrary(store, cacheDir, buildRows);
    else buildRows.push(['(cached library) open store', fmt(opened.ms / 1000, 1)]);
    // Whatever a cached library still lacks (an index not yet built when a run was cut short).
    const settle = await timed(async () => {
      await store.optimize();
      await store.maintenanceIdle();
    });
    buildRows.push(['fold + maintenance before measuring', fmt(settle.ms / 1000, 1)]);
    buildRows.push(...(await describeIndices(cacheDir)));
    buildRows.push(['disk size', diskSize(cacheDir)], ['RSS after build (MB)', fmt(rssMb(), 0)], ['load average', loadAverage()]);
    printTable(`growth: library of ${CHUNKS} chunks`, ['what', 'value (s unless said)'], buildRows);

    const retriever = createRetriever({ store, getEmbedder: async () => withPrefixes(embedder) });
    const queryVectors = await Promise.all(questions.map((q) => withPrefixes(embedder).embedQuery(q.question)));
    const n = questions.length;
    const row = (what: string, s: number[]) => rows.push([what, fmt(percentile(s, 50)), fmt(percentile(s, 95)), fmt(Math.max(...s))]);
    console.log(`growth: measuring (${n} questions), load ${loadAverage()}`);
    row('hybrid (retriever: FTS fr + en + vectors, RRF, top 10)', await samples(n, (i) => retriever.search({ query: questions[i].question, topK: 10, mode: 'hybrid' })));
    row('full text (retriever)', await samples(n, (i) => retriever.search({ query: questions[i].question, topK: 10, mode: 'fulltext' })));
    row('vectors (retriever)', await samples(n, (i) => retriever.search({ query: questions[i].question, topK: 10, mode: 'vector' })));
    row('store: full-text list, French (30)', await samples(n, (i) => store.searchFullText(questions[i].question, 'fr', 30, {})));
    row('store: full-text list, English (30)', await samples(n, (i) => store.searchFullText(questions[i].question, 'en', 30, {})));
    row('store: vector list (30)', await samples(n, (i) => store.searchVectors(embedder.id, queryVectors[i], 30, {})));
    const hitIds = await Promise.all(queryVectors.map(async (v) => (await store.searchVectors(embedder.id, v, 10, {})).map((h) => h.chunkId)));
    row('store: reading 10 hits\' chunks', await samples(n, (i) => store.getChunks(hitIds[i])));
    row('hybrid again (after the parts)', await samples(n, (i) => retriever.search({ query: questions[i].question, topK: 10, mode: 'hybrid' })));

    // The index's recall@10 against brute force on a few queries (brute force at 1M takes seconds each).
    const db = await lancedb.connect(join(cacheDir, 'library.lance'));
    const table = await db.openTable(vectorTableName(embedder.id));
    let found = 0;
    const exactMs: number[] = [];
    for (const [i, q] of queryVectors.slice(0, RECALL_QUERIES).entries()) {
      const exact = await timed(() => table.query().nearestTo(Array.from(q)).distanceType('cosine').bypassVectorIndex().limit(10).select(['chunkId', '_distance']).toArray());
      exactMs.push(exact.ms);
      const exactIds = new Set(exact.value.map((r) => String(r.chunkId)));
      found += hitIds[i].filter((id) => exactIds.has(id)).length;
    }
    table.close();
    db.close();
    row(`brute force vector search (${RECALL_QUERIES} queries)`, exactMs);
    rows.push([`vector index recall@10 against brute force (${RECALL_QUERIES} queries)`, fmt(found / (RECALL_QUERIES * 10), 3), '', '']);
    rows.push(['RSS after searches (MB)', fmt(rssMb(), 0), '', ''], ['load average', loadAverage(), '', '']);
  } finally {
    await store.close();
  }
  printTable(`growth: search at ${CHUNKS} chunks (${questions.length} QA questions; ${DIMENSION}-d hash vectors)`, ['what', 'p50 ms', 'p95 ms', 'max ms'], rows);
}
