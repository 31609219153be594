/**
 * Batch work told to a Pushgateway (optional URL in the settings): after each ingestion job and each
 * analysis run, that job's figures are pushed under `job` (phare_ingest, phare_analysis) and
 * `instance` (this machine) labels, replacing the previous push of the same job. A push that fails is
 * logged and counted (`pushgateway_push_errors_total`); it never fails the job.
 */
import { hostname } from 'node:os';
import { Gauge, Pushgateway, Registry } from 'prom-client';
import type { IngestJobDone } from '../../../src-shared/domain';
import type { AnalysisRun } from '../../../src-shared/quality';

/** Metric names a push carries (the monitoring assets may name them). */
export const PUSHED_METRIC_NAMES = [
  'phare_ingest_job_files',
  'phare_ingest_job_duration_seconds',
  'phare_ingest_job_last_completion_timestamp_seconds',
  'phare_analysis_run_counts',
  'phare_analysis_run_duration_seconds',
  'phare_analysis_run_status',
  'phare_analysis_run_last_completion_timestamp_seconds',
] as const;

/** A push that hangs must not pile up: it is given up after this long. */
const PUSH_TIMEOUT_MS = 10_000;

export interface JobPusher {
  ingestJob(done: IngestJobDone, seconds: number | null): Promise<void>;
  analysisRun(run: AnalysisRun): Promise<void>;
}

export function createJobPusher(deps: { url: () => string | null; onError: (error: unknown) => void; instance?: string }): JobPusher {
  const instance = deps.instance ?? hostname();

  async function push(jobName: string, fill: (registry: Registry) => void): Promise<void> {
    const url = deps.url();
    if (!url) return;
    const registry = new Registry();
    fill(registry);
    const gateway = new Pushgateway(url, { timeout: PUSH_TIMEOUT_MS }, registry);
    try {
      await gateway.push({ jobName, groupings: { instance } });
    } catch (error) {
      console.warn(`[metrics] push to the Pushgateway failed (${jobName}):`, error instanceof Error ? error.message : error);
      deps.onError(error);
    }
  }

  return {
    ingestJob(done, seconds) {
      return push('phare_ingest', (registry) => {
        const files = new Gauge({ name: 'phare_ingest_job_files', help: 'Files of the last ingestion job, by result.', labelNames: ['status'], registers: [registry] });
        for (const status of ['ready', 'failed', 'duplicate'] as const) files.set({ status }, done.results.filter((r) => r.status === status).length);
        if (seconds !== null) new Gauge({ name: 'phare_ingest_job_duration_seconds', help: 'Duration of the last ingestion job.', registers: [registry] }).set(seconds);
        new Gauge({ name: 'phare_ingest_job_last_completion_timestamp_seconds', help: 'When the last ingestion job ended (Unix time).', registers: [registry] }).set(Date.now() / 1000);
      });
    },
    analysisRun(run) {
      return push('phare_analysis', (registry) => {
        const counts = new Gauge({ name: 'phare_analysis_run_counts', help: 'Counts of the last analysis run.', labelNames: ['count'], registers: [registry] });
        for (const [name, value] of Object.entries(run.counts)) counts.set({ count: name }, value);
        if (run.endedAt) {
          new Gauge({ name: 'phare_analysis_run_duration_seconds', help: 'Duration of the last analysis run.', registers: [registry] }).set(
            (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000,
          );
        }
        const status = new Gauge({ name: 'phare_analysis_run_status', help: 'Status of the last analysis run (1 for its status).', labelNames: ['status'], registers: [registry] });
        status.set({ status: run.status }, 1);
        new Gauge({ name: 'phare_analysis_run_last_completion_timestamp_seconds', help: 'When the last analysis run ended (Unix time).', registers: [registry] }).set(
          Date.parse(run.endedAt ?? new Date().toISOString()) / 1000,
        );
      });
    },
  };
}
