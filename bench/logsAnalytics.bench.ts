/**
 * Logs and analytics: what a log line costs (pino, written synchronously through pino-roll), what the
 * per-call log context adds to a contract call, how long `logs.list` takes over a full 10 MB file,
 * and DuckDB's costs for `analytics.query` (first import, a database per query, loading 10,000 answers
 * or a quarter of a million metric points, the query itself), with its size on disk.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Answer } from '../src-shared/domain';
import { HISTORY_SERIES } from '../src-shared/monitoring';
import { createAnalyticsService } from '../src-main/core/analytics/analyticsService';
import type { AnalyticsSources } from '../src-main/core/analytics/analyticsTables';
import type { Core } from '../src-main/core/core';
import { createEventBus } from '../src-main/core/eventBus';
import { openCoreLogger } from '../src-main/core/logging/coreLogger';
import { readLogs } from '../src-main/core/logging/logReader';
import { withCoreLogging } from '../src-main/core/logging/withCoreLogging';
import type { HistoryRow } from '../src-main/core/metrics/historyStore';
import { fmt, percentile, printTable, repoRoot, timed } from './benchLib';

const LINES = 20_000;
const CALLS = 20_000;
const ANSWERS = 10_000;

export async function benchLogsAnalytics(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'phare-bench-logs-'));
  try {
    await benchLogLines(root);
    await benchCallContext(root);
    await benchLogsList(root);
    await benchDuckDB();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function benchLogLines(root: string): Promise<void> {
  const rows: Array<Array<string | number>> = [];
  for (const secret of [false, true]) {
    const logger = await openCoreLogger(join(root, `lines-${secret}`), { level: 'info' });
    if (secret) logger.addSecrets(() => ['sk-bench-0123456789abcdef']);
    const log = logger.for('ingest');
    const started = performance.now();
    for (let i = 0; i < LINES; i++) log.info({ jobId: 'job-1', documentId: `doc-${i}`, file: `rapport-${i}.pdf`, status: 'ready', pages: 12, chunks: 40, ms: 812 }, 'document ready');
    const ms = performance.now() - started;
    const skipped = performance.now();
    for (let i = 0; i < LINES; i++) log.debug({ i }, 'below the level');
    const skippedMs = performance.now() - skipped;
    await logger.close();
    rows.push([secret ? 'info line, API key scrubbed' : 'info line', fmt((ms * 1000) / LINES, 1), fmt((skippedMs * 1000) / LINES, 2)]);
  }
  printTable(`Log lines (${LINES} each, synchronous writes to a local disk)`, ['entry', 'µs per line', 'µs per debug line skipped'], rows);
}

/** A core whose every call answers at once: what is left is the logging wrapper's own cost. */
async function benchCallContext(root: string): Promise<void> {
  const instant: Core = {
    dispatch: async () => ({ ok: true, value: {} }),
    events: createEventBus(),
    dataDir: root,
    tickMonitoring: async () => undefined,
    dispose: async () => undefined,
  };
  const bare = await perCallMicros(instant);
  const rows: Array<Array<string | number>> = [['bare dispatch', fmt(bare, 2)]];
  for (const level of ['info', 'debug'] as const) {
    const wrapped = await withCoreLogging(join(root, `calls-${level}`), { level, background: false }, async () => instant);
    rows.push([`with the log context, level ${level}${level === 'debug' ? ' (a line per call)' : ''}`, fmt(await perCallMicros(wrapped), 2)]);
    await wrapped.dispose();
  }
  printTable(`Contract call overhead (${CALLS} calls)`, ['dispatch', 'µs per call'], rows);
}

async function perCallMicros(core: Core): Promise<number> {
  for (let i = 0; i < 1000; i++) await core.dispatch('app.info', {});
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await core.dispatch('app.info', {});
  return ((performance.now() - started) * 1000) / CALLS;
}

async function benchLogsList(root: string): Promise<void> {
  const dataDir = join(root, 'list');
  const logger = await openCoreLogger(dataDir, { level: 'info' });
  const sources = ['ingest', 'chat', 'quality', 'llm', 'watch'];
  let i = 0;
  const dir = join(dataDir, 'logs');
  // Fill one file up to its 10 MB limit, one warning in fifty.
  while (readdirSync(dir).reduce((size, name) => size + statSync(join(dir, name)).size, 0) < 10 * 1024 * 1024 - 4096) {
    for (let k = 0; k < 1000; k++, i++) {
      const log = logger.for(sources[i % sources.length]);
      if (i % 50 === 0) log.warn({ jobId: 'job-1', documentId: `doc-${i}`, errorCode: 'CORRUPT_FILE' }, 'document failed');
      else log.info({ jobId: 'job-1', documentId: `doc-${i}`, status: 'ready', pages: 12, chunks: 40, ms: 812 }, 'document ready');
    }
  }
  await logger.close();
  const rows: Array<Array<string | number>> = [];
  for (const [name, filter] of [
    ['newest 200', {}],
    ['level warn, newest 200', { level: 'warn' as const }],
    ['words (doc-12345)', { query: 'doc-12345' }],
    ['source quality, 10,000', { source: 'quality', limit: 10_000 }],
  ] as const) {
    const times: number[] = [];
    let count = 0;
    for (let run = 0; run < 5; run++) {
      const { value, ms } = await timed(() => readLogs(dir, filter));
      times.push(ms);
      count = value.length;
    }
    rows.push([name, count, fmt(percentile(times, 50), 0)]);
  }
  printTable(`logs.list over ${i} entries (one full 10 MB file)`, ['filter', 'entries', 'p50 ms'], rows);
}

async function benchDuckDB(): Promise<void> {
  const sizeMb = (dir: string) => Number(execDu(join(repoRoot, 'node_modules', dir))) / 1024;
  const rssBefore = process.memoryUsage().rss;
  const imported = await timed(() => import('@duckdb/node-api'));
  const duck = imported.value;
  const created = await timed(async () => {
    const instance = await duck.DuckDBInstance.create(':memory:');
    (await instance.connect()).closeSync();
    instance.closeSync();
  });
  printTable(
    'DuckDB (@duckdb/node-api, prebuilt binary from npm)',
    ['what', 'figure'],
    [
      ['size on disk: @duckdb/node-api + node-bindings', `${fmt(sizeMb('@duckdb/node-api') + sizeMb('@duckdb/node-bindings'), 1)} MB`],
      [`size on disk: the ${process.platform}-${process.arch} binary package`, `${fmt(sizeMb(`@duckdb/node-bindings-${process.platform}-${process.arch}`), 1)} MB`],
      ['first import', `${fmt(imported.ms, 0)} ms`],
      ['an in-memory database, opened and closed', `${fmt(created.ms, 1)} ms`],
      ['resident memory added by loading it and one database', `${fmt((process.memoryUsage().rss - rssBefore) / 1024 / 1024, 0)} MB`],
    ],
  );

  const service = createAnalyticsService(syntheticSources());
  const rows: Array<Array<string | number>> = [];
  for (const [name, sql] of [
    ['SELECT 1 (no table filled)', 'SELECT 1'],
    [`answers (${ANSWERS} rows): mode, p95 time`, 'SELECT mode, count(*), quantile_cont(total_ms, 0.95) FROM answers GROUP BY mode'],
    [`questions x answers join (${ANSWERS} + ${ANSWERS})`, 'SELECT count(*) FROM questions q JOIN answers a ON a.question_id = q.id WHERE a.total_ms > 1000'],
    ['metrics (week of minutes, 26 series)', "SELECT name, avg(value) FROM metrics WHERE resolution = '1m' GROUP BY name"],
  ] as const) {
    const times: number[] = [];
    for (let run = 0; run < 5; run++) times.push((await timed(() => service.query(sql))).ms);
    rows.push([name, fmt(percentile(times, 50), 0)]);
  }
  const exported = await timed(() => service.exportTable('answers', 'csv'));
  rows.push([`export answers as CSV (${ANSWERS} rows, ${fmt(exported.value.content.length / 1e6, 1)} MB)`, fmt(exported.ms, 0)]);
  await service.dispose();
  printTable('analytics.query and export, tables held in memory (the stores add their own read time)', ['query', 'p50 ms'], rows);
}

function execDu(path: string): string {
  let total = 0;
  const walk = (p: string) => {
    const stat = statSync(p);
    if (stat.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
    else total += stat.size;
  };
  walk(path);
  return String(total / 1024);
}

/** 10,000 questions with their answers, and a week of per-minute points for every history series. */
function syntheticSources(): AnalyticsSources {
  const start = Date.UTC(2026, 0, 1);
  const messages = Array.from({ length: ANSWERS }, (_, i) => {
    const at = new Date(start + i * 60_000).toISOString();
    const answer: Partial<Answer> = {
      question: `Question ${i}?`,
      answer: 'x'.repeat(400),
      mode: i % 3 ? 'generative' : 'extractive',
      outcome: 'complete',
      sources: [],
      model: 'model.gguf',
      timings: { retrievalMs: 12, promptMs: 900, ttftMs: 950, generationMs: 4000 + (i % 1000), totalMs: 5000 + (i % 3000), tokens: 180, tokensPerSecond: 22 },
      citationCheck: null,
    };
    return [
      { id: `q${i}`, conversationId: `c${i % 500}`, turn: i, role: 'user' as const, content: `Question ${i}?`, createdAt: at, replyTo: null, supersededBy: null, answer: null, error: null },
      { id: `a${i}`, conversationId: `c${i % 500}`, turn: i, role: 'assistant' as const, content: 'x'.repeat(400), createdAt: at, replyTo: `q${i}`, supersededBy: null, answer: JSON.stringify(answer), error: null },
    ];
  }).flat();
  const samples: HistoryRow[] = [];
  for (let minute = 0; minute < 7 * 24 * 60; minute++) {
    const t = new Date(start + minute * 60_000).toISOString();
    for (const name of HISTORY_SERIES) samples.push({ name, resolution: '1m', t, count: 1, sum: minute, min: 0, max: minute, p50: 1, p95: 2, value: minute });
  }
  return {
    messages: async () => messages,
    conversations: async () => [],
    feedback: async () => [],
    runs: async () => [],
    documents: async () => [],
    metricSamples: async () => samples,
  };
}
