/**
 * Search latency through the contract (validation + retrieval), p50/p95 over real questions, on a
 * library of at least 10,000 chunks: full text alone, and hybrid (vector + full text, RRF) with the
 * project's tiny embedding model (its vectors mean nothing; the latency of the machinery is real).
 */
import type { ContractClient } from '../src-shared/rpc';
import { openBenchCore } from './benchCore';
import { fmt, percentile, printTable, timed } from './benchLib';
import { benchModels } from './benchModels';
import { buildQaLibrary, loadQuestions } from './qaLibrary';

const MIN_CHUNKS = 10_000;

async function measure(client: ContractClient, mode: 'fulltext' | 'hybrid', queries: string[]): Promise<number[]> {
  // Warm-up: the first queries open index files.
  for (const query of queries.slice(0, 5)) await client.call('search.query', { query, topK: 10, mode });
  const samples: number[] = [];
  for (const query of queries) samples.push((await timed(() => client.call('search.query', { query, topK: 10, mode }))).ms);
  return samples;
}

export async function benchSearch(): Promise<void> {
  const queries = loadQuestions(150).map((q) => q.question);
  const rows: Array<Array<string | number>> = [];

  const fulltext = await openBenchCore('search-fts');
  try {
    const built = await timed(() => buildQaLibrary(fulltext.client, MIN_CHUNKS));
    const samples = await measure(fulltext.client, 'fulltext', queries);
    rows.push(['full text', built.value.chunks, fmt(built.ms / 1000), queries.length, fmt(percentile(samples, 50)), fmt(percentile(samples, 95))]);
  } finally {
    await fulltext.core.dispose();
  }

  const { embedModel } = await benchModels();
  const hybrid = await openBenchCore('search-hybrid', { embeddingModelPath: embedModel });
  try {
    const built = await timed(() => buildQaLibrary(hybrid.client, MIN_CHUNKS));
    const samples = await measure(hybrid.client, 'hybrid', queries);
    rows.push(['hybrid (tiny embed, RRF)', built.value.chunks, fmt(built.ms / 1000), queries.length, fmt(percentile(samples, 50)), fmt(percentile(samples, 95))]);
  } finally {
    await hybrid.core.dispose();
  }

  printTable('Search latency through the contract (in-process), top 10', ['mode', 'chunks', 'build s', 'queries', 'p50 ms', 'p95 ms'], rows);
}
