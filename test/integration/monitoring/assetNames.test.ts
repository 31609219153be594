/**
 * The Grafana dashboards are valid dashboard JSON for provisioning, and every PromQL expression of
 * the dashboards and the alert rules names only metrics Phare serves (the registry's definitions and
 * prom-client's process metrics, with a histogram's _bucket/_sum/_count series, or a metric the
 * Pushgateway push carries), with labels those metrics have. Grafana is not packaged in Debian: its
 * JSON is checked here, its expressions by the real Prometheus in prometheusEndToEnd.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defineMetrics, definedMetricNames } from '../../../src-main/core/metrics/metricDefinitions';
import { PUSHED_METRIC_NAMES } from '../../../src-main/core/metrics/pushgateway';
import {
  alertExpressions,
  allPanels,
  analysePromql,
  dashboardExpressions,
  monitoringDir,
  readDashboards,
  servedSeriesNames,
  type Expression,
} from './monitoringAssets';

/** Labels every series has once scraped (target labels), and a histogram bucket's bound. */
const TARGET_LABELS = new Set(['job', 'instance']);
/** Labels of what the Pushgateway push carries (src-main/core/metrics/pushgateway.ts). */
const PUSHED_LABELS: Record<string, string[]> = {
  phare_ingest_job_files: ['status'],
  phare_analysis_run_counts: ['count'],
  phare_analysis_run_status: ['status'],
};

let served: Map<string, string>;
let labelsOf: (family: string) => Set<string>;

beforeAll(async () => {
  const metrics = defineMetrics(() => null);
  served = servedSeriesNames(await metrics.registry.metrics());
  for (const name of PUSHED_METRIC_NAMES) served.set(name, name);
  labelsOf = (family) => {
    const metric = metrics.registry.getSingleMetric(family) as unknown as { labelNames?: string[] } | undefined;
    return new Set([...(metric?.labelNames ?? []), ...(PUSHED_LABELS[family] ?? [])]);
  };
});

function checkNames(expressions: Expression[]): string[] {
  const problems: string[] = [];
  for (const e of expressions) {
    const use = analysePromql(e.promql);
    for (const p of use.problems) problems.push(`${e.where}: ${p}`);
    if (use.selectors.length === 0) problems.push(`${e.where}: names no metric`);
    for (const s of use.selectors) {
      const family = served.get(s.metric);
      if (!family) {
        problems.push(`${e.where}: ${s.metric} is not served`);
        continue;
      }
      const known = labelsOf(family);
      for (const label of s.labels) {
        if (TARGET_LABELS.has(label) || (label === 'le' && s.metric.endsWith('_bucket'))) continue;
        if (!known.has(label)) problems.push(`${e.where}: ${s.metric} has no label "${label}"`);
      }
    }
    for (const g of use.groupings) {
      const families = g.metrics.map((m) => served.get(m)).filter((f): f is string => f !== undefined);
      for (const label of g.labels) {
        if (TARGET_LABELS.has(label)) continue;
        if (label === 'le' && g.metrics.some((m) => m.endsWith('_bucket'))) continue;
        if (!families.some((f) => labelsOf(f).has(label))) problems.push(`${e.where}: groups by "${label}", which none of ${g.metrics.join(', ')} has`);
      }
    }
  }
  return problems;
}

describe('metric names', () => {
  it('the exporter serves every metric it defines', async () => {
    const metrics = defineMetrics(() => null);
    const names = definedMetricNames(metrics);
    expect(names.length).toBeGreaterThan(30);
    const families = new Set(servedSeriesNames(await metrics.registry.metrics()).values());
    expect(names.filter((n) => !families.has(n))).toEqual([]);
  });

  it('alerts.yml names only served metrics and their labels', () => {
    const expressions = alertExpressions();
    expect(expressions).toHaveLength(6);
    expect(checkNames(expressions)).toEqual([]);
  });

  it("the dashboards' expressions name only served metrics and their labels", () => {
    const expressions = dashboardExpressions();
    expect(expressions.length).toBeGreaterThan(60);
    expect(checkNames(expressions)).toEqual([]);
  });

  it('the check catches an unknown metric, an unknown label and a histogram without its suffix', () => {
    const bad = (promql: string) => checkNames([{ where: 'x', raw: promql, promql }]);
    expect(bad('rate(rag_query_total[5m])')).toEqual(['x: rag_query_total is not served']);
    expect(bad('rag_queries_total{state="error"}')).toEqual(['x: rag_queries_total has no label "state"']);
    expect(bad('rate(rag_total_latency_seconds[5m])')).toEqual(['x: rag_total_latency_seconds is not served']);
    expect(bad('sum by (format) (rag_queries_total)')).toEqual(['x: groups by "format", which none of rag_queries_total has']);
    expect(bad('sum(rate(rag_queries_total[5m])')[0]).toMatch(/syntax error/);
    expect(bad('histogram_quantile(0.9, sum by (le) (rate(rag_total_latency_seconds_bucket{job=~".*"}[1m])))')).toEqual([]);
  });
});

describe('Grafana dashboards', () => {
  const dashboards = readDashboards();

  it('are the four of the Monitoring screen, with unique uids, all tagged phare', () => {
    expect(dashboards.map((d) => d.dashboard.title)).toEqual(['Phare / Overview', 'Phare / Performance', 'Phare / Quality', 'Phare / Resources']);
    const uids = dashboards.map((d) => d.dashboard.uid);
    expect(new Set(uids).size).toBe(4);
    for (const { dashboard } of dashboards) {
      expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
      expect((dashboard as unknown as { tags: string[] }).tags).toContain('phare');
    }
  });

  it('pick their Prometheus through a datasource variable, in every panel and target', () => {
    for (const { file, dashboard } of dashboards) {
      const ds = dashboard.templating.list.find((v) => v.name === 'DS_PROMETHEUS');
      expect(ds, file).toMatchObject({ type: 'datasource', query: 'prometheus' });
      const ref = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };
      for (const v of dashboard.templating.list.filter((x) => x.type === 'query')) expect(v.datasource, `${file} $${v.name}`).toEqual(ref);
      for (const panel of allPanels(dashboard).filter((p) => p.type !== 'row')) {
        expect(panel.datasource, `${file} ${panel.title}`).toEqual(ref);
        expect(panel.targets?.length, `${file} ${panel.title}`).toBeGreaterThan(0);
        const refIds = panel.targets!.map((t) => t.refId);
        expect(new Set(refIds).size, `${file} ${panel.title}`).toBe(refIds.length);
        for (const target of panel.targets!) {
          expect(target.datasource, `${file} ${panel.title}`).toEqual(ref);
          expect(target.expr.trim(), `${file} ${panel.title}`).not.toBe('');
        }
      }
    }
  });

  it('lay their panels on the 24-column grid without overlaps, with unique ids and known panel types', () => {
    const types = new Set(['row', 'stat', 'timeseries', 'bargauge', 'table', 'heatmap']);
    for (const { file, dashboard } of dashboards) {
      const panels = allPanels(dashboard);
      const ids = panels.map((p) => p.id);
      expect(new Set(ids).size, file).toBe(ids.length);
      const taken = new Set<string>();
      for (const p of panels) {
        expect(types.has(p.type), `${file} ${p.title}: ${p.type}`).toBe(true);
        expect(p.title.length, file).toBeGreaterThan(0);
        const g = p.gridPos;
        expect(g.x >= 0 && g.w > 0 && g.x + g.w <= 24 && g.y >= 0 && g.h > 0, `${file} ${p.title}`).toBe(true);
        for (let x = g.x; x < g.x + g.w; x++) {
          for (let y = g.y; y < g.y + g.h; y++) {
            expect(taken.has(`${x},${y}`), `${file} ${p.title} overlaps at ${x},${y}`).toBe(false);
            taken.add(`${x},${y}`);
          }
        }
      }
    }
  });

  it('use only the variables they define', () => {
    const builtIn = new Set(['__rate_interval', '__interval', '__range']);
    for (const { file, dashboard } of dashboards) {
      const defined = new Set(dashboard.templating.list.map((v) => v.name));
      const text = JSON.stringify(dashboard.panels) + JSON.stringify(dashboard.templating.list.map((v) => v.query ?? null));
      for (const [, name] of text.matchAll(/\$\{?(\w+)\}?/g)) {
        expect(defined.has(name) || builtIn.has(name), `${file}: $${name} is not defined`).toBe(true);
      }
    }
  });

  it('come with provisioning files for the data source and the dashboards', () => {
    const datasources = parseYaml(readFileSync(join(monitoringDir, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as {
      apiVersion: number;
      datasources: Array<{ type: string; uid: string; url: string; isDefault: boolean }>;
    };
    expect(datasources.apiVersion).toBe(1);
    expect(datasources.datasources).toHaveLength(1);
    expect(datasources.datasources[0]).toMatchObject({ type: 'prometheus', isDefault: true });
    expect(datasources.datasources[0].url).toMatch(/^http:\/\/127\.0\.0\.1:9090$/);
    const providers = parseYaml(readFileSync(join(monitoringDir, 'grafana/provisioning/dashboards/phare.yml'), 'utf8')) as {
      apiVersion: number;
      providers: Array<{ type: string; folder: string; options: { path: string } }>;
    };
    expect(providers.apiVersion).toBe(1);
    expect(providers.providers[0]).toMatchObject({ type: 'file', folder: 'Phare' });
    expect(providers.providers[0].options.path).toMatch(/^\//);
  });
});
