/**
 * `quality.stats`: what the last days looked like (questions, answers, ratings, response times,
 * ingestion, OCR, runs) and the two signals read from it: attention (the feedback says answers are
 * getting worse) and alerts (the thresholds of the monitoring seeds: average rating under 2.5,
 * ingestion success under 80 %, last run failed). Pure: the service gathers the rows.
 */
import type { Feedback } from '../../../src-shared/feedback';
import type { Answer, DocumentRecord, QualitySettings } from '../../../src-shared/domain';
import type { Alert, AnalysisRun, Attention, QualityStats } from '../../../src-shared/quality';

/** Below this many samples a rate or an average is too noisy to alert on. */
export const ALERT_MIN_SAMPLES = 5;

export interface StatsInput {
  days: number;
  now: number;
  /** Questions and answers written in the window. */
  messages: ReadonlyArray<{ role: 'user' | 'assistant'; answer: Answer | null; failed: boolean }>;
  /** Current feedback given in the window (not withdrawn). */
  feedbacks: readonly Feedback[];
  /** Documents added in the window. */
  documents: readonly DocumentRecord[];
  /** Runs started in the window, and the most recent run of all. */
  runs: readonly AnalysisRun[];
  lastRun: AnalysisRun | null;
  blacklistedChunks: number;
  pendingReview: number;
  openRecommendations: number;
  settings: QualitySettings;
}

/** A feedback on the 1-5 scale: its rating, else 5 for a thumbs up and 1 for a thumbs down. */
export function ratingOf(f: Pick<Feedback, 'rating' | 'thumbs'>): number | null {
  if (f.rating !== null) return f.rating;
  return f.thumbs === 'up' ? 5 : f.thumbs === 'down' ? 1 : null;
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  // Nearest rank: an actual response time, never an interpolation between two.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function computeQualityStats(input: StatsInput): QualityStats {
  const q = input.settings;
  const answers = input.messages.filter((m) => m.role === 'assistant');
  const done = answers.map((m) => m.answer).filter((a): a is Answer => a !== null);
  const totals = done.map((a) => a.timings.totalMs).sort((a, b) => a - b);

  const ratings = input.feedbacks.map(ratingOf).filter((r): r is number => r !== null);
  const histogram: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const r of ratings) histogram[r - 1]++;
  const averageRating = ratings.length ? round(ratings.reduce((a, b) => a + b, 0) / ratings.length, 2) : null;
  const corrected = input.feedbacks.filter((f) => f.correction && f.correction.trim()).length;
  const correctedShare = input.feedbacks.length ? round(corrected / input.feedbacks.length, 3) : null;

  const finished = input.documents.filter((d) => d.status === 'ready' || d.status === 'failed');
  const failed = finished.filter((d) => d.status === 'failed').length;
  const ingestRate = finished.length ? round((finished.length - failed) / finished.length, 3) : null;
  const ocrDocs = input.documents.filter((d) => d.ocrPages > 0);
  const ocrPages = ocrDocs.reduce((n, d) => n + d.ocrPages, 0);
  const lowPages = ocrDocs.reduce((n, d) => n + d.lowConfidencePages.length, 0);
  const confidenceWeight = ocrDocs.filter((d) => d.ocrMeanConfidence !== null).reduce((n, d) => n + d.ocrPages, 0);
  const meanConfidence = confidenceWeight
    ? round(ocrDocs.reduce((n, d) => n + (d.ocrMeanConfidence ?? 0) * (d.ocrMeanConfidence === null ? 0 : d.ocrPages), 0) / confidenceWeight, 1)
    : null;

  const attention: Attention = { active: false, reasons: [] };
  if (input.feedbacks.length >= q.attentionMinFeedback) {
    if (averageRating !== null && averageRating < q.attentionMaxAverage) {
      attention.reasons.push({ code: 'low-average', params: { average: averageRating, threshold: q.attentionMaxAverage, count: input.feedbacks.length } });
    }
    if (correctedShare !== null && correctedShare > q.attentionMaxCorrectedShare) {
      attention.reasons.push({ code: 'many-corrections', params: { share: correctedShare, threshold: q.attentionMaxCorrectedShare, count: corrected } });
    }
  }
  attention.active = attention.reasons.length > 0;

  const alerts: Alert[] = [];
  if (ratings.length >= ALERT_MIN_SAMPLES && averageRating !== null && averageRating < q.alertMinAverageRating) {
    alerts.push({ code: 'low-rating', severity: 'critical', params: { average: averageRating, threshold: q.alertMinAverageRating, count: ratings.length } });
  }
  if (finished.length >= ALERT_MIN_SAMPLES && ingestRate !== null && ingestRate < q.alertMinIngestSuccess) {
    alerts.push({ code: 'low-ingest-success', severity: 'warning', params: { rate: ingestRate, threshold: q.alertMinIngestSuccess, failed, documents: finished.length } });
  }
  if (input.lastRun?.status === 'failed') {
    alerts.push({ code: 'last-run-failed', severity: 'warning', params: { runId: input.lastRun.id, at: input.lastRun.startedAt, error: input.lastRun.error?.message ?? '' } });
  }

  return {
    days: input.days,
    since: new Date(input.now - input.days * 86_400_000).toISOString(),
    questions: input.messages.filter((m) => m.role === 'user').length,
    answersByMode: {
      generative: done.filter((a) => a.mode === 'generative').length,
      extractive: done.filter((a) => a.mode === 'extractive').length,
      failed: answers.filter((m) => m.failed).length,
    },
    feedbacks: input.feedbacks.length,
    averageRating,
    ratingHistogram: histogram,
    thumbsUp: input.feedbacks.filter((f) => f.thumbs === 'up').length,
    thumbsDown: input.feedbacks.filter((f) => f.thumbs === 'down').length,
    correctedShare,
    responseMs: { p50: percentile(totals, 50), p95: percentile(totals, 95) },
    answerChars: { mean: done.length ? round(done.reduce((n, a) => n + a.answer.length, 0) / done.length, 1) : null },
    sourcesUsed: { mean: done.length ? round(done.reduce((n, a) => n + a.sources.length, 0) / done.length, 2) : null },
    ingestion: { documents: finished.length, failed, successRate: ingestRate },
    ocr: {
      documents: ocrDocs.length,
      pages: ocrPages,
      lowConfidencePages: lowPages,
      successRate: ocrPages ? round(1 - lowPages / ocrPages, 3) : null,
      meanConfidence,
    },
    runs: {
      completed: input.runs.filter((r) => r.status === 'completed').length,
      failed: input.runs.filter((r) => r.status === 'failed').length,
      other: input.runs.filter((r) => r.status !== 'completed' && r.status !== 'failed').length,
    },
    blacklistedChunks: input.blacklistedChunks,
    pendingReview: input.pendingReview,
    openRecommendations: input.openRecommendations,
    attention,
    alerts,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
