/**
 * Search at scale: a library of 100,000 chunks (paragraphs of the corpus QA articles, repeated with a
 * distinguishing copy number), 384-dimension vectors from a deterministic hash embedder (the model's
 * cost is not what is measured here; the store's is). Prints:
 * - brute-force vector search latency at 10k, 25k, 50k and 100k vectors (how ANN_INDEX_MIN_ROWS was chosen),
 * - the approximate index (IVF_PQ) build time and its latency and recall@10 against brute force,
 * - hybrid search (full text in both languages + vectors, RRF) p50/p95 through the retriever.
 *
 * The library is built once and kept in bench/.cache/ (git-ignored); delete it to rebuild.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withPrefixes } from '../src-main/core/embeddings/prefixedEmbedder';
import { createRetriever } from '../src-main/core/retrieval/retriever';
import { openLibraryStore, type LibraryStore } from '../src-main/core/store/libraryStore';
import { ensureVectorIndex } from '../src-main/core/store/maintenance';
import { vectorTableName } from '../src-main/core/store/schema';
import { createHashEmbedder } from '../test/integration/retrieval/hashEmbedder';
import * as lancedb from '@lancedb/lancedb';
import { fmt, percentile, printTable, repoRoot, timed } from './benchLib';
import { loadQuestions, qaParagraphs, syntheticDocument } from './qaLibrary';

const TARGET_CHUNKS = 100_000;
const CHUNKS_PER_DOCUMENT = 1_000;
const DIMENSION = 384;
const MILESTONES = [10_000, 25_000, 50_000, 100_000];
const cacheDir = join(repoRoot, 'bench/.cache/scale-100k');
const embedder = createHashEmbedder({ id: 'bench-hash-384.gguf:1', dimension: DIMENSION });

async function searchSamples(store: LibraryStore, queries: Float32Array[]): Promise<number[]> {
  for (const q of queries.slice(0, 5)) await store.searchVectors(embedder.id, q, 30, {});
  const samples: number[] = [];
  for (const q of queries) samples.push((await timed(() => store.searchVectors(embedder.id, q, 30, {}))).ms);
  return samples;
}

export async function benchScale(): Promise<void> {
  const questions = loadQuestions(150);
  const queryVectors = await Promise.all(questions.map((q) => embedder.embedQuery(q.question)));
  const rows: Array<Array<string | number>> = [];
  const built = existsSync(join(cacheDir, 'complete'));
  if (!built) rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const store = await openLibraryStore(cacheDir, { annIndexMinRows: Number.MAX_SAFE_INTEGER });
  try {
    let buildMs = 0;
    if (!built) {
      const source = qaParagraphs();
      let written = 0;
      let copy = 0;
      const started = performance.now();
      for (let d = 0; written < TARGET_CHUNKS; d++) {
        const texts: Array<{ title: string; text: string }> = [];
        for (let o = 0; o < CHUNKS_PER_DOCUMENT; o++, written++) {
          const p = source[written % source.length];
          copy = Math.floor(written / source.length);
          texts.push({ title: p.title, text: copy ? `${p.text} (${copy})` : p.text });
        }
        const { doc, chunks } = syntheticDocument(`bench-doc-${d}`, texts, embedder.id);
        const vectors = await embedder.embedDocuments(chunks.map((c) => c.ftsText));
        await store.commitDocument(doc, { pages: [{ page: 1, text: '' }], chunks, vectors: { embedderId: embedder.id, dimension: DIMENSION, vectors } }, { isNew: true });
        if (MILESTONES.includes(written)) {
          await store.optimize();
          await store.maintenanceIdle();
          const samples = await searchSamples(store, queryVectors);
          rows.push([`brute force, ${written} vectors`, fmt(percentile(samples, 50)), fmt(percentile(samples, 95)), '', '']);
        }
      }
      buildMs = performance.now() - started;
      writeFileSync(join(cacheDir, 'complete'), String(buildMs));
    }

    // The approximate index, built on the cached table (what maintenance does past the threshold).
    const db = await lancedb.connect(join(cacheDir, 'library.lance'));
    const table = await db.openTable(vectorTableName(embedder.id));
    const hasIndex = (await table.listIndices()).some((i) => i.columns.includes('vector'));
    const exact = await Promise.all(
      queryVectors.slice(0, 50).map(async (q) => (await table.query().nearestTo(Array.from(q)).distanceType('cosine').bypassVectorIndex().limit(10).select(['chunkId']).toArray()).map((r) => String(r.chunkId))),
    );
    if (!built || !hasIndex) {
      const bruteForce = await searchSamples(store, queryVectors);
      rows.push(['brute force, 100000 vectors (cached library)', fmt(percentile(bruteForce, 50)), fmt(percentile(bruteForce, 95)), '', '']);
      const indexBuild = await timed(() => ensureVectorIndex(table, 0));
      rows.push(['IVF_PQ index build', '', '', fmt(indexBuild.ms / 1000), '']);
    }
    const ann = await searchSamples(store, queryVectors);
    let found = 0;
    for (const [i, q] of queryVectors.slice(0, 50).entries()) {
      const hits = (await store.searchVectors(embedder.id, q, 10, {})).map((h) => h.chunkId);
      found += hits.filter((id) => exact[i].includes(id)).length;
    }
    rows.push(['IVF_PQ (nprobes 20, refine 4), 100000 vectors', fmt(percentile(ann, 50)), fmt(percentile(ann, 95)), '', fmt(found / (exact.length * 10), 3)]);
    table.close();
    db.close();

    const retriever = createRetriever({ store, getEmbedder: async () => withPrefixes(embedder) });
    for (const q of questions.slice(0, 5)) await retriever.search({ query: q.question, topK: 10, mode: 'hybrid' });
    const hybrid: number[] = [];
    for (const q of questions) hybrid.push((await timed(() => retriever.search({ query: q.question, topK: 10, mode: 'hybrid' }))).ms);
    rows.push(['hybrid search (retriever, FTS fr+en + vectors, RRF), 100000 chunks', fmt(percentile(hybrid, 50)), fmt(percentile(hybrid, 95)), '', '']);
    const fulltext: number[] = [];
    for (const q of questions) fulltext.push((await timed(() => retriever.search({ query: q.question, topK: 10, mode: 'fulltext' }))).ms);
    rows.push(['full-text search (retriever), 100000 chunks', fmt(percentile(fulltext, 50)), fmt(percentile(fulltext, 95)), '', '']);
    if (buildMs) rows.push([`library build (${TARGET_CHUNKS} chunks, hash vectors)`, '', '', fmt(buildMs / 1000), '']);
  } finally {
    await store.close();
  }
  printTable(`Search at scale (${questions.length} QA questions, top 10; vectors: ${DIMENSION}-d hash embedder)`, ['what', 'p50 ms', 'p95 ms', 'seconds', 'recall@10'], rows);
}
