/**
 * The quality loop as the contract sees it: runs (start, cancel, history, schedule), the review queue,
 * hand-made chunk decisions, re-ingestion recommendations, the audit log, statistics and health. The
 * work itself lives in the modules beside this one; this file gathers what they need and records
 * each person's decision in the audit log.
 */
import type { Feedback } from '../../../src-shared/feedback';
import type { Answer, IngestJob, Settings } from '../../../src-shared/domain';
import { AnswerSchema } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import type {
  AnalysisRun,
  AuditEntry,
  AuditFilter,
  ChunkQuality,
  HealthReport,
  QualityStats,
  Recommendation,
  ReviewItem,
  ScheduleInfo,
} from '../../../src-shared/quality';
import { currentActor } from '../auth/callContext';
import type { ConversationStore } from '../conversations/conversationStore';
import type { EventBus } from '../eventBus';
import { csvCell } from '../export/csv';
import { healthReport } from '../health/healthReport';
import type { ModelService } from '../llm/types';
import type { LibraryStore, StoredChunkRecord } from '../store/libraryStore';
import type { UserActivity } from '../userActivity';
import { createAnalysisRunner, type Judge } from './analysisRun';
import { createChunkDecisions, type AuditDraft } from './chunkDecisions';
import { openQualityStore } from './qualityStore';
import { createQualityScheduler } from './qualitySchedule';
import { computeQualityStats } from './qualityStats';
import { timeOrderedId } from './timeOrderedId';

export interface QualityService {
  run(): Promise<AnalysisRun>;
  cancel(): boolean;
  runs(limit?: number): Promise<AnalysisRun[]>;
  schedule(): Promise<ScheduleInfo>;
  review(status?: ReviewItem['status']): Promise<ReviewItem[]>;
  decide(id: string, accept: boolean, reason?: string): Promise<ReviewItem>;
  setChunkFlag(chunkId: string, action: 'blacklist' | 'whitelist' | 'restore', reason: string): Promise<ChunkQuality>;
  chunks(filter: 'blacklisted' | 'whitelisted' | 'scored', limit?: number): Promise<ChunkQuality[]>;
  recommendations(status?: Recommendation['status']): Promise<Recommendation[]>;
  applyRecommendation(id: string): Promise<Recommendation>;
  dismissRecommendation(id: string, reason?: string): Promise<Recommendation>;
  audit(filter: AuditFilter): Promise<AuditEntry[]>;
  auditExport(format: 'csv' | 'json', filter?: AuditFilter): Promise<{ fileName: string; mime: string; content: string; count: number }>;
  stats(days?: number): Promise<QualityStats>;
  health(): Promise<HealthReport>;
  /** The settings changed (the schedule may have). */
  settingsChanged(): void;
  /** Resolves when this process's run, if any, has ended (tests, benchmarks). */
  idle(): Promise<void>;
  dispose(): Promise<void>;
}

export interface QualityServiceDeps {
  dataDir: string;
  store: LibraryStore;
  feedback: { allCurrent(): Promise<Feedback[]>; list(filter: { since?: string; limit?: number }): Promise<Array<{ messageId: string }>> };
  conversations: ConversationStore;
  models: ModelService;
  getSettings: () => Settings;
  events: EventBus;
  activity: UserActivity;
  /** Ingestion jobs (health, and a catch-up run waits for them to end). */
  jobs: () => ReadonlyArray<{ state: string }>;
  /** Starts `library.reingest` for a recommendation. */
  reingest: (options: { documentId: string; ocr?: 'auto' | 'always' | 'never'; chunkSize?: number; chunkOverlap?: number }) => Promise<IngestJob>;
  /** The app and `phare serve` schedule runs and catch up; one-shot CLI commands do not. */
  background: boolean;
  clock?: () => number;
  catchUpQuietMs?: number;
  /** Decisions and judge outputs, for the metrics. */
  observer?: { decision(action: AuditEntry['action']): void; judgeOutput(valid: boolean): void };
}

const STATS_DEFAULT_DAYS = 7;
/** Meta key: when this library started being analysed (no catch-up for slots before it). */
const SINCE_KEY = 'quality.since';

export async function createQualityService(deps: QualityServiceDeps): Promise<QualityService> {
  const clock = deps.clock ?? Date.now;
  const quality = await openQualityStore(deps.store.dbPath);
  const decisions = createChunkDecisions({ store: deps.store, quality, events: deps.events, onDecision: (action) => deps.observer?.decision(action) });

  async function getJudge(): Promise<Judge | null> {
    const settings = deps.getSettings();
    // What the judge reads (passages, questions, comments) goes to a remote server only with consent for it.
    if (settings.chatModelSource === 'remote' && !settings.quality.allowRemoteJudge) return null;
    const model = await deps.models.getChatModel();
    return model ? { id: model.id, model } : null;
  }

  const runner = createAnalysisRunner({
    quality,
    store: deps.store,
    feedback: deps.feedback,
    decisions,
    getSettings: deps.getSettings,
    getJudge,
    activity: deps.activity,
    events: deps.events,
    clock,
    onJudgeOutput: (valid) => deps.observer?.judgeOutput(valid),
  });

  // A run a stopped process left behind is marked interrupted, and decisions are made whole again.
  await runner.markInterrupted();
  await decisions.reconcile();

  // When this library started being analysed, written at its first start (no catch-up for slots before it).
  const savedSince = await deps.store.getMeta(SINCE_KEY);
  const analysedSince = savedSince ? Date.parse(savedSince) : clock();
  if (!savedSince) await deps.store.setMeta(SINCE_KEY, new Date(analysedSince).toISOString());

  const scheduler = createQualityScheduler({
    runner,
    quality,
    getSettings: () => deps.getSettings().quality,
    activity: deps.activity,
    ingesting: () => deps.jobs().some((j) => j.state === 'running'),
    since: async () => analysedSince,
    clock,
    catchUpQuietMs: deps.catchUpQuietMs,
  });
  if (deps.background) await scheduler.start();

  async function titles(documentIds: Iterable<string>): Promise<Map<string, string>> {
    const wanted = new Set(documentIds);
    const out = new Map<string, string>();
    if (wanted.size === 0) return out;
    for (const d of await deps.store.listDocuments()) if (wanted.has(d.id)) out.set(d.id, d.title);
    return out;
  }

  async function chunkQualities(chunks: StoredChunkRecord[]): Promise<ChunkQuality[]> {
    const scores = await quality.scoresOf(chunks.map((c) => c.id));
    const names = await titles(chunks.map((c) => c.documentId));
    return chunks.map((c) => ({
      chunkId: c.id,
      documentId: c.documentId,
      documentTitle: names.get(c.documentId) ?? c.documentId,
      page: c.pageStart,
      text: c.text,
      blacklisted: c.blacklisted,
      whitelisted: c.whitelisted,
      score: scores.get(c.id)?.score ?? null,
      votes: scores.get(c.id)?.votes ?? 0,
    }));
  }

  async function requireChunk(chunkId: string): Promise<StoredChunkRecord> {
    const [chunk] = await deps.store.getChunks([chunkId], { includeBlacklisted: true });
    if (!chunk) throw new PhareError('CHUNK_NOT_FOUND', { id: chunkId });
    return chunk;
  }

  async function requireRecommendation(id: string): Promise<Recommendation> {
    const found = await quality.getRecommendation(id);
    if (!found) throw new PhareError('RECOMMENDATION_NOT_FOUND', { id });
    if (found.status !== 'open' && found.status !== 'pending-review') throw new PhareError('RECOMMENDATION_CLOSED', { id, status: found.status });
    return found;
  }

  /** Pending review items a direct decision settled (a chunk flagged by hand, a recommendation applied). */
  async function settleReview(match: (item: ReviewItem) => boolean, accepted: boolean): Promise<void> {
    for (const item of await quality.listReview('pending')) {
      if (match(item)) await quality.saveReview({ ...item, status: accepted ? 'accepted' : 'rejected', decidedAt: new Date(clock()).toISOString() });
    }
  }

  // 'user' from the desktop app, the CLI and a local server; the account's name over a LAN (core/auth/callContext.ts).
  const userDraft = (draft: Omit<AuditDraft, 'actor'>): AuditDraft => ({ ...draft, actor: currentActor('user') });

  const service: QualityService = {
    run: () => runner.start('manual'),
    cancel: () => runner.cancel(),
    runs: (limit) => quality.listRuns(limit),

    async schedule() {
      const q = deps.getSettings().quality;
      const [lastRun] = await quality.listRuns(1);
      const running = await runner.running();
      const next = scheduler.nextRunAt();
      return { enabled: q.scheduleEnabled, time: q.scheduleTime, nextRunAt: next ? new Date(next.getTime()).toISOString() : null, lastRun: lastRun ?? null, running };
    },

    review: (status = 'pending') => quality.listReview(status),

    async decide(id, accept, reason) {
      const item = await quality.getReview(id);
      if (!item) throw new PhareError('REVIEW_ITEM_NOT_FOUND', { id });
      if (item.status !== 'pending') throw new PhareError('REVIEW_ITEM_CLOSED', { id, status: item.status });
      const why = reason?.trim() || (accept ? 'accepted in review' : 'rejected in review');
      const now = clock();
      const base = { chunkId: item.chunkId, documentId: item.documentId, score: item.score, votes: item.votes, judgeVerdict: item.judgeVerdict, judgeRaw: null };
      await decisions.record([userDraft({ ...base, action: accept ? 'review-accepted' : 'review-rejected', reason: why })], now);
      if (item.kind === 'blacklist' && accept && item.chunkId) {
        await decisions.applyFlag({ ...userDraft({ ...base, action: 'blacklist', reason: why }), chunkId: item.chunkId }, now);
      }
      if (item.kind === 'reingest' && item.recommendationId) {
        const recommendation = await quality.getRecommendation(item.recommendationId);
        if (recommendation && recommendation.status === 'pending-review') {
          await quality.saveRecommendation({ ...recommendation, status: accept ? 'open' : 'dismissed', updatedAt: new Date(now).toISOString() });
          if (accept) await decisions.record([userDraft({ ...base, action: 'recommend-reingest', reason: why })], now);
        }
      }
      const decided: ReviewItem = { ...item, status: accept ? 'accepted' : 'rejected', decidedAt: new Date(now).toISOString() };
      await quality.saveReview(decided);
      deps.events.emit('quality.changed', {});
      return decided;
    },

    async setChunkFlag(chunkId, action, reason) {
      const chunk = await requireChunk(chunkId);
      const score = (await quality.scoresOf([chunkId])).get(chunkId);
      await decisions.applyFlag({
        ...userDraft({ action, chunkId, documentId: chunk.documentId, reason, score: score?.score ?? null, votes: score?.votes ?? null, judgeVerdict: null, judgeRaw: null }),
        chunkId,
      });
      await settleReview((item) => item.kind === 'blacklist' && item.chunkId === chunkId, action === 'blacklist');
      return (await chunkQualities([await requireChunk(chunkId)]))[0];
    },

    async chunks(filter, limit = 1_000) {
      if (filter === 'scored') {
        const scores = (await quality.listScores()).sort((a, b) => a.score - b.score || a.chunkId.localeCompare(b.chunkId)).slice(0, limit);
        const byId = new Map((await deps.store.getChunks(scores.map((s) => s.chunkId), { includeBlacklisted: true })).map((c) => [c.id, c]));
        return chunkQualities(scores.map((s) => byId.get(s.chunkId)).filter((c): c is StoredChunkRecord => c !== undefined));
      }
      return chunkQualities((await deps.store.flaggedChunks(filter)).slice(0, limit));
    },

    recommendations: (status) => quality.listRecommendations(status),

    async applyRecommendation(id) {
      const recommendation = await requireRecommendation(id);
      const settings = deps.getSettings();
      const { ocr, chunkSize } = recommendation.suggested;
      // The overlap must stay below a smaller passage size.
      const overlap = chunkSize !== undefined && settings.chunkOverlap >= chunkSize ? Math.round(chunkSize / 8) : undefined;
      const job = await deps.reingest({ documentId: recommendation.documentId, ocr, chunkSize, chunkOverlap: overlap });
      const applied: Recommendation = { ...recommendation, status: 'applied', jobId: job.jobId, updatedAt: new Date(clock()).toISOString() };
      await quality.saveRecommendation(applied);
      await settleReview((item) => item.recommendationId === id, true);
      await decisions.record([
        userDraft({
          action: 'reingested',
          chunkId: null,
          documentId: recommendation.documentId,
          reason: `re-ingestion started (job ${job.jobId}) with ${JSON.stringify(recommendation.suggested)}`,
          score: null,
          votes: null,
          judgeVerdict: null,
          judgeRaw: null,
        }),
      ]);
      return applied;
    },

    async dismissRecommendation(id, reason) {
      const recommendation = await requireRecommendation(id);
      const dismissed: Recommendation = { ...recommendation, status: 'dismissed', updatedAt: new Date(clock()).toISOString() };
      await quality.saveRecommendation(dismissed);
      await settleReview((item) => item.recommendationId === id, false);
      await decisions.record([
        userDraft({
          action: 'dismissed',
          chunkId: null,
          documentId: recommendation.documentId,
          reason: reason?.trim() || 'dismissed',
          score: null,
          votes: null,
          judgeVerdict: null,
          judgeRaw: null,
        }),
      ]);
      return dismissed;
    },

    audit: (filter) => quality.listAudit(filter),

    async auditExport(format, filter = {}) {
      const entries = await quality.listAudit(filter);
      const day = new Date(clock()).toISOString().slice(0, 10);
      if (format === 'json') {
        return { fileName: `phare-quality-audit-${day}.json`, mime: 'application/json', content: JSON.stringify(entries, null, 2) + '\n', count: entries.length };
      }
      const columns: Array<keyof AuditEntry> = ['at', 'action', 'chunkId', 'documentId', 'reason', 'score', 'votes', 'judgeVerdict', 'judgeRaw', 'actor', 'id'];
      const lines = [columns.join(','), ...entries.map((e) => columns.map((c) => csvCell(e[c])).join(','))];
      return { fileName: `phare-quality-audit-${day}.csv`, mime: 'text/csv', content: lines.join('\r\n') + '\r\n', count: entries.length };
    },

    async stats(days = STATS_DEFAULT_DAYS) {
      const now = clock();
      const since = new Date(now - days * 86_400_000).toISOString();
      const settings = deps.getSettings();
      const rows = await deps.conversations.messagesSince(since);
      const messages = rows.map((m) => ({ role: m.role, answer: parseAnswer(m.answer), failed: m.role === 'assistant' && m.answer === null && m.error !== null }));
      const recent = new Set((await deps.feedback.list({ since })).map((f) => f.messageId));
      const feedbacks = recent.size ? (await deps.feedback.allCurrent()).filter((f) => recent.has(f.messageId)) : [];
      const documents = (await deps.store.listDocuments()).filter((d) => d.createdAt >= since);
      const allRuns = await quality.listRuns();
      return computeQualityStats({
        days,
        now,
        messages,
        feedbacks,
        documents,
        runs: allRuns.filter((r) => r.startedAt >= since),
        lastRun: allRuns.find((r) => r.status !== 'running') ?? null,
        blacklistedChunks: (await deps.store.flaggedChunks('blacklisted')).length,
        pendingReview: (await quality.listReview('pending')).length,
        openRecommendations: (await quality.listRecommendations('open')).length,
        settings: settings.quality,
      });
    },

    async health() {
      const settings = deps.getSettings();
      const [lastRun] = (await quality.listRuns(5)).filter((r) => r.status !== 'running');
      return healthReport({
        lang: settings.language,
        settings,
        dataDir: deps.dataDir,
        probeStore: async () => {
          // A write and a read back: a library on a full or read-only disk fails here, not at the next ingestion.
          const probe = `${timeOrderedId(clock())}`;
          await deps.store.setMeta('health.probe', probe);
          if ((await deps.store.getMeta('health.probe')) !== probe) throw new Error('the value written could not be read back');
          const counts = await deps.store.countByCollection();
          return { documents: [...counts.values()].reduce((a, b) => a + b, 0) };
        },
        modelsStatus: deps.models.status(),
        nextRunAt: scheduler.nextRunAt(),
        lastRun: lastRun ?? null,
        running: await runner.running(),
        jobs: deps.jobs(),
        now: clock(),
      });
    },

    settingsChanged: () => scheduler.reschedule(),
    idle: () => runner.idle(),

    async dispose() {
      scheduler.dispose();
      await runner.dispose();
      await quality.close();
    },
  };
  return service;
}

function parseAnswer(json: string | null): Answer | null {
  if (!json) return null;
  const parsed = AnswerSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}
