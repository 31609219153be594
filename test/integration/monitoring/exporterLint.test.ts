/**
 * What the metrics port serves, read through the contract (`monitoring.metrics`) on a real core after
 * an ingestion (a text file, a PDF and a file that fails) and a few questions, passes the real
 * `promtool check metrics` lint with nothing to say, and serves every metric the shipped rules and
 * dashboards name (the Pushgateway's own job metrics aside: prometheusEndToEnd.test.ts reads those).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSHED_METRIC_NAMES } from '../../../src-main/core/metrics/pushgateway';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';
import { alertExpressions, analysePromql, dashboardExpressions, servedSeriesNames } from './monitoringAssets';
import { requireTool, run, waitFor } from './realTools';

let t: TestCore;
let scratch: string;

beforeAll(async () => {
  t = await openTestCore({ language: 'en' });
  scratch = mkdtempSync(join(tmpdir(), 'phare-lint-'));
  const empty = join(scratch, 'empty.txt');
  writeFileSync(empty, '');
  const results = await ingest(t.client, [
    corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt'),
    corpusFile('pdf/pdfjs_tracemonkey.pdf'),
    empty,
  ]);
  expect(results.map((r) => r.status)).toEqual(['ready', 'ready', 'failed']);
  for (const [i, question] of ['Who won Super Bowl 50?', 'What is a trace tree?', 'zyxwv qwertyuiop'].entries()) {
    await t.client.call('chat.ask', { question, requestId: `lint-${i}` });
  }
});

afterAll(async () => {
  await t?.dispose();
  if (t) rmSync(t.dataDir, { recursive: true, force: true });
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The Prometheus text once the ingestion's metrics are in (they are recorded from the job's events). */
async function exposition(): Promise<string> {
  return waitFor('the ingestion in the metrics', async () => {
    const { text } = await t.client.call('monitoring.metrics', { format: 'prometheus' });
    return /documents_ingested_total\{[^}]*status="failed"[^}]*\} 1/.test(text) && /rag_queries_total\{/.test(text) ? text : undefined;
  });
}

describe('the exporter', () => {
  it('passes promtool check metrics with no lint problem', async () => {
    const { contentType } = await t.client.call('monitoring.metrics', {});
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await exposition();
    const result = await run(requireTool('promtool'), ['check', 'metrics'], { input: text });
    // promtool prints one line per problem (on stderr) and exits 3 on lint problems, 1 on a parse error.
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('serves every metric the alert rules and the dashboards name', async () => {
    const served = servedSeriesNames(await exposition());
    const named = new Set([...alertExpressions(), ...dashboardExpressions()].flatMap((e) => analysePromql(e.promql).selectors.map((s) => s.metric)));
    const pushed = new Set<string>(PUSHED_METRIC_NAMES);
    const missing = [...named].filter((name) => !served.has(name) && !pushed.has(name)).sort();
    expect(missing).toEqual([]);
    // The ones the recorder has moved by now carry values, not just their HELP and TYPE lines.
    const text = await exposition();
    for (const series of ['rag_queries_total{', 'rag_total_latency_seconds_count', 'documents_ingested_total{', 'ingest_duration_seconds_bucket{', 'chunks_by_length_total{']) {
      expect(text, series).toContain(series);
    }
  });
});
