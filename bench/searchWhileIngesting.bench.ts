/**
 * Search latency while an ingestion runs (issue 11 §6, the part of the load test that missed its
 * target), broken down by stage. An in-process core with the tiny embedding model holds the corpus's
 * QA articles; then copies of them are ingested while searches run one at a time every 100 ms:
 * - through the contract (`search.query`: hybrid, full text and vector in turn), what a client feels;
 * - stage by stage, on a second store opened on the same library in the same process (same files,
 *   same CPU): the visible-documents read, each full-text index, the vectors (a fixed query vector:
 *   brute force costs the same whatever it is), and reading the hits' chunks.
 * The same is measured first with nothing ingesting (the reference, in the same run).
 *
 * PHARE_SWI_SECONDS: length of each phase (default 40). PHARE_SWI_COPIES: article copies ingested (default 240).
 * PHARE_SWI_PDF: a corpus PDF (e.g. pdf/deb_maint-guide-fr_maint-guide.fr.pdf) ingested instead of the copies.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import type { ContractClient } from '../src-shared/rpc';
import { openLibraryStore, type LibraryStore } from '../src-main/core/store/libraryStore';
import { vectorTableName } from '../src-main/core/store/schema';
import { ingestAndWait, openBenchCore } from './benchCore';
import { corpusPath, fmt, percentile, printTable } from './benchLib';
import { benchModels } from './benchModels';
import { loadQuestions, qaDocsDir } from './qaLibrary';

const SECONDS = Number(process.env.PHARE_SWI_SECONDS ?? 40);
const COPIES = Number(process.env.PHARE_SWI_COPIES ?? 240);
const INTERVAL_MS = 100;
const MODES = ['hybrid', 'fulltext', 'vector'] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function articles(): string[] {
  return (['piaf_fr', 'xquad_en'] as const).flatMap((set) =>
    readdirSync(qaDocsDir(set))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => join(qaDocsDir(set), f)),
  );
}

/** `count` copies of the articles, each made new by a last line (so none is a duplicate). */
function copies(dir: string, count: number, round: number): string[] {
  const sources = articles();
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const src = sources[i % sources.length];
    const path = join(dir, `r${round}-c${i}-${src.split('/').pop()}`);
    writeFileSync(path, `${readFileSync(src, 'utf8')}\n\nCopie ${round}-${i} pour la mesure.\n`);
    paths.push(path);
  }
  return paths;
}

type Samples = Map<string, number[]>;
function add(samples: Samples, name: string, ms: number): void {
  samples.set(name, [...(samples.get(name) ?? []), ms]);
}
async function time<T>(samples: Samples, name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await fn();
  add(samples, name, performance.now() - started);
  return value;
}

/** One search through the contract, then one stage by stage, alternately, every INTERVAL_MS until `until` says stop. */
async function measure(client: ContractClient, store: LibraryStore, embedderId: string, queryVector: Float32Array, queries: string[], until: () => boolean): Promise<Samples> {
  const samples: Samples = new Map();
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  let i = 0;
  let next = performance.now();
  while (!until()) {
    await sleep(next - performance.now());
    next += INTERVAL_MS;
    const query = queries[i % queries.length];
    if (i % 2 === 0) {
      const mode = MODES[(i / 2) % MODES.length];
      await time(samples, `search.query ${mode}`, () => client.call('search.query', { query, topK: 8, mode }));
    } else {
      const visibility = await time(samples, 'stage: visibility', () => store.visibility());
      const scope = { excludeDocumentIds: visibility.hidden };
      const [fr, en, vec] = await Promise.all([
        time(samples, 'stage: full text fr', () => store.searchFullText(query, 'fr', 30, scope)),
        time(samples, 'stage: full text en', () => store.searchFullText(query, 'en', 30, scope)),
        time(samples, 'stage: vectors', () => store.searchVectors(embedderId, queryVector, 30, scope)),
      ]);
      const ids = [...new Set([...fr, ...en, ...vec].map((h) => h.chunkId))].slice(0, 8);
      await time(samples, 'stage: read 8 chunks', () => store.getChunks(ids));
      add(samples, 'stage: hidden documents', visibility.hidden.length);
      // Probes: a fixed piece of JavaScript (the CPU this process gets) and the cheapest LanceDB call.
      await time(samples, 'probe: 1e6 additions', async () => {
        let x = 0;
        for (let k = 0; k < 1e6; k++) x += k % 7;
        return x;
      });
      await time(samples, 'probe: meta read', () => store.getMeta('schemaVersion'));
    }
    i++;
  }
  lag.disable();
  samples.set('probe: event loop delay', [lag.percentile(50) / 1e6, lag.percentile(95) / 1e6, lag.max / 1e6]);
  return samples;
}

function rows(phase: string, samples: Samples): Array<Array<string | number>> {
  return [...samples].map(([name, values]) =>
    name === 'probe: event loop delay'
      ? [phase, name, '', fmt(values[0], 1), fmt(values[1], 1), fmt(values[2], 1)]
      : name === 'stage: hidden documents'
      ? [phase, name, values.length, fmt(percentile(values, 50), 0), fmt(percentile(values, 95), 0), fmt(Math.max(...values), 0)]
      : [phase, name, values.length, fmt(percentile(values, 50), 1), fmt(percentile(values, 95), 1), fmt(Math.max(...values), 1)],
  );
}

async function running(client: ContractClient): Promise<boolean> {
  return (await client.call('jobs.list', {})).some((j) => j.state === 'running' || j.state === 'paused');
}

export async function benchSearchWhileIngesting(): Promise<void> {
  const { embedModel } = await benchModels();
  const inputs = mkdtempSync(join(tmpdir(), 'phare-bench-swi-in-'));
  const bench = await openBenchCore('swi', { embeddingModelPath: embedModel });
  let reader: LibraryStore | null = null;
  try {
    const { client } = bench;
    await ingestAndWait(client, articles());
    const docs = await client.call('library.list', {});
    const embedderId = docs.find((d) => d.embedder)?.embedder ?? '';
    reader = await openLibraryStore(bench.dataDir);
    const dimension = (await reader.vectorStats(embedderId, docs[0].id)).dimension ?? 0;
    console.log(`library: ${docs.length} documents, ${docs.reduce((n, d) => n + d.chunks, 0)} chunks, vectors ${vectorTableName(embedderId)} (${dimension}-d)`);
    const queryVector = Float32Array.from({ length: dimension }, (_, k) => Math.sin(k + 1));
    const queries = loadQuestions(60).map((q) => q.question);
    for (let i = 0; i < 6; i++) await client.call('search.query', { query: queries[i], topK: 8, mode: MODES[i % 3] }); // warm-up

    const table: Array<Array<string | number>> = [];
    const loads: string[] = [];
    for (let round = 0; round < Number(process.env.PHARE_SWI_ROUNDS ?? 1); round++) {
      let load = loadavg()[0];
      const idleEnd = performance.now() + SECONDS * 1000;
      table.push(...rows(`idle ${round + 1}`, await measure(client, reader, embedderId, queryVector, queries, () => performance.now() > idleEnd)));
      loads.push(`idle ${round + 1}: ${fmt(load, 1)} -> ${fmt(loadavg()[0], 1)}`);

      load = loadavg()[0];
      // PHARE_SWI_PDF: a PDF of the corpus (its path under the corpus folder) ingested instead of the copies.
      const paths = process.env.PHARE_SWI_PDF ? [corpusPath(...process.env.PHARE_SWI_PDF.split('/'))] : copies(inputs, COPIES, round);
      const started = performance.now();
      await client.call('library.ingestPaths', { paths });
      let ingesting = true;
      const watcher = (async () => {
        while (await running(client)) await sleep(250);
        ingesting = false;
      })();
      const ingestEnd = performance.now() + SECONDS * 1000;
      const samples = await measure(client, reader, embedderId, queryVector, queries, () => !ingesting || performance.now() > ingestEnd);
      table.push(...rows(`ingesting ${round + 1}`, samples));
      loads.push(`ingesting ${round + 1}: ${fmt(load, 1)} -> ${fmt(loadavg()[0], 1)}`);
      // The rest of the job is cancelled: the next round starts from the same state.
      for (const job of await client.call('jobs.list', {})) if (job.state === 'running' || job.state === 'paused') await client.call('library.cancelJob', { jobId: job.jobId });
      await watcher;
      const ready = (await client.call('library.list', {})).filter((d) => d.status === 'ready').length;
      console.log(`round ${round + 1}: ${ready - docs.length} documents ready after ${fmt((performance.now() - started) / 1000, 0)} s`);
    }
    printTable(
      `Searches one at a time every ${INTERVAL_MS} ms, through the contract and stage by stage (ms; hidden documents: a count)`,
      ['phase', 'what', 'n', 'p50', 'p95', 'max'],
      table,
    );
    console.log(`load average (1 min) at the start and end of each phase: ${loads.join('; ')}`);
  } finally {
    await reader?.close();
    await bench.core.dispose();
    rmSync(bench.dataDir, { recursive: true, force: true });
    rmSync(inputs, { recursive: true, force: true });
  }
}
