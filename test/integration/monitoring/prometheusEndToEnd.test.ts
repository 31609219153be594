/**
 * Phare under a real Prometheus and a real Pushgateway (Debian packages), all children of this test
 * on free ports: `phare serve --metrics-port` is scraped every second by Prometheus, which also loads
 * the shipped alerts.yml; questions and an ingestion go through the HTTP bridge like any client; then
 * Prometheus' HTTP API shows the counters and histograms moved, accepts every expression of the
 * shipped rules and dashboards, and, with the Pushgateway's URL set, holds what Phare pushed after an
 * ingestion job and an analysis run (read both from the Pushgateway and through Prometheus, whose
 * honor_labels keeps Phare's job and instance labels).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApiToken } from '../../../src-main/core/auth/apiToken';
import { PUSHED_METRIC_NAMES } from '../../../src-main/core/metrics/pushgateway';
import { createContractClient, type ContractClient } from '../../../src-shared/rpc';
import { corpusFile, repoRoot } from '../../helpers/paths';
import { ingest } from '../../helpers/testCore';
import { runToEnd } from '../quality/runToEnd';
import { createHttpTestTransport, type HttpTestTransport } from '../transport/httpTestTransport';
import { alertExpressions, dashboardExpressions, monitoringDir } from './monitoringAssets';
import { Children, freePort, requireTool, waitFor, type Child } from './realTools';

const children = new Children();
let root: string;
let phare: Child;
let prometheusUrl: string;
let pushgatewayUrl: string;
let metricsUrl: string;
let transport: HttpTestTransport;
let client: ContractClient;

/** What a test waits for at most: each condition is polled, never slept on. */
const WAIT_MS = 45_000;

function context(): string {
  return `--- phare serve:\n${phare?.output().slice(-3000) ?? ''}`;
}

type Sample = { metric: Record<string, string>; value: [number, string] };

async function query(expr: string): Promise<{ resultType: string; result: unknown }> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { status: string; data?: { resultType: string; result: unknown }; error?: string };
  if (body.status !== 'success' || !body.data) throw new Error(`Prometheus refused ${expr}: ${body.error ?? res.status}`);
  return body.data;
}

async function samples(expr: string): Promise<Sample[]> {
  const data = await query(expr);
  if (data.resultType !== 'vector') throw new Error(`${expr} is a ${data.resultType}, not a vector`);
  return data.result as Sample[];
}

/** The value of a one-sample instant query, or undefined while it has none. */
async function value(expr: string): Promise<number | undefined> {
  const result = await samples(expr);
  return result.length ? Number(result[0].value[1]) : undefined;
}

/** Waits until Prometheus answers `expr` with a value that `ok` accepts. */
function until(expr: string, ok: (v: number) => boolean, timeoutMs = WAIT_MS): Promise<number> {
  let last: number | undefined;
  return waitFor(
    `Prometheus: ${expr}`,
    async () => {
      last = await value(expr);
      return last !== undefined && ok(last) ? last : undefined;
    },
    { timeoutMs, context: () => `last value: ${last ?? 'none'}\n${context()}` },
  );
}

async function httpOk(url: string): Promise<true | undefined> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.ok ? true : undefined;
}

beforeAll(async () => {
  const prometheus = requireTool('prometheus');
  const pushgateway = requireTool('prometheus-pushgateway', 'pushgateway');
  root = mkdtempSync(join(tmpdir(), 'phare-prom-'));
  const dataDir = join(root, 'data');
  const storage = join(root, 'prometheus');
  mkdirSync(dataDir);
  mkdirSync(storage);
  const [metricsPort, prometheusPort, pushgatewayPort] = [await freePort(), await freePort(), await freePort()];

  const gateway = children.start(pushgateway, [`--web.listen-address=127.0.0.1:${pushgatewayPort}`, '--persistence.file=', '--log.level=warn']);
  pushgatewayUrl = `http://127.0.0.1:${pushgatewayPort}`;

  // The app as a team would run it headless, its metrics port on.
  phare = children.start(process.execPath, [join(repoRoot, 'bin/phare.js'), 'serve', '--data', dataDir, '--port', '0', '--metrics-port', String(metricsPort), '--json'], {
    cwd: root,
    env: { ...process.env, LANG: 'C' },
  });
  metricsUrl = `http://127.0.0.1:${metricsPort}`;

  // Scrape the metrics port and the Pushgateway every second, with the shipped rules loaded.
  const config = join(root, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      `  - ${JSON.stringify(join(monitoringDir, 'alerts.yml'))}`,
      'scrape_configs:',
      '  - job_name: phare',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${metricsPort}']`,
      '  - job_name: pushgateway',
      '    honor_labels: true',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${pushgatewayPort}']`,
      '',
    ].join('\n'),
  );
  const server = children.start(prometheus, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${storage}`,
    `--web.listen-address=127.0.0.1:${prometheusPort}`,
    '--log.level=warn',
  ]);
  prometheusUrl = `http://127.0.0.1:${prometheusPort}`;

  await waitFor('the Pushgateway to be ready', () => httpOk(`${pushgatewayUrl}/-/ready`), { timeoutMs: WAIT_MS, context: gateway.output });
  await waitFor('Prometheus to be ready', () => httpOk(`${prometheusUrl}/-/ready`), { timeoutMs: WAIT_MS, context: server.output });
  const started = await waitFor(
    'phare serve to print where it serves',
    async () => {
      // --json: one JSON object on stdout once both ports listen.
      const out = phare.stdout().trim();
      return out.endsWith('}') ? (JSON.parse(out) as { url: string; metricsUrl: string | null }) : undefined;
    },
    { timeoutMs: 90_000, context },
  );
  expect(started.metricsUrl).toBe(metricsUrl);
  // The data folder's API token, as a script on this machine would use it.
  transport = createHttpTestTransport(started.url, readApiToken(dataDir)!);
  await transport.ready;
  client = createContractClient(transport);
  // Prometheus has scraped the app once before any work, so the histograms' counts start from 0.
  await until('up{job="phare"}', (v) => v === 1);
  await until('rag_total_latency_seconds_count{job="phare"}', (v) => v === 0);
}, 150_000);

afterAll(async () => {
  transport?.close();
  await children.killAll();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('Prometheus scraping phare serve', () => {
  it('serves the metrics port on 127.0.0.1 only, for Prometheus to scrape', async () => {
    const targets = (await (await fetch(`${prometheusUrl}/api/v1/targets`)).json()) as {
      data: { activeTargets: Array<{ labels: Record<string, string>; health: string; lastError: string }> };
    };
    const target = targets.data.activeTargets.find((t) => t.labels.job === 'phare');
    expect(target, JSON.stringify(targets)).toMatchObject({ health: 'up', lastError: '' });
    const res = await fetch(`${metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE rag_queries_total counter');
    // Not on any other address: another loopback address (Linux routes all of 127/8 to lo, where a
    // socket bound to 0.0.0.0 would answer) and this machine's own network addresses.
    const port = new URL(metricsUrl).port;
    const others = ['127.0.0.2', ...Object.values(networkInterfaces()).flatMap((list) => (list ?? []).filter((i) => i.family === 'IPv4' && !i.internal).map((i) => i.address))];
    for (const address of others) {
      const reached = await fetch(`http://${address}:${port}/metrics`, { signal: AbortSignal.timeout(5_000) }).then(
        () => true,
        () => false,
      );
      expect(reached, `the metrics port answered on ${address}`).toBe(false);
    }
  });

  it('sees the questions, the ingestion and the answer times move', async () => {
    const results = await ingest(client, [corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt'), corpusFile('pdf/pdfjs_tracemonkey.pdf')]);
    expect(results.map((r) => r.status)).toEqual(['ready', 'ready']);
    const questions = ['Who won Super Bowl 50?', 'Where was Super Bowl 50 played?', 'What is a trace tree?', 'zyxwv qwertyuiop'];
    for (const [i, question] of questions.entries()) await client.call('chat.ask', { question, requestId: `prom-${i}` });

    await until('sum(rag_queries_total{job="phare"})', (v) => v === questions.length);
    await until('sum(documents_ingested_total{job="phare",status="ready"})', (v) => v === 2);
    await until('sum by (format) (documents_ingested_total{job="phare",format="pdf"})', (v) => v === 1);
    // The histograms: counts of every answer, and the +Inf bucket holds them all.
    await until('rag_total_latency_seconds_count{job="phare"}', (v) => v === questions.length);
    await until('rag_total_latency_seconds_bucket{job="phare",le="+Inf"}', (v) => v === questions.length);
    await until('rag_retrieval_latency_seconds_count{job="phare"}', (v) => v === questions.length);
    await until('sum(ingest_duration_seconds_count{job="phare"})', (v) => v === 2);
    // increase() sees the move (these series existed at 0 before the first question).
    await until('increase(rag_total_latency_seconds_count{job="phare"}[5m])', (v) => v > 0);
    await until('histogram_quantile(0.95, sum by (le) (rate(rag_total_latency_seconds_bucket{job="phare"}[5m])))', (v) => v > 0 && v <= 120);
    // The gauges read at scrape time.
    await until('rag_index_size{job="phare",unit="documents"}', (v) => v === 2);
    await until('rag_index_size{job="phare",unit="chunks"}', (v) => v > 2);
    await until('data_disk_free_bytes{job="phare"} / data_disk_total_bytes{job="phare"}', (v) => v > 0 && v <= 1);
    await until('rag_unanswered_total{job="phare"}', (v) => v >= 1);
  });

  it("rate() and increase() count the first question and the first file (the alerts' error and ingestion rates need them)", async () => {
    // A labelled counter that appears only with its first event (rag_queries_total{mode,status},
    // documents_ingested_total{format,status}) is first scraped at 1 or more, and Prometheus counts no
    // increase for a series' first sample: the shipped rules and the dashboards would miss the first
    // events of each label set after every start of the app. Series the exporter starts at 0 are seen.
    // The previous test waited for every scrape these need.
    await until('sum(increase(rag_queries_total{job="phare"}[5m]))', (v) => v >= 4, 10_000);
    await until('sum(increase(documents_ingested_total{job="phare"}[5m]))', (v) => v >= 2, 10_000);
  });

  it('accepts every expression of the shipped alert rules and dashboards', async () => {
    const expressions = [...alertExpressions(), ...dashboardExpressions()];
    const refused: string[] = [];
    for (const e of expressions) {
      try {
        await query(e.promql);
      } catch (error) {
        refused.push(`${e.where}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(refused).toEqual([]);
    // The rules loaded from alerts.yml; none has failed an evaluation.
    const rules = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
    };
    const loaded = rules.data.groups.flatMap((g) => g.rules);
    expect(loaded).toHaveLength(6);
    expect(loaded.filter((r) => r.health === 'err')).toEqual([]);
  });
});

describe('the Pushgateway', () => {
  /** A group of the Pushgateway's /api/v1/metrics: its labels, and one entry per metric family pushed. */
  type Group = Record<string, unknown> & { labels: Record<string, string> };
  type Family = { metrics: Array<{ labels: Record<string, string>; value: string }> };
  const families = (g: Group) =>
    Object.entries(g).filter((e): e is [string, Family] => typeof e[1] === 'object' && e[1] !== null && Array.isArray((e[1] as Partial<Family>).metrics));
  const metricsOf = (g: Group, name: string) => families(g).find(([n]) => n === name)?.[1].metrics ?? [];

  async function pushedGroups(): Promise<Group[]> {
    const body = (await (await fetch(`${pushgatewayUrl}/api/v1/metrics`)).json()) as { status: string; data: Group[] };
    expect(body.status).toBe('success');
    return body.data;
  }

  it('holds the job metrics Phare pushed after an ingestion job and an analysis run', async () => {
    const settings = await client.call('settings.get', {});
    await client.call('settings.update', { metrics: { ...settings.metrics, pushgatewayUrl } });

    const [result] = await ingest(client, [corpusFile('qa/xquad_en/docs/xquad_en_d001_Warsaw.txt')]);
    expect(result.status).toBe('ready');
    const { run } = await runToEnd(client);
    expect(run.status).toBe('completed');

    const groups = await waitFor(
      'both pushes in the Pushgateway',
      async () => {
        const all = await pushedGroups();
        const jobs = all.map((g) => g.labels.job);
        return jobs.includes('phare_ingest') && jobs.includes('phare_analysis') ? all : undefined;
      },
      { timeoutMs: WAIT_MS, context },
    );
    const ingestGroup = groups.find((g) => g.labels.job === 'phare_ingest')!;
    const analysisGroup = groups.find((g) => g.labels.job === 'phare_analysis')!;
    expect(ingestGroup.labels.instance).toBe(hostname());
    expect(analysisGroup.labels.instance).toBe(hostname());
    const files = metricsOf(ingestGroup, 'phare_ingest_job_files');
    expect(files.find((m) => m.labels.status === 'ready')?.value).toBe('1');
    expect(files.find((m) => m.labels.status === 'failed')?.value).toBe('0');
    expect(metricsOf(ingestGroup, 'phare_ingest_job_last_completion_timestamp_seconds')).toHaveLength(1);
    const status = metricsOf(analysisGroup, 'phare_analysis_run_status');
    expect(status.map((m) => [m.labels.status, m.value])).toEqual([['completed', '1']]);
    expect(metricsOf(analysisGroup, 'phare_analysis_run_counts').length).toBeGreaterThan(0);
    // Every metric pushed is one the monitoring assets may name.
    const pushedNames = groups
      .filter((g) => g.labels.job === 'phare_ingest' || g.labels.job === 'phare_analysis')
      // The Pushgateway adds push_time_seconds and push_failure_time_seconds of its own.
      .flatMap((g) => families(g).map(([name]) => name))
      .filter((name) => name !== 'push_time_seconds' && name !== 'push_failure_time_seconds');
    expect(pushedNames.filter((n) => !(PUSHED_METRIC_NAMES as readonly string[]).includes(n))).toEqual([]);

    // Through Prometheus, honor_labels keeps the job and instance Phare pushed.
    await until(`phare_ingest_job_files{job="phare_ingest",instance=${JSON.stringify(hostname())},status="ready"}`, (v) => v === 1);
    await until(`phare_analysis_run_status{job="phare_analysis",instance=${JSON.stringify(hostname())},status="completed"}`, (v) => v === 1);
    // The run that completed moved the scraped counters and the last-success time too.
    await until('analysis_runs_total{job="phare",status="completed"}', (v) => v === 1);
    await until('analysis_last_success_timestamp_seconds{job="phare"}', (v) => Math.abs(v - Date.parse(run.endedAt!) / 1000) < 1);
    // No push failed, and the last run completed: the "last run failed" alert stays silent.
    expect(await value('pushgateway_push_errors_total{job="phare"}')).toBe(0);
    expect(await samples('ALERTS{alertname="PhareAnalysisRunFailed"}')).toEqual([]);
  });
});
