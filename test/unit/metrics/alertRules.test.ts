import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../../src-main/core/metrics/alertRules';
import { alertNotificationText } from '../../../src-main/electron/alertNotificationText';
import { AlertRuleSchema } from '../../../src-shared/monitoring';

const thresholds = { p95Seconds: 10, errorRate: 0.05, minFreeDiskShare: 0.05, minAverageRating: 2.5, minIngestSuccess: 0.8 };
const quiet = { latencies: [], answers: 0, errors: 0, qualityAlerts: [], disk: { freeBytes: 50, totalBytes: 100 }, thresholds };
const firing = (input: Parameters<typeof evaluateRules>[0]) => evaluateRules(input).filter((r) => r.firing).map((r) => r.rule);

describe('alert rules', () => {
  it('stay quiet on a quiet machine', () => {
    expect(firing(quiet)).toEqual([]);
  });

  it('fire on the 95th percentile of the last five minutes, with enough answers', () => {
    expect(firing({ ...quiet, latencies: [11, 12], answers: 2 })).toEqual([]);
    expect(firing({ ...quiet, latencies: [1, 2, 3, 11, 12, 13, 14, 15, 16, 17], answers: 10 })).toEqual(['latency-p95']);
    expect(evaluateRules({ ...quiet, latencies: [1, 2, 3, 4, 5, 6, 7, 8, 9, 30], answers: 10 }).find((r) => r.rule === 'latency-p95')).toMatchObject({ firing: true, value: 30 });
    expect(firing({ ...quiet, latencies: Array.from({ length: 40 }, (_, i) => (i === 39 ? 60 : 1)), answers: 40 })).toEqual([]);
  });

  it('fire on errors over 5 %, disk under 5 %, and the quality alerts', () => {
    expect(firing({ ...quiet, answers: 20, errors: 1 })).toEqual([]);
    expect(firing({ ...quiet, answers: 20, errors: 2 })).toEqual(['error-rate']);
    expect(firing({ ...quiet, disk: { freeBytes: 4, totalBytes: 100 } })).toEqual(['low-disk']);
    expect(
      firing({
        ...quiet,
        qualityAlerts: [
          { code: 'low-rating', severity: 'critical', params: { average: 2.1 } },
          { code: 'low-ingest-success', severity: 'warning', params: { rate: 0.5 } },
          { code: 'last-run-failed', severity: 'warning', params: {} },
        ],
      }),
    ).toEqual(['low-rating', 'low-ingest-success', 'last-run-failed']);
  });

  it('have a desktop notification text for every rule in both languages', () => {
    for (const rule of AlertRuleSchema.options) {
      for (const lang of ['en', 'fr'] as const) {
        const text = alertNotificationText({ id: 'a', rule, severity: 'warning', state: 'firing', value: 0.03, threshold: 0.05, firedAt: '', resolvedAt: null, acknowledgedAt: null }, lang);
        expect(text.body).toMatch(/\S/);
        expect(text.body).not.toMatch(/undefined|NaN/);
      }
    }
    expect(alertNotificationText({ id: 'a', rule: 'low-disk', severity: 'critical', state: 'firing', value: 0.031, threshold: 0.05, firedAt: '', resolvedAt: null, acknowledgedAt: null }, 'fr').body).toBe(
      'Le disque du dossier de données n’a plus que 3.1 % d’espace libre (seuil 5 %).',
    );
  });
});
