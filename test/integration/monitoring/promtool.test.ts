/**
 * The shipped Prometheus files checked by the real promtool (Debian package `prometheus`): the
 * configuration, the alert rules, and the rules' unit tests (alerts.test.yml: each alert firing for
 * some instances and not for others).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { monitoringDir, readAlertRules } from './monitoringAssets';
import { requireTool, run } from './realTools';

const promtool = () => requireTool('promtool');

/** The six rules of the app (src-shared/monitoring.ts AlertRuleSchema), by their Prometheus names. */
const ALERTS = ['PhareAnswerLatencyHigh', 'PhareAnswerErrorRateHigh', 'PhareRatingLow', 'PhareIngestionSuccessLow', 'PhareDiskFreeLow', 'PhareAnalysisRunFailed'];

describe('promtool', () => {
  it('accepts prometheus.yml (which loads alerts.yml)', async () => {
    const result = await run(promtool(), ['check', 'config', 'prometheus.yml'], { cwd: monitoringDir });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('SUCCESS: 1 rule files found');
  });

  it('accepts alerts.yml: six rules, each with a severity, a summary and a description', async () => {
    const result = await run(promtool(), ['check', 'rules', 'alerts.yml'], { cwd: monitoringDir });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('SUCCESS: 6 rules found');
    const rules = readAlertRules();
    expect(rules.map((r) => r.alert).sort()).toEqual([...ALERTS].sort());
    for (const rule of rules) {
      expect(['warning', 'critical'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
    }
  });

  it('passes the rules unit tests, which have every alert both firing and not firing', async () => {
    const result = await run(promtool(), ['test', 'rules', 'alerts.test.yml'], { cwd: monitoringDir, timeoutMs: 90_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('SUCCESS');

    // Each alert is tested, with at least one evaluation where it fires and, in the same group, an
    // instance (or a time) where it does not.
    type AlertTest = { alertname: string; exp_alerts: Array<{ exp_labels: Record<string, string> }> };
    type Group = { input_series: Array<{ series: string }>; alert_rule_test: AlertTest[] };
    const doc = parseYaml(readFileSync(join(monitoringDir, 'alerts.test.yml'), 'utf8')) as { tests: Group[] };
    for (const alert of ALERTS) {
      const groups = doc.tests.filter((g) => g.alert_rule_test.some((t) => t.alertname === alert));
      expect(groups.length, `${alert} has no test`).toBeGreaterThan(0);
      const firing = groups.flatMap((g) => g.alert_rule_test.filter((t) => t.alertname === alert && t.exp_alerts.length > 0));
      expect(firing.length, `${alert} is never expected to fire`).toBeGreaterThan(0);
      const silentSomewhere = groups.some((g) => {
        const instances = new Set(g.input_series.map((s) => /instance="([^"]+)"/.exec(s.series)?.[1]));
        return g.alert_rule_test
          .filter((t) => t.alertname === alert)
          .some((t) => t.exp_alerts.length === 0 || t.exp_alerts.length < instances.size);
      });
      expect(silentSomewhere, `${alert} is never expected to stay silent`).toBe(true);
    }
  });
});
