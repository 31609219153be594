/**
 * What the services report as their work happens, turned into the Prometheus metrics
 * (metricDefinitions.ts) and the dashboard's history (metricsHistory.ts) at once: one call per fact,
 * so the two never disagree. Recording never throws into the service that reports.
 */
import type { AnswerTrace } from '../../../src-shared/conversations';
import type { Answer } from '../../../src-shared/domain';
import type { Feedback } from '../../../src-shared/feedback';
import type { AnalysisRun, AuditAction } from '../../../src-shared/quality';
import { ratingOf } from '../quality/qualityStats';
import { CHUNK_LENGTH_BUCKETS, type Metrics } from './metricDefinitions';
import type { MetricsHistory } from './metricsHistory';

/**
 * A question whose best passages hold less than this share of its content words was not really
 * answered from the library (a knowledge gap). Measured on the corpus QA sets: see docs/benchmarks.md.
 */
export const WEAK_COVERAGE = 0.5;

export type ModelRoleLabel = 'chat' | 'judge' | 'embedding';

export interface ModelCall {
  role: ModelRoleLabel;
  status: 'ok' | 'error' | 'cancelled';
  promptTokens?: number;
  completionTokens?: number;
  generationMs?: number;
  /** A generation that produced no text. */
  empty?: boolean;
}

export interface IngestedFile {
  format: string;
  status: 'ready' | 'failed' | 'duplicate';
  errorCode: string | null;
  seconds: number | null;
  ocrPages: number;
  ocrConfidence: number | null;
  chunkLengths: number[];
}

export interface MetricsRecorder {
  answer(answer: Answer | null, trace: AnswerTrace): void;
  modelCall(call: ModelCall): void;
  judgeOutput(valid: boolean): void;
  ingested(file: IngestedFile): void;
  storeWriteError(): void;
  feedback(feedback: Feedback, previous: Feedback | null): void;
  feedbackWithdrawn(): void;
  decision(action: AuditAction): void;
  run(run: AnalysisRun): void;
  pushError(): void;
}

/**
 * Why a question counts as a knowledge gap, or null when it was answered from a good passage. The
 * ranking scores are kept for the dashboard: BM25 and cosine distances do not compare across libraries
 * (a three-chunk library gives BM25 scores under 1 to its best matches), so the decision rests on coverage.
 * An answer of the model alone (a conversation without documents) searched nothing: it says nothing
 * about the library, so it is never a gap.
 */
export function knowledgeGap(trace: AnswerTrace): { reason: 'no-sources' | 'weak-match'; bestFullText: number | null; bestVectorDistance: number | null } | null {
  const fullText = trace.retrieval.lists.filter((l) => l.source.startsWith('fulltext')).flatMap((l) => l.scores ?? []);
  const vector = trace.retrieval.lists.filter((l) => l.source === 'vector').flatMap((l) => l.scores ?? []);
  const bestFullText = fullText.length ? Math.max(...fullText) : null;
  const bestVectorDistance = vector.length ? Math.min(...vector) : null;
  if (trace.conversationMode === 'model') return null;
  if (trace.outcome === 'no-sources' || trace.retrieval.hits.length === 0) return { reason: 'no-sources', bestFullText, bestVectorDistance };
  if (trace.outcome === 'error' || trace.outcome === 'cancelled') return null;
  const coverage = trace.retrieval.bestCoverage;
  return coverage !== undefined && coverage < WEAK_COVERAGE ? { reason: 'weak-match', bestFullText, bestVectorDistance } : null;
}

export function createMetricsRecorder(metrics: Metrics, history: () => MetricsHistory | null): MetricsRecorder {
  const calls = new Map<ModelRoleLabel, { ok: number; all: number }>();
  const safely =
    <A extends unknown[]>(record: (...args: A) => void) =>
    (...args: A) => {
      try {
        record(...args);
      } catch (error) {
        console.warn('[metrics] could not record:', error instanceof Error ? error.message : error);
      }
    };
  const observe = (series: Parameters<MetricsHistory['observe']>[0], value: number) => history()?.observe(series, value);

  return {
    answer: safely((answer, trace) => {
      const mode = answer?.mode ?? trace.mode ?? 'none';
      const status = answer ? answer.outcome : 'error';
      metrics.ragQueries.inc({ mode, status });
      observe('answers', 1);
      if (!answer) {
        observe('answer_errors', 1);
      } else {
        const t = answer.timings;
        // The model alone searched nothing: no retrieval time, no sources to count.
        if (!answer.modelOnly) {
          metrics.ragRetrievalLatency.observe(t.retrievalMs / 1000);
          observe('retrieval_latency_seconds', t.retrievalMs / 1000);
        }
        metrics.ragTotalLatency.observe(t.totalMs / 1000);
        observe('total_latency_seconds', t.totalMs / 1000);
        if (answer.mode === 'generative') {
          metrics.ragGenerationLatency.observe(t.generationMs / 1000);
          metrics.ragAnswerTokens.observe(t.tokens);
          observe('generation_latency_seconds', t.generationMs / 1000);
          if (t.tokensPerSecond !== null) observe('tokens_per_second', t.tokensPerSecond);
        }
        if (t.ttftMs !== null) {
          metrics.ragTimeToFirstToken.observe(t.ttftMs / 1000);
          observe('ttft_seconds', t.ttftMs / 1000);
        }
        if (!answer.modelOnly) metrics.ragSourcesUsed.observe(answer.sources.length);
      }
      if (knowledgeGap(trace)) {
        metrics.ragUnanswered.inc();
        observe('unanswered', 1);
      }
    }),

    modelCall: safely((call) => {
      metrics.llmCalls.inc({ role: call.role, status: call.status });
      const tally = calls.get(call.role) ?? { ok: 0, all: 0 };
      tally.all++;
      if (call.status === 'ok') tally.ok++;
      calls.set(call.role, tally);
      metrics.llmCallSuccessRatio.set({ role: call.role }, tally.ok / tally.all);
      if (call.empty) metrics.llmEmptyResponses.inc({ role: call.role });
      if (call.promptTokens) metrics.llmTokens.inc({ direction: 'prompt' }, call.promptTokens);
      if (call.completionTokens) metrics.llmTokens.inc({ direction: 'completion' }, call.completionTokens);
      if (call.completionTokens && call.generationMs && call.generationMs > 0) {
        metrics.llmTokensPerSecond.set({ role: call.role }, (call.completionTokens / call.generationMs) * 1000);
      }
    }),

    judgeOutput: safely((valid) => {
      if (!valid) metrics.llmJsonErrors.inc();
    }),

    ingested: safely((file) => {
      if (file.status === 'duplicate') {
        metrics.documentsSkipped.inc({ reason: 'duplicate' });
        return;
      }
      const skipped = skipReason(file.errorCode);
      if (skipped) metrics.documentsSkipped.inc({ reason: skipped });
      metrics.documentsIngested.inc({ format: file.format, status: file.status });
      observe(file.status === 'ready' ? 'documents_ready' : 'documents_failed', 1);
      if (file.seconds !== null) metrics.ingestDuration.observe({ format: file.format }, file.seconds);
      if (file.ocrPages > 0) {
        metrics.ocrPages.inc(file.ocrPages);
        if (file.ocrConfidence !== null) metrics.ocrConfidence.observe(file.ocrConfidence);
      }
      let chars = 0;
      for (const length of file.chunkLengths) {
        chars += length;
        const bucket = CHUNK_LENGTH_BUCKETS.find((b) => length <= b);
        metrics.chunksByLength.inc({ bucket: bucket === undefined ? '+Inf' : String(bucket) });
      }
      if (file.status === 'ready') metrics.currentDocumentChars.set(chars);
    }),

    storeWriteError: safely(() => metrics.storeWriteErrors.inc()),

    feedback: safely((feedback, previous) => {
      // Counted once per feedback given, and again for what an edit adds (a comment, say).
      const kinds = (f: Feedback | null) => {
        const set = new Set<string>();
        if (!f || f.withdrawn) return set;
        if (f.thumbs) set.add(f.thumbs);
        if (f.rating !== null) set.add('rating');
        if (f.comment) set.add('comment');
        if (f.correction) set.add('correction');
        if (f.wrongSources.length) set.add('wrong-source');
        return set;
      };
      const before = kinds(previous);
      for (const kind of kinds(feedback)) if (!before.has(kind)) metrics.feedback.inc({ kind });
      const rating = ratingOf(feedback);
      const previousRating = previous && !previous.withdrawn ? ratingOf(previous) : null;
      if (rating !== null && rating !== previousRating) {
        metrics.feedbackRating.observe(rating);
        observe('feedback_rating', rating);
      }
      if (!previous || previous.withdrawn) observe('feedback', 1);
      if (feedback.correction && !previous?.correction) observe('feedback_corrections', 1);
    }),

    feedbackWithdrawn: safely(() => metrics.feedback.inc({ kind: 'withdrawn' })),

    decision: safely((action) => metrics.qualityDecisions.inc({ action })),

    run: safely((run) => {
      if (run.status === 'running') {
        metrics.analysisProgress.set(run.progress);
        return;
      }
      metrics.analysisProgress.set(100);
      metrics.analysisRuns.inc({ status: run.status });
      if (run.endedAt) metrics.analysisDuration.observe((Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000);
      if (run.status === 'completed') {
        metrics.analysisLastSuccess.set(Date.parse(run.endedAt ?? run.startedAt) / 1000);
        observe('analysis_runs_completed', 1);
      }
      if (run.status === 'failed') observe('analysis_runs_failed', 1);
    }),

    pushError: safely(() => metrics.pushErrors.inc()),
  };
}

function skipReason(code: string | null): string | null {
  switch (code) {
    case 'UNSUPPORTED_FORMAT':
    case 'FORMAT_MISMATCH':
      return 'unsupported';
    case 'FILE_EMPTY':
    case 'NO_TEXT':
      return 'empty';
    case 'FILE_TOO_LARGE':
    case 'ARCHIVE_TOO_LARGE':
      return 'too-large';
    default:
      return null;
  }
}
