/**
 * The shipped monitoring assets (resources/monitoring) as the tests read them: the alert rules, the
 * Grafana dashboards and every PromQL expression in them, and the metric and label names each
 * expression uses, read with Prometheus' own PromQL grammar (@prometheus-io/lezer-promql, the one its
 * web UI uses).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../../helpers/paths';

export const monitoringDir = join(repoRoot, 'resources/monitoring');
export const dashboardsDir = join(monitoringDir, 'grafana/dashboards');

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function readAlertRules(): AlertRule[] {
  const doc = parseYaml(readFileSync(join(monitoringDir, 'alerts.yml'), 'utf8')) as { groups: Array<{ name: string; rules: AlertRule[] }> };
  return doc.groups.flatMap((g) => g.rules);
}

export interface GrafanaTarget {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
  format?: string;
}
export interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: GrafanaTarget[];
  panels?: GrafanaPanel[];
}
export interface GrafanaVariable {
  name: string;
  type: string;
  query?: string | { query: string };
  datasource?: { type: string; uid: string };
}
export interface GrafanaDashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: GrafanaPanel[];
  templating: { list: GrafanaVariable[] };
}

export function readDashboards(): Array<{ file: string; dashboard: GrafanaDashboard }> {
  return readdirSync(dashboardsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8')) as GrafanaDashboard }));
}

export function allPanels(dashboard: GrafanaDashboard): GrafanaPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Where an expression comes from (for messages) and the expression as Prometheus would receive it. */
export interface Expression {
  where: string;
  /** With Grafana's variables, as written in the file. */
  raw: string;
  /** Grafana's variables replaced by what Grafana sends: `$__rate_interval` by a duration, `$job` by `.*`. */
  promql: string;
}

/** Grafana's built-in interval variables, as durations PromQL accepts. */
const GRAFANA_DURATIONS: Record<string, string> = { __rate_interval: '1m', __interval: '1m', __range: '1h' };

export function substituteGrafanaVariables(expr: string): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (_, name: string) => GRAFANA_DURATIONS[name] ?? '.*');
}

/** `label_values(selector, label)` variable queries hold a selector; other forms (plain PromQL) are used as they are. */
function variableExpression(query: string): string {
  const m = /^label_values\((.*),\s*\w+\s*\)$/s.exec(query.trim());
  return m ? m[1] : query;
}

export function alertExpressions(): Expression[] {
  return readAlertRules().map((r) => ({ where: `alerts.yml ${r.alert}`, raw: r.expr, promql: r.expr }));
}

export function dashboardExpressions(): Expression[] {
  const out: Expression[] = [];
  for (const { file, dashboard } of readDashboards()) {
    for (const panel of allPanels(dashboard)) {
      for (const target of panel.targets ?? []) {
        out.push({ where: `${file} "${panel.title}" ${target.refId}`, raw: target.expr, promql: substituteGrafanaVariables(target.expr) });
      }
    }
    for (const variable of dashboard.templating.list) {
      if (variable.type !== 'query' || variable.query === undefined) continue;
      const query = typeof variable.query === 'string' ? variable.query : variable.query.query;
      out.push({ where: `${file} variable $${variable.name}`, raw: query, promql: substituteGrafanaVariables(variableExpression(query)) });
    }
  }
  return out;
}

export interface PromqlUse {
  /** Each vector selector: its metric name and the labels its matchers name. */
  selectors: Array<{ metric: string; labels: string[] }>;
  /** Each `by (...)` aggregation: its labels and the metrics under it. */
  groupings: Array<{ labels: string[]; metrics: string[] }>;
  /** Syntax errors and selectors with no metric name. */
  problems: string[];
}

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

function childrenNamed(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name === name) out.push(child);
  return out;
}

function descendantsNamed(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === name) out.push(child);
    out.push(...descendantsNamed(child, name));
  }
  return out;
}

export function analysePromql(expr: string): PromqlUse {
  const tree = parser.parse(expr);
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  const use: PromqlUse = { selectors: [], groupings: [], problems: [] };
  const metricOf = (selector: SyntaxNode) => {
    const id = childrenNamed(selector, 'Identifier')[0];
    return id ? text(id) : null;
  };
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        use.problems.push(`syntax error at ${ref.from}: "${expr.slice(Math.max(0, ref.from - 20), ref.to + 20)}"`);
        return;
      }
      const node = ref.node;
      if (ref.name === 'VectorSelector') {
        const metric = metricOf(node);
        if (!metric) {
          use.problems.push(`selector without a metric name: ${text(node)}`);
          return;
        }
        const labels = descendantsNamed(node, 'LabelName').map(text);
        use.selectors.push({ metric, labels });
      }
      if (ref.name === 'AggregateExpr') {
        const modifier = childrenNamed(node, 'AggregateModifier')[0];
        if (!modifier || childrenNamed(modifier, 'By').length === 0) return;
        const labels = descendantsNamed(modifier, 'LabelName').map(text);
        const metrics = descendantsNamed(node, 'VectorSelector')
          .map(metricOf)
          .filter((m): m is string => m !== null);
        use.groupings.push({ labels, metrics });
      }
    },
  });
  return use;
}

/** Series names a metric family serves: a histogram's `_bucket`, `_sum` and `_count`, a summary's `_sum` and `_count`. */
export function servedSeriesNames(exposition: string): Map<string, string> {
  const served = new Map<string, string>();
  for (const line of exposition.split('\n')) {
    const m = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (!m) continue;
    const [, name, type] = m;
    // A histogram's samples are only its _bucket, _sum and _count series; the family name is no series.
    if (type !== 'histogram') served.set(name, name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) served.set(name + suffix, name);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) served.set(name + suffix, name);
  }
  return served;
}
