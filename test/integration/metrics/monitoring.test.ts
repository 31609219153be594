/**
 * Monitoring through the contract on a real library: the metrics move where the work happens
 * (questions, ingestion, feedback, analysis runs), the exposition in both formats, the history's
 * minute and hour points, knowledge gaps, an alert that fires, is acknowledged and resolves, and the
 * metrics port (127.0.0.1 only, read-only, a port in use reported while the app runs on).
 */
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitoringAlert } from '../../../src-shared/monitoring';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';

let t: TestCore;
let ingestedChunks = 0;

/** The value of one sample line of the exposition, or null. */
function sample(text: string, line: string): number | null {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : null;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  t = await openTestCore({ language: 'en' });
  const [result] = await ingest(t.client, [corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt')]);
  expect(result.status).toBe('ready');
  ingestedChunks = result.chunks;
  const first = await t.client.call('chat.ask', { question: 'Who won Super Bowl 50?', requestId: 'm1' });
  await t.client.call('chat.ask', { question: 'Where was Super Bowl 50 played?', requestId: 'm2' });
  // Nothing in the library is about this: a knowledge gap.
  await t.client.call('chat.ask', { question: 'zyxwv qwertyuiop', requestId: 'm3' });
  await t.client.call('feedback.submit', { messageId: first.messageId!, thumbs: 'down', comment: 'wrong team' });
});

afterAll(async () => {
  await t?.dispose();
  if (t) rmSync(t.dataDir, { recursive: true, force: true });
});

describe('metrics', () => {
  it('count the questions, the ingestion and the feedback where they happen', async () => {
    const { text, contentType } = await eventually(
      () => t.client.call('monitoring.metrics', {}),
      (m) => sample(m.text, 'documents_ingested_total{format="text",status="ready"}') === 1,
    );
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(text, 'rag_queries_total{mode="extractive",status="complete"}')).toBe(2);
    expect(sample(text, 'rag_queries_total{mode="extractive",status="no-sources"}')).toBe(1);
    expect(sample(text, 'rag_unanswered_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'rag_total_latency_seconds_count')).toBe(3);
    expect(sample(text, 'rag_sources_used_count')).toBe(3);
    expect(sample(text, 'documents_ingested_total{format="text",status="ready"}')).toBe(1);
    expect(sample(text, 'ingest_duration_seconds_count{format="text"}')).toBe(1);
    // The document's chunks, told by the ingestion itself (ingest/ingestedFacts.ts), one per length bucket.
    const byLength = text.split('\n').filter((l) => l.startsWith('chunks_by_length_total{'));
    expect(ingestedChunks).toBeGreaterThan(1);
    expect(byLength.reduce((sum, l) => sum + Number(l.split(' ').pop()), 0)).toBe(ingestedChunks);
    expect(sample(text, 'current_document_chars')).toBeGreaterThan(1_000);
    expect(sample(text, 'feedback_total{kind="down"}')).toBe(1);
    expect(sample(text, 'feedback_total{kind="comment"}')).toBe(1);
    expect(sample(text, 'feedback_rating_count')).toBe(1);
    expect(sample(text, 'feedback_rating_sum')).toBe(1);
    expect(sample(text, 'rag_index_size{unit="documents"}')).toBe(1);
    expect(sample(text, 'rag_index_size{unit="chunks"}')).toBeGreaterThan(0);
    expect(sample(text, 'rag_index_size{unit="bytes"}')).toBeGreaterThan(0);
    expect(sample(text, 'data_disk_free_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'analysis_progress')).toBe(100);
  });

  it('count analysis runs and their decisions', async () => {
    const settings = await t.client.call('settings.get', {});
    await t.client.call('settings.update', { quality: { ...settings.quality, minVotes: 1, ruleOnlyDecisions: true, blacklistThreshold: 0.45 } });
    const run = await t.client.call('quality.run', {});
    const text = (
      await eventually(
        () => t.client.call('monitoring.metrics', {}),
        (m) => sample(m.text, 'analysis_runs_total{status="completed"}') === 1,
      )
    ).text;
    expect(run.status).toBe("running");
    expect(sample(text, 'analysis_duration_seconds_count')).toBe(1);
    expect(sample(text, 'analysis_last_success_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 600);
    const [ended] = await t.client.call('quality.runs', { limit: 1 });
    expect(sample(text, 'quality_decisions_total{action="blacklist"}') ?? 0).toBe(ended.counts.blacklisted);
    expect(sample(text, 'chunks_blacklisted')).toBe(ended.counts.blacklisted);
    await t.client.call('settings.update', { quality: settings.quality });
  });

  it('speak OpenMetrics when asked', async () => {
    const { text, contentType } = await t.client.call('monitoring.metrics', { format: 'openmetrics' });
    expect(contentType).toMatch(/^application\/openmetrics-text/);
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).toContain('# TYPE rag_queries counter');
    expect(text).toMatch(/^rag_queries_total\{mode="extractive",status="complete"\} 2$/m);
    // The Prometheus text is unchanged after an OpenMetrics scrape.
    expect((await t.client.call('monitoring.metrics', {})).text).toContain('# TYPE rag_queries_total counter');
  });
});

describe('the history', () => {
  it('keeps a point per minute with counts and percentiles, gauges, and hours for the long ranges', async () => {
    const ticks: string[] = [];
    const off = t.client.on('monitoring.tick', (e) => ticks.push(e.at));
    // A minute later, the minute of the questions is over.
    await t.core.tickMonitoring(Date.now() + 60_000);
    off();
    expect(ticks).toHaveLength(1);
    const [answers, latency, rss] = await t.client.call('monitoring.history', { series: ['answers', 'total_latency_seconds', 'rss_bytes'], range: '1h' });
    expect(answers.resolution).toBe('1m');
    expect(answers.points.reduce((n, p) => n + p.count, 0)).toBe(3);
    const points = latency.points.filter((p) => p.count > 0);
    expect(points.reduce((n, p) => n + p.count, 0)).toBe(3);
    for (const p of points) {
      expect(p.p50).not.toBeNull();
      expect(p.p95!).toBeGreaterThanOrEqual(p.p50!);
      expect(p.max!).toBeGreaterThanOrEqual(p.p95!);
    }
    expect(rss.points.at(-1)!.value).toBeGreaterThan(0);
    const [hourly] = await t.client.call('monitoring.history', { series: ['answers'], range: '7d' });
    expect(hourly.resolution).toBe('1h');
    expect(hourly.points.reduce((n, p) => n + p.count, 0)).toBe(3);
  });

  it('lists the questions the library could not answer', async () => {
    const gaps = await t.client.call('monitoring.knowledgeGaps', {});
    expect(gaps.map((g) => g.question)).toContain('zyxwv qwertyuiop');
    expect(gaps.find((g) => g.question === 'zyxwv qwertyuiop')?.reason).toBe('no-sources');
    expect(gaps.map((g) => g.question)).not.toContain('Who won Super Bowl 50?');
    const overview = await t.client.call('monitoring.overview', {});
    expect(overview.questionsPerDay).toHaveLength(30);
    expect(overview.questionsPerDay.at(-1)!.questions).toBe(3);
    expect(overview.library.documents).toBe(1);
    expect(overview.averageRating7d).toBe(1);
  });
});

describe('alerts', () => {
  it('fire past a threshold, can be acknowledged, and resolve when the condition ends', async () => {
    const seen: MonitoringAlert[] = [];
    const off = t.client.on('monitoring.alert', (a) => seen.push(a));
    const settings = await t.client.call('settings.get', {});
    // Asking for 99.99 % free disk makes any real disk "low".
    await t.client.call('settings.update', { metrics: { ...settings.metrics, alertMinFreeDiskShare: 0.9999 } });
    await t.core.tickMonitoring(Date.now() + 60_000);
    const [firing] = await eventually(
      () => t.client.call('monitoring.alerts', { state: 'firing' }),
      (list) => list.some((a) => a.rule === 'low-disk'),
    );
    expect(firing).toMatchObject({ rule: 'low-disk', state: 'firing', threshold: 0.9999, acknowledgedAt: null });
    const acknowledged = await t.client.call('monitoring.acknowledge', { id: firing.id });
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    expect((await t.client.call('monitoring.overview', {})).openAlerts).toBe(1);

    await t.client.call('settings.update', { metrics: settings.metrics });
    await t.core.tickMonitoring(Date.now() + 60_000);
    const all = await eventually(
      () => t.client.call('monitoring.alerts', {}),
      (list) => list.every((a) => a.state === 'resolved'),
    );
    expect(all.find((a) => a.id === firing.id)).toMatchObject({ state: 'resolved', acknowledgedAt: acknowledged.acknowledgedAt });
    off();
    expect(seen.map((a) => [a.rule, a.state])).toEqual([
      ['low-disk', 'firing'],
      ['low-disk', 'resolved'],
    ]);
  });
});

describe('the metrics port', () => {
  it('serves /metrics, /health and /status on 127.0.0.1 when turned on, read-only', async () => {
    const port = await freePort();
    const settings = await t.client.call('settings.get', {});
    await t.client.call('settings.update', { metrics: { ...settings.metrics, enabled: true, port } });
    try {
      const overview = await t.client.call('monitoring.overview', {});
      expect(overview.metricsUrl).toBe(`http://127.0.0.1:${port}`);
      const metrics = await fetch(`${overview.metricsUrl}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('rag_queries_total');
      const open = await fetch(`${overview.metricsUrl}/metrics`, { headers: { accept: 'application/openmetrics-text; version=1.0.0' } });
      expect(open.headers.get('content-type')).toMatch(/openmetrics/);
      const health = await fetch(`${overview.metricsUrl}/health`);
      expect(((await health.json()) as { components: unknown[] }).components.length).toBe(8);
      const status = (await (await fetch(`${overview.metricsUrl}/status`)).json()) as { name: string; library: { documents: number } };
      expect(status).toMatchObject({ name: 'Phare', library: { documents: 1 } });
      expect((await fetch(`${overview.metricsUrl}/metrics`, { method: 'POST' })).status).toBe(405);
      // A page on another name rebound to 127.0.0.1 (DNS rebinding) is refused.
      const rebound = await new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/status', headers: { host: `evil.example:${port}` } }, (res) => resolve(res.statusCode ?? 0))
          .on('error', reject)
          .end();
      });
      expect(rebound).toBe(403);
    } finally {
      await t.client.call('settings.update', { metrics: settings.metrics });
    }
    expect((await t.client.call('monitoring.overview', {})).metricsUrl).toBeNull();
  });

  it('reports a port in use and the app runs on', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const settings = await t.client.call('settings.get', {});
    try {
      await t.client.call('settings.update', { metrics: { ...settings.metrics, enabled: true, port } });
      const overview = await t.client.call('monitoring.overview', {});
      expect(overview.metricsUrl).toBeNull();
      expect(overview.metricsError).toBe(`port ${port} is already in use`);
      expect((await t.client.call('library.list', {})).length).toBe(1);
    } finally {
      await t.client.call('settings.update', { metrics: settings.metrics });
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});
