/**
 * One analysis run: chunk scores (0-30 %), the judged blacklist (30-80 %), re-ingestion advice
 * (80-100 %). Progress is saved to `analysis_runs` as it moves and pushed as `quality.run` events; a
 * heartbeat tells other processes the run is alive. One run at a time, in this process and across
 * processes sharing the library (ANALYSIS_RUNNING). Cancelling stops between decisions: every decision
 * taken so far is whole (chunkDecisions.ts), the rest waits for the next run.
 *
 * Judge calls never make the user wait: each waits until no question is being answered, and a
 * question that starts during a judge call stops that call, which is asked again afterwards.
 */
import { hostname } from 'node:os';
import type { Feedback } from '../../../src-shared/feedback';
import type { DocumentRecord } from '../../../src-shared/domain';
import { PhareError, toErrorValue, type ErrorValue, type Lang } from '../../../src-shared/errors';
import type { AnalysisRun, AuditEntry, Recommendation, ReviewItem, RunCounts, RunStep, RunTrigger } from '../../../src-shared/quality';
import type { Settings } from '../../../src-shared/domain';
import type { EventBus } from '../eventBus';
import type { ChatModel } from '../llm/types';
import type { LibraryStore, StoredChunkRecord } from '../store/libraryStore';
import type { UserActivity } from '../userActivity';
import { computeChunkScores } from './chunkScores';
import type { ChunkDecisions } from './chunkDecisions';
import { askQualityJudge, type JudgeCase, type JudgeEvidence, type JudgeOutcome } from './qualityJudge';
import type { ChunkScoreRow, QualityStore } from './qualityStore';
import { computeReingestAdvice, describeReason, type Advice } from './reingestAdvice';
import { timeOrderedId } from './timeOrderedId';

/** A running run's row is refreshed this often... */
export const HEARTBEAT_MS = 5_000;
/** ...and one not refreshed for this long was left behind by a process that stopped. */
export const STALE_RUN_MS = 30_000;
/** Progress is saved at most this often (and at every step). */
const SAVE_EVERY_MS = 500;
const EVIDENCE_PER_CHUNK = 10;

const STEP_RANGES: Record<RunStep, [number, number]> = { scores: [0, 30], blacklist: [30, 80], reingest: [80, 100] };

export interface Judge {
  /** Shown in the run and the audit log (the model file, or "remote:<label>"). */
  id: string;
  model: ChatModel;
}

export interface AnalysisRunnerDeps {
  quality: QualityStore;
  store: LibraryStore;
  feedback: { allCurrent(): Promise<Feedback[]> };
  decisions: ChunkDecisions;
  getSettings: () => Settings;
  /** The judge, or null when no model may judge (none configured, or remote without consent). */
  getJudge: () => Promise<Judge | null>;
  activity: UserActivity;
  events: EventBus;
  clock?: () => number;
  /** Each judge answer: whether it followed its JSON schema (the metrics count the ones that did not). */
  onJudgeOutput?: (valid: boolean) => void;
}

export interface AnalysisRunner {
  /** Starts a run and returns it at once (ANALYSIS_RUNNING when one is going on here or in another process). */
  start(trigger: RunTrigger): Promise<AnalysisRun>;
  /** Cancels this process's run; false when there is none. */
  cancel(): boolean;
  /** This process's run, while it runs. */
  current(): AnalysisRun | null;
  /** A run going on in any process (a fresh heartbeat), or null. */
  running(): Promise<AnalysisRun | null>;
  /** Marks runs a stopped process left as running (no heartbeat for STALE_RUN_MS) as interrupted. */
  markInterrupted(): Promise<AnalysisRun[]>;
  /** Resolves when this process's run (if any) has ended. */
  idle(): Promise<void>;
  dispose(): Promise<void>;
}

const ZERO_COUNTS: RunCounts = {
  feedbacks: 0,
  chunksScored: 0,
  candidates: 0,
  blacklisted: 0,
  kept: 0,
  sentToReview: 0,
  recommendations: 0,
  judgeCalls: 0,
  judgeErrors: 0,
};

export function createAnalysisRunner(deps: AnalysisRunnerDeps): AnalysisRunner {
  const clock = deps.clock ?? Date.now;
  const iso = () => new Date(clock()).toISOString();
  let active: { run: AnalysisRun; controller: AbortController; done: Promise<void> } | null = null;
  let starting = false;

  async function runningElsewhere(): Promise<AnalysisRun | null> {
    for (const entry of await deps.quality.runningRuns()) {
      if (active?.run.id === entry.run.id) continue;
      if (isAlive(entry)) return entry.run;
    }
    return null;
  }

  async function execute(run: AnalysisRun, controller: AbortController): Promise<void> {
    const signal = controller.signal;
    let lastSave = 0;
    let saving: Promise<void> = Promise.resolve();
    /** Pushes the run's state to the UI, and saves it (at most every SAVE_EVERY_MS unless forced; then the event follows the save). */
    const save = (force = false) => {
      const snapshot = { ...run, counts: { ...run.counts }, stepMs: { ...run.stepMs } };
      const now = Date.now();
      if (!force && now - lastSave < SAVE_EVERY_MS) {
        deps.events.emit('quality.run', snapshot);
        return saving;
      }
      lastSave = now;
      saving = saving
        .then(() => deps.quality.saveRun(snapshot))
        .catch((error: unknown) => console.warn('[quality] could not save the run:', error))
        .then(() => deps.events.emit('quality.run', snapshot));
      return saving;
    };
    const heartbeat = setInterval(() => void deps.quality.heartbeat(run.id).catch(() => undefined), HEARTBEAT_MS);
    heartbeat.unref?.();
    let stepStarted = performance.now();
    const enterStep = async (step: RunStep) => {
      if (run.step) run.stepMs = { ...run.stepMs, [run.step]: Math.round(performance.now() - stepStarted) };
      stepStarted = performance.now();
      run.step = step;
      run.progress = STEP_RANGES[step][0];
      await save(true);
    };
    const within = (step: RunStep, fraction: number) => {
      const [from, to] = STEP_RANGES[step];
      run.progress = Math.min(to, Math.round((from + (to - from) * fraction) * 10) / 10);
      void save();
    };
    const throwIfCancelled = () => {
      if (signal.aborted) throw new PhareError('CANCELLED');
    };

    try {
      const settings = deps.getSettings();
      const q = settings.quality;

      // Step 1: scores from every current feedback.
      await enterStep('scores');
      const feedbacks = await deps.feedback.allCurrent();
      throwIfCancelled();
      const previous = await deps.quality.listScores();
      const { scores } = computeChunkScores(feedbacks, { priorWeight: q.priorWeight });
      await deps.quality.replaceScores(scores, run.id);
      const scoredIds = new Set(scores.map((s) => s.chunkId));
      await deps.store.setChunkSatisfaction([
        ...scores.map((s) => ({ id: s.chunkId, satisfaction: s.score })),
        ...previous.filter((p) => !scoredIds.has(p.chunkId)).map((p) => ({ id: p.chunkId, satisfaction: null })),
      ]);
      run.counts.feedbacks = feedbacks.length;
      run.counts.chunksScored = scores.length;
      throwIfCancelled();

      // Step 2: candidates, judged.
      await enterStep('blacklist');
      const evidence = evidenceByChunk(feedbacks);
      const candidates = await blacklistCandidates(scores, q.minVotes, q.blacklistThreshold);
      run.counts.candidates = candidates.length;
      // Loaded once per run, and only when there is something to judge.
      let judgeRead: Promise<Judge | null> | null = null;
      const getJudge = () =>
        (judgeRead ??= deps
          .getJudge()
          .catch((error: unknown) => {
            console.warn('[quality] no judge for this run:', error instanceof Error ? error.message : error);
            return null;
          })
          .then((judge) => {
            run.judgeModel = judge?.id ?? null;
            return judge;
          }));
      await save(true);
      const documents = new Map((await deps.store.listDocuments()).map((d) => [d.id, d]));
      const judgeAdvice = new Map<string, string[]>();
      for (const [i, { chunk, score }] of candidates.entries()) {
        throwIfCancelled();
        const doc = documents.get(chunk.documentId);
        const lang = languageOf(doc, settings);
        const chunkEvidence = evidence.get(chunk.id) ?? [];
        const base = { chunkId: chunk.id, documentId: chunk.documentId, score: score.score, votes: score.votes, actor: run.id };
        const judge = await getJudge();
        if (!judge) {
          if (q.ruleOnlyDecisions) {
            await deps.decisions.applyFlag({ ...base, action: 'blacklist', reason: ruleReason(score, q.blacklistThreshold, lang), judgeVerdict: null, judgeRaw: null });
            run.counts.blacklisted++;
          } else {
            await sendToReview({ kind: 'blacklist', chunk, doc, score, evidence: chunkEvidence, why: 'no-judge', error: null, verdict: null });
          }
        } else {
          const outcome = await judgeWhenIdle(judge, {
            kind: 'chunk',
            lang,
            documentTitle: doc?.title ?? chunk.documentId,
            page: chunk.pageStart,
            text: chunk.text,
            score: score.score,
            votes: score.votes,
            evidence: chunkEvidence,
          });
          if (!outcome.ok && outcome.error.code === 'CANCELLED' && signal.aborted) throwIfCancelled();
          run.counts.judgeCalls++;
          if (!outcome.ok) {
            run.counts.judgeErrors++;
            await sendToReview({ kind: 'blacklist', chunk, doc, score, evidence: chunkEvidence, why: 'judge-error', error: outcome.error, verdict: null });
          } else if (outcome.verdict === 'blacklist') {
            await deps.decisions.applyFlag({ ...base, action: 'blacklist', reason: outcome.reason, judgeVerdict: 'blacklist', judgeRaw: outcome.raw });
            run.counts.blacklisted++;
          } else {
            // "keep", or "reingest": the passage stays; a garbled one counts toward its document's advice.
            await deps.decisions.record([{ ...base, action: 'keep', reason: outcome.reason, judgeVerdict: outcome.verdict, judgeRaw: outcome.raw }]);
            run.counts.kept++;
            if (outcome.verdict === 'reingest') judgeAdvice.set(chunk.documentId, [...(judgeAdvice.get(chunk.documentId) ?? []), chunk.id]);
          }
        }
        within('blacklist', (i + 1) / candidates.length);
      }

      // Step 3: re-ingestion advice.
      await enterStep('reingest');
      const existing = await deps.quality.listRecommendations();
      await closeReingested(existing, documents);
      const blacklisted = new Map<string, number>();
      for (const c of await deps.store.flaggedChunks('blacklisted')) blacklisted.set(c.documentId, (blacklisted.get(c.documentId) ?? 0) + 1);
      const advice = computeReingestAdvice({
        documents: [...documents.values()],
        blacklisted,
        scores,
        minVotes: q.minVotes,
        threshold: q.blacklistThreshold,
        judgeAdvice,
        existing,
        chunkSize: settings.chunkSize,
      });
      for (const [i, item] of advice.entries()) {
        throwIfCancelled();
        await adviseDocument(item, documents.get(item.documentId), await getJudge(), settings);
        within('reingest', (i + 1) / advice.length);
      }

      run.stepMs = { ...run.stepMs, reingest: Math.round(performance.now() - stepStarted) };
      run.status = 'completed';
      run.progress = 100;
    } catch (error) {
      run.status = signal.aborted ? 'cancelled' : 'failed';
      run.error = signal.aborted ? null : toErrorValue(error, deps.getSettings().language);
      if (!signal.aborted) console.error('[quality] analysis run failed:', error);
    } finally {
      clearInterval(heartbeat);
      run.endedAt = iso();
      await saving;
      await save(true);
    }

    /** Candidates for the blacklist: low score with enough votes, still in the library, not flagged, not waiting, not just decided. */
    async function blacklistCandidates(scores: ChunkScoreRow[], minVotes: number, threshold: number) {
      // Its own votes must lean negative too: in a library where most answers are rated badly, the prior
      // alone would pull a chunk with only neutral votes under the threshold.
      const low = scores.filter((s) => s.votes >= minVotes && s.score < threshold && s.mean < 0);
      if (low.length === 0) return [];
      const chunks = new Map((await deps.store.getChunks(low.map((s) => s.chunkId), { includeBlacklisted: true })).map((c) => [c.id, c]));
      const pending = new Set((await deps.quality.listReview('pending')).map((r) => r.chunkId));
      const settled = lastDecisions(await deps.quality.listAudit());
      const out: Array<{ chunk: StoredChunkRecord; score: ChunkScoreRow }> = [];
      for (const score of low.sort((a, b) => a.score - b.score || a.chunkId.localeCompare(b.chunkId))) {
        const chunk = chunks.get(score.chunkId);
        if (!chunk || chunk.blacklisted || chunk.whitelisted || pending.has(chunk.id)) continue;
        // A chunk the judge kept, a person refused to blacklist, or a person restored stays out of the
        // candidates until it draws more votes than it had then.
        const last = settled.get(chunk.id);
        if (last && (last.votes ?? 0) >= score.votes) continue;
        out.push({ chunk, score });
      }
      return out;
    }

    async function sendToReview(item: {
      kind: 'blacklist';
      chunk: StoredChunkRecord;
      doc: DocumentRecord | undefined;
      score: ChunkScoreRow;
      evidence: JudgeEvidence[];
      why: 'no-judge' | 'judge-error';
      error: ErrorValue | null;
      verdict: null;
    }): Promise<void> {
      const review: ReviewItem = {
        id: timeOrderedId(clock()),
        kind: item.kind,
        status: 'pending',
        chunkId: item.chunk.id,
        documentId: item.chunk.documentId,
        documentTitle: item.doc?.title ?? item.chunk.documentId,
        page: item.chunk.pageStart,
        text: item.chunk.text,
        score: item.score.score,
        votes: item.score.votes,
        why: item.why,
        judgeVerdict: item.verdict,
        judgeError: item.error,
        recommendationId: null,
        evidence: item.evidence,
        runId: run.id,
        createdAt: iso(),
        decidedAt: null,
      };
      await deps.quality.addReviewItems([review]);
      run.counts.sentToReview++;
      deps.events.emit('quality.changed', {});
    }

    /** Open recommendations whose document was ingested again since (or removed) are closed. */
    async function closeReingested(existing: Recommendation[], documents: Map<string, DocumentRecord>): Promise<void> {
      for (const r of existing) {
        if (r.status !== 'open' && r.status !== 'pending-review') continue;
        const doc = documents.get(r.documentId);
        if (doc && doc.updatedAt <= r.createdAt) continue;
        const closed: Recommendation = { ...r, status: 'closed', updatedAt: iso() };
        await deps.quality.saveRecommendation(closed);
        await deps.decisions.record([
          {
            action: 'reingested',
            chunkId: null,
            documentId: r.documentId,
            reason: doc ? 'the document was ingested again' : 'the document was removed',
            score: null,
            votes: null,
            judgeVerdict: null,
            judgeRaw: null,
            actor: run.id,
          },
        ]);
      }
    }

    async function adviseDocument(item: Advice, doc: DocumentRecord | undefined, judge: Judge | null, settings: Settings): Promise<void> {
      const lang = languageOf(doc, settings);
      const reasons = item.reasons.map((r) => describeReason(r, lang));
      const recommendation: Recommendation = {
        id: timeOrderedId(clock()),
        documentId: item.documentId,
        documentTitle: item.documentTitle,
        status: 'pending-review',
        reasons: item.reasons,
        suggested: item.suggested,
        judgeVerdict: null,
        judgeReason: null,
        runId: run.id,
        createdAt: iso(),
        updatedAt: iso(),
        jobId: null,
      };
      const audit = (action: AuditEntry['action'], reason: string, outcome: JudgeOutcome | null) => ({
        action,
        chunkId: null,
        documentId: item.documentId,
        reason,
        score: null,
        votes: null,
        judgeVerdict: outcome?.ok ? outcome.verdict : null,
        judgeRaw: outcome?.raw ?? null,
        actor: run.id,
      });
      let outcome: JudgeOutcome | null = null;
      if (judge) {
        const samples = (await deps.store.getChunks(item.sampleChunkIds, { includeBlacklisted: true })).map((c) => c.text);
        outcome = await judgeWhenIdle(judge, { kind: 'document', lang, documentTitle: item.documentTitle, reasons, samples });
        if (!outcome.ok && outcome.error.code === 'CANCELLED' && signal.aborted) throwIfCancelled();
        run.counts.judgeCalls++;
      }
      if (outcome?.ok && outcome.verdict === 'keep') {
        // The judge advised against: recorded, and not advised again for this content.
        await deps.quality.addRecommendation({ ...recommendation, status: 'dismissed', judgeVerdict: 'keep', judgeReason: outcome.reason });
        await deps.decisions.record([audit('dismissed', outcome.reason, outcome)]);
        return;
      }
      if (outcome?.ok) {
        await deps.quality.addRecommendation({ ...recommendation, status: 'open', judgeVerdict: outcome.verdict, judgeReason: outcome.reason });
        await deps.decisions.record([audit('recommend-reingest', `${reasons.join('; ')} — ${outcome.reason}`, outcome)]);
        run.counts.recommendations++;
        return;
      }
      // No judge, or it failed: a person decides (the recommendation waits, linked from the review item).
      if (outcome && !outcome.ok) run.counts.judgeErrors++;
      await deps.quality.addRecommendation(recommendation);
      await deps.quality.addReviewItems([
        {
          id: timeOrderedId(clock()),
          kind: 'reingest',
          status: 'pending',
          chunkId: null,
          documentId: item.documentId,
          documentTitle: item.documentTitle,
          page: null,
          text: reasons.join('\n'),
          score: null,
          votes: null,
          why: outcome ? 'judge-error' : 'no-judge',
          judgeVerdict: null,
          judgeError: outcome && !outcome.ok ? outcome.error : null,
          recommendationId: recommendation.id,
          evidence: [],
          runId: run.id,
          createdAt: iso(),
          decidedAt: null,
        },
      ]);
      run.counts.sentToReview++;
      run.counts.recommendations++;
      deps.events.emit('quality.changed', {});
    }

    /** Asks the judge when the user is not waiting; a question that starts meanwhile stops the call, which is asked again. */
    async function judgeWhenIdle(judge: Judge, judgeCase: JudgeCase): Promise<JudgeOutcome> {
      const timeoutMs = deps.getSettings().quality.judgeTimeoutSeconds * 1000;
      for (;;) {
        await deps.activity.whenIdle({ signal }).catch(() => undefined);
        if (signal.aborted) return { ok: false, error: new PhareError('CANCELLED').toValue(judgeCase.lang), raw: null };
        const preempt = new AbortController();
        const off = deps.activity.onBusy(() => preempt.abort());
        try {
          const outcome = await askQualityJudge(judge.model, judgeCase, { timeoutMs, signal: AbortSignal.any([signal, preempt.signal]) });
          if (!outcome.ok && preempt.signal.aborted && !signal.aborted) continue;
          if (outcome.ok || outcome.error.code === 'JUDGE_INVALID_OUTPUT') deps.onJudgeOutput?.(outcome.ok);
          return outcome;
        } finally {
          off();
        }
      }
    }
  }

  const runner: AnalysisRunner = {
    async start(trigger) {
      if (active || starting) throw new PhareError('ANALYSIS_RUNNING', { startedAt: active?.run.startedAt ?? iso() });
      starting = true;
      try {
        const elsewhere = await runningElsewhere();
        if (elsewhere) throw new PhareError('ANALYSIS_RUNNING', { startedAt: elsewhere.startedAt });
        const run: AnalysisRun = {
          id: timeOrderedId(clock()),
          trigger,
          status: 'running',
          progress: 0,
          step: null,
          counts: { ...ZERO_COUNTS },
          judgeModel: null,
          startedAt: iso(),
          endedAt: null,
          stepMs: {},
          error: null,
        };
        await deps.quality.addRun(run);
        const controller = new AbortController();
        const done = execute(run, controller).finally(() => {
          if (active?.run === run) active = null;
        });
        active = { run, controller, done };
        deps.events.emit('quality.run', { ...run });
        return { ...run, counts: { ...run.counts } };
      } finally {
        starting = false;
      }
    },
    cancel() {
      if (!active || active.controller.signal.aborted) return false;
      active.controller.abort();
      return true;
    },
    current: () => (active ? { ...active.run, counts: { ...active.run.counts }, stepMs: { ...active.run.stepMs } } : null),
    async running() {
      return runner.current() ?? (await runningElsewhere());
    },
    async markInterrupted() {
      const marked: AnalysisRun[] = [];
      for (const entry of await deps.quality.runningRuns()) {
        const { run, heartbeatAt } = entry;
        if (active?.run.id === run.id || isAlive(entry)) continue;
        const interrupted: AnalysisRun = { ...run, status: 'interrupted', endedAt: new Date(heartbeatAt).toISOString() };
        await deps.quality.saveRun(interrupted);
        marked.push(interrupted);
      }
      return marked;
    },
    async idle() {
      await active?.done;
    },
    async dispose() {
      runner.cancel();
      await active?.done;
    },
  };
  return runner;
}

/**
 * Whether the process of a run saved as running is still at it: on this machine, its process exists
 * (a killed app is seen at once); elsewhere (a library on a shared folder), its heartbeat is fresh.
 */
function isAlive(entry: { heartbeatAt: number; pid: number; host: string }): boolean {
  if (Date.now() - entry.heartbeatAt >= STALE_RUN_MS) return false;
  // Another core of this very process (tests) or another machine: the heartbeat is all there is.
  if (entry.host !== hostname() || entry.pid === process.pid) return true;
  try {
    process.kill(entry.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Per chunk, the questions and comments of the feedback that touched it (most recent first). */
function evidenceByChunk(feedbacks: readonly Feedback[]): Map<string, JudgeEvidence[]> {
  const out = new Map<string, JudgeEvidence[]>();
  for (const f of [...feedbacks].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))) {
    const item: JudgeEvidence = { question: f.snapshot.question, comment: f.comment, rating: f.rating, thumbs: f.thumbs };
    for (const source of f.snapshot.sources) {
      for (const chunkId of source.chunkIds) {
        const list = out.get(chunkId) ?? [];
        if (list.length < EVIDENCE_PER_CHUNK) list.push(item);
        out.set(chunkId, list);
      }
    }
  }
  return out;
}

/** The last decision that settles a chunk for now (kept by the judge, refused by a person, restored), per chunk. */
function lastDecisions(log: readonly AuditEntry[]): Map<string, AuditEntry> {
  const out = new Map<string, AuditEntry>();
  // The log comes most recent first: the first such entry met for a chunk is its last one.
  for (const entry of log) {
    if (!entry.chunkId || out.has(entry.chunkId)) continue;
    if (entry.action === 'keep' || entry.action === 'review-rejected' || entry.action === 'restore') out.set(entry.chunkId, entry);
  }
  return out;
}

function languageOf(doc: DocumentRecord | undefined, settings: Settings): Lang {
  if (doc?.language.startsWith('fr')) return 'fr';
  if (doc?.language.startsWith('en')) return 'en';
  return settings.language;
}

function ruleReason(score: ChunkScoreRow, threshold: number, lang: Lang): string {
  return lang === 'fr'
    ? `règle seule (aucun juge) : score ${score.score.toFixed(2)} < ${threshold} sur ${score.votes} votes`
    : `rule only (no judge): score ${score.score.toFixed(2)} < ${threshold} over ${score.votes} votes`;
}
