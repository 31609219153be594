/**
 * `npm run bench -- monitoring`: what the metrics cost and what the history weighs.
 * - Overhead on the answer pipeline: the work the metrics add to one answer (the recorder's answer
 *   call, the model-call wrapper, the history's observations), timed over many calls, next to the time
 *   of the answers themselves, measured in the same run on a corpus library (extractive answers: the
 *   cheapest answer, so the largest share).
 * - A `/metrics` scrape on a 100,000-chunk library: through the contract and over the metrics port.
 * - The history's size after 90 days of steady use: a week of per-minute rows and 90 days of hourly
 *   rows for every series (every series every minute: an upper bound), written to a real history table.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HISTORY_SERIES } from '../src-shared/monitoring';
import { createCore } from '../src-main/core/core';
import { createInProcessClient } from '../src-main/core/inProcessClient';
import { defineMetrics } from '../src-main/core/metrics/metricDefinitions';
import { hourStart, openHistoryStore, type HistoryRow } from '../src-main/core/metrics/historyStore';
import { createMetricsHistory } from '../src-main/core/metrics/metricsHistory';
import { createMetricsRecorder } from '../src-main/core/metrics/metricsRecorder';
import { openLibraryStore } from '../src-main/core/store/libraryStore';
import { ingestAndWait, openBenchCore } from './benchCore';
import { corpusPath, fmt, percentile, printTable, timed } from './benchLib';
import { loadQuestions, qaParagraphs, syntheticDocument } from './qaLibrary';

const ANSWERS = 120;
const RECORDER_CALLS = 20_000;
const SCRAPE_CHUNKS = 100_000;
const CHUNKS_PER_DOCUMENT = 1_000;
const SCRAPES = 40;

export async function benchMonitoring(): Promise<void> {
  await answerOverhead();
  await scrapeAtScale();
  await historySize();
}

async function answerOverhead(): Promise<void> {
  const { core, client, dataDir } = await openBenchCore('monitoring-overhead', { language: 'en' });
  try {
    const docs = readdirSync(corpusPath('qa', 'xquad_en', 'docs')).map((f) => corpusPath('qa', 'xquad_en', 'docs', f));
    await ingestAndWait(client, docs);
    const questions = loadQuestions(ANSWERS).filter((q) => q.lang === 'en').slice(0, ANSWERS);
    const answerMs: number[] = [];
    const answers = [];
    for (const [i, q] of questions.entries()) {
      const { value, ms } = await timed(() => client.call('chat.ask', { question: q.question, requestId: `o${i}` }));
      answerMs.push(ms);
      answers.push(value);
    }
    const traces = await Promise.all(answers.slice(0, 20).map((a) => client.call('chat.trace', { messageId: a.messageId! })));

    // The same work the core adds per answer, on a registry and history of its own.
    const metrics = defineMetrics(() => null);
    const history = createMetricsHistory({ store: await openHistoryStore(mkdtempSync(join(tmpdir(), 'phare-bench-hist-'))), sampleGauges: async () => ({}), retentionDays: () => 90 });
    const recorder = createMetricsRecorder(metrics, () => history);
    const started = performance.now();
    for (let i = 0; i < RECORDER_CALLS; i++) {
      const k = i % traces.length;
      recorder.answer(answers[k], traces[k]);
      // A generative answer also passes the wrapper of two model calls (the answer and the citation judge).
      recorder.modelCall({ role: 'chat', status: 'ok', promptTokens: 1500, completionTokens: 200, generationMs: 9000 });
      recorder.modelCall({ role: 'judge', status: 'ok', promptTokens: 300, completionTokens: 3, generationMs: 150 });
    }
    const perAnswerUs = ((performance.now() - started) / RECORDER_CALLS) * 1000;
    const p50 = percentile(answerMs, 50);
    printTable('Metrics overhead on the answer pipeline (extractive answers on the XQuAD articles)', ['what', 'value'], [
      ['answers timed', answerMs.length],
      ['answer time p50 / p95, ms', `${fmt(p50)} / ${fmt(percentile(answerMs, 95))}`],
      ['metrics work per answer (recorder + 2 model calls + history), µs', fmt(perAnswerUs, 2)],
      ['share of the median answer', `${fmt((perAnswerUs / 1000 / p50) * 100, 3)} %`],
    ]);
  } finally {
    await core.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function scrapeAtScale(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-bench-monitoring-scale-'));
  try {
    // The library's tables written directly (ingesting 100,000 passages would take the bench's whole budget).
    const buildStarted = performance.now();
    const store = await openLibraryStore(dataDir);
    const source = qaParagraphs();
    for (let d = 0, written = 0; written < SCRAPE_CHUNKS; d++) {
      const texts = Array.from({ length: CHUNKS_PER_DOCUMENT }, (_, o) => {
        const p = source[(written + o) % source.length];
        return { title: p.title, text: `${p.text} (${d})` };
      });
      written += texts.length;
      const { doc, chunks } = syntheticDocument(`bench-doc-${d}`, texts, null);
      await store.commitDocument(doc, { pages: [{ page: 1, text: texts.map((t) => t.text).join('\n') }], chunks, vectors: null }, { isNew: true });
    }
    await store.optimize();
    await store.maintenanceIdle();
    await store.close();
    const buildS = (performance.now() - buildStarted) / 1000;

    const metricsPort = await freePort();
    const core = await createCore({ dataDir, metricsPort });
    const client = createInProcessClient(core);
    try {
      const contract: number[] = [];
      const http: number[] = [];
      let bytes = 0;
      // The first scrape reads the library's size on disk (cached after); it is shown apart.
      const first = await timed(() => client.call('monitoring.metrics', {}));
      for (let i = 0; i < SCRAPES; i++) {
        contract.push((await timed(() => client.call('monitoring.metrics', {}))).ms);
        const t = await timed(async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
        http.push(t.ms);
        bytes = t.value.length;
      }
      printTable(`A /metrics scrape on a ${SCRAPE_CHUNKS.toLocaleString('en')}-chunk library (built in ${fmt(buildS)} s)`, ['what', 'p50 ms', 'p95 ms', 'note'], [
        ['first scrape (sums the library folder)', fmt(first.ms), '', ''],
        ['through the contract', fmt(percentile(contract, 50)), fmt(percentile(contract, 95)), `${SCRAPES} scrapes`],
        ['over the metrics port (HTTP)', fmt(percentile(http, 50)), fmt(percentile(http, 95)), `${(bytes / 1024).toFixed(1)} KB of text`],
      ]);
    } finally {
      await core.dispose();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

async function historySize(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'phare-bench-history-'));
  try {
    const store = await openHistoryStore(dir);
    const now = Date.now();
    const point = (name: HistoryRow['name'], resolution: HistoryRow['resolution'], t: number, k: number): HistoryRow => ({
      name,
      resolution,
      t: new Date(t).toISOString(),
      count: 1 + (k % 7),
      sum: 3.5 + (k % 11),
      min: 0.1,
      max: 9.9 + (k % 3),
      p50: 1.2 + (k % 5) / 10,
      p95: 4.4 + (k % 9) / 10,
      value: 2.2 + (k % 13),
    });
    const started = performance.now();
    // 90 days of hours, then a week of minutes, written an hour at a time as the app does.
    const firstHour = hourStart(new Date(now - 90 * 86_400_000)).getTime();
    const hourRows: HistoryRow[] = [];
    for (let t = firstHour, k = 0; t < now; t += 3_600_000, k++) for (const name of HISTORY_SERIES) hourRows.push(point(name, '1h', t, k));
    for (let i = 0; i < hourRows.length; i += 5_000) await store.append(hourRows.slice(i, i + 5_000));
    let minuteRows = 0;
    for (let t = now - 7 * 86_400_000, k = 0; t < now; t += 3_600_000) {
      const hour: HistoryRow[] = [];
      for (let m = 0; m < 60; m++, k++) for (const name of HISTORY_SERIES) hour.push(point(name, '1m', t + m * 60_000, k));
      minuteRows += hour.length;
      await store.append(hour);
    }
    const writeS = (performance.now() - started) / 1000;
    await store.prune(new Date(now), 90);
    const history = createMetricsHistory({ store, sampleGauges: async () => ({}), retentionDays: () => 90 });
    const read24h = await timed(() => history.query(['total_latency_seconds', 'answers', 'rss_bytes'], '24h'));
    const read30d = await timed(() => history.query(['total_latency_seconds', 'answers', 'rss_bytes'], '30d'));
    await store.close();
    // Compacted as the app's history is (every 32 small fragments): one more pass for the figure.
    const lancedb = await import('@lancedb/lancedb');
    const db = await lancedb.connect(dir);
    const table = await db.openTable('metric_samples');
    await table.optimize({ cleanupOlderThan: new Date() });
    table.close();
    db.close();
    printTable('Metrics history after 90 days of steady use (every series every minute: an upper bound)', ['what', 'value'], [
      ['rows: hours (90 days) / minutes (7 days)', `${hourRows.length.toLocaleString('en')} / ${minuteRows.toLocaleString('en')}`],
      ['size on disk, compacted', `${(folderBytes(dir) / 1024 ** 2).toFixed(1)} MB`],
      ['written in', `${fmt(writeS)} s`],
      ['query 3 series, 24 h of minutes / 30 days of hours, ms', `${fmt(read24h.ms)} / ${fmt(read30d.ms)}`],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
