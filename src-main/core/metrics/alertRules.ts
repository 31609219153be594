/**
 * The alert rules, evaluated in the app every minute (after the history's minute is written): the
 * same six the shipped Prometheus rules hold (resources/monitoring/alerts.yml).
 *
 * - latency-p95: the 95th percentile of the answers of the last five minutes above the threshold
 *   (10 s), with at least MIN_ANSWERS answers in them;
 * - error-rate: more than the threshold (5 %) of the last five minutes' questions failed (MIN_ANSWERS too);
 * - low-rating, low-ingest-success, last-run-failed: the quality statistics' alerts over 7 days;
 * - low-disk: the data folder's disk has less than the threshold (5 %) free.
 *
 * A rule that stops holding resolves its alert. Pure: the service gathers the figures.
 */
import type { Alert as QualityAlert } from '../../../src-shared/quality';
import type { AlertRule } from '../../../src-shared/monitoring';

export const WINDOW_MS = 5 * 60_000;
/** Fewer answers than this in five minutes say nothing about a rate or a percentile. */
export const MIN_ANSWERS = 3;

export interface AlertInputs {
  /** Answer times (seconds) and outcomes of the last WINDOW_MS. */
  latencies: number[];
  answers: number;
  errors: number;
  qualityAlerts: QualityAlert[];
  disk: { freeBytes: number; totalBytes: number } | null;
  thresholds: { p95Seconds: number; errorRate: number; minFreeDiskShare: number; minAverageRating: number; minIngestSuccess: number };
}

export interface RuleState {
  rule: AlertRule;
  severity: 'warning' | 'critical';
  firing: boolean;
  value: number;
  threshold: number;
}

export function evaluateRules(input: AlertInputs): RuleState[] {
  const t = input.thresholds;
  const sorted = [...input.latencies].sort((a, b) => a - b);
  const p95 = sorted.length ? sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)] : 0;
  const errorRate = input.answers > 0 ? input.errors / input.answers : 0;
  const quality = (code: QualityAlert['code']) => input.qualityAlerts.find((a) => a.code === code);
  const lowRating = quality('low-rating');
  const lowIngest = quality('low-ingest-success');
  const lastRunFailed = quality('last-run-failed');
  const freeShare = input.disk && input.disk.totalBytes > 0 ? input.disk.freeBytes / input.disk.totalBytes : 1;
  return [
    { rule: 'latency-p95', severity: 'warning', firing: sorted.length >= MIN_ANSWERS && p95 > t.p95Seconds, value: p95, threshold: t.p95Seconds },
    { rule: 'error-rate', severity: 'critical', firing: input.answers >= MIN_ANSWERS && errorRate > t.errorRate, value: errorRate, threshold: t.errorRate },
    { rule: 'low-rating', severity: 'critical', firing: lowRating !== undefined, value: Number(lowRating?.params.average ?? 0), threshold: t.minAverageRating },
    { rule: 'low-ingest-success', severity: 'warning', firing: lowIngest !== undefined, value: Number(lowIngest?.params.rate ?? 0), threshold: t.minIngestSuccess },
    { rule: 'low-disk', severity: 'critical', firing: freeShare < t.minFreeDiskShare, value: freeShare, threshold: t.minFreeDiskShare },
    { rule: 'last-run-failed', severity: 'warning', firing: lastRunFailed !== undefined, value: lastRunFailed ? 1 : 0, threshold: 0 },
  ];
}
