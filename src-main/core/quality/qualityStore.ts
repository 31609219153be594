/**
 * The quality loop's tables, in the library's own LanceDB database, with their own connection (like
 * the conversations): nothing here is in the ingestion write path.
 *
 * - `analysis_runs`: one row per run, updated as it moves (progress, step, counts) and on a heartbeat,
 *   so another process can tell a live run from one a crash left behind.
 * - `quality_audit_log`: append-only. Rows are only ever added; undoing a decision is a new row.
 * - `chunk_scores`: the scores of the last run, replaced whole in one commit (readers see the old
 *   scores or the new ones).
 * - `review_queue` and `recommendations`: the record as JSON in `data`, with the columns lists filter on.
 */
import { hostname } from 'node:os';
import * as lancedb from '@lancedb/lancedb';
import { Field, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import {
  AnalysisRunSchema,
  AuditEntrySchema,
  RecommendationSchema,
  ReviewItemSchema,
  type AnalysisRun,
  type AuditEntry,
  type AuditFilter,
  type Recommendation,
  type ReviewItem,
} from '../../../src-shared/quality';
import { arrowRows, type PlainRow } from '../store/arrowRows';
import { sqlAnd, sqlEquals, sqlIn, sqlString } from '../store/sqlFilter';
import { compactingWrites } from '../store/compactingWrites';
import { tableOpener } from '../store/openOrCreateTable';
import { createWriteQueue } from '../store/writeQueue';
import { connectLance } from '../store/lanceConnection';

export const QUALITY_TABLES = {
  runs: 'analysis_runs',
  audit: 'quality_audit_log',
  scores: 'chunk_scores',
  review: 'review_queue',
  recommendations: 'recommendations',
} as const;

const str = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
const f64 = (name: string, nullable = false) => new Field(name, new Float64(), nullable);

/** `pid` and `host`: the process running it, so a run whose process is gone is known at once, without waiting for its heartbeat to go stale. */
const runsSchema = new Schema([str('id'), str('status'), str('startedAt'), str('heartbeatAt'), new Field('pid', new Int32(), false), str('host'), str('data')]);
const auditSchema = new Schema([
  str('id'),
  str('at'),
  str('action'),
  str('chunkId', true),
  str('documentId', true),
  str('reason'),
  f64('score', true),
  new Field('votes', new Int32(), true),
  str('judgeVerdict', true),
  str('judgeRaw', true),
  str('actor'),
]);
const scoresSchema = new Schema([
  str('chunkId'),
  str('documentId'),
  /** Smoothed satisfaction 0..1. */
  f64('score'),
  /** Unsmoothed weighted mean of the votes, -1..1. */
  f64('mean'),
  new Field('votes', new Int32(), false),
  f64('weight'),
  str('runId'),
]);
const reviewSchema = new Schema([str('id'), str('status'), str('kind'), str('chunkId', true), str('documentId'), str('createdAt'), str('data')]);
const recommendationsSchema = new Schema([str('id'), str('status'), str('documentId'), str('createdAt'), str('data')]);

/** A chunk's score as the last run computed it. */
export interface ChunkScoreRow {
  chunkId: string;
  documentId: string;
  score: number;
  mean: number;
  votes: number;
  weight: number;
}

export interface QualityStore {
  addRun(run: AnalysisRun): Promise<void>;
  /** Saves the run's state and refreshes its heartbeat. */
  saveRun(run: AnalysisRun): Promise<void>;
  /** Refreshes the heartbeat of a running run (a long judge call must not make it look dead). */
  heartbeat(runId: string): Promise<void>;
  getRun(id: string): Promise<AnalysisRun | null>;
  /** Most recent first. */
  listRuns(limit?: number): Promise<AnalysisRun[]>;
  /** Runs saved as running, with the time of their last heartbeat and the process that runs them. */
  runningRuns(): Promise<Array<{ run: AnalysisRun; heartbeatAt: number; pid: number; host: string }>>;

  appendAudit(entries: AuditEntry[]): Promise<void>;
  /** Most recent first. */
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;

  replaceScores(rows: ChunkScoreRow[], runId: string): Promise<void>;
  listScores(): Promise<ChunkScoreRow[]>;
  scoresOf(chunkIds: readonly string[]): Promise<Map<string, ChunkScoreRow>>;

  addReviewItems(items: ReviewItem[]): Promise<void>;
  listReview(status?: ReviewItem['status']): Promise<ReviewItem[]>;
  getReview(id: string): Promise<ReviewItem | null>;
  saveReview(item: ReviewItem): Promise<void>;

  addRecommendation(recommendation: Recommendation): Promise<void>;
  listRecommendations(status?: Recommendation['status']): Promise<Recommendation[]>;
  getRecommendation(id: string): Promise<Recommendation | null>;
  saveRecommendation(recommendation: Recommendation): Promise<void>;

  close(): Promise<void>;
}

/** Small fragments a quality table may hold before it is compacted (runs save their progress often). */
const MAX_SMALL_FRAGMENTS = 32;
/** IN lists are cut to this many ids. */
const IN_SLICE = 500;

export async function openQualityStore(dbPath: string): Promise<QualityStore> {
  const db = await connectLance(dbPath);
  const queue = createWriteQueue();
  const openOrCreate = tableOpener(db, await db.tableNames());
  const runs = await openOrCreate(QUALITY_TABLES.runs, runsSchema);
  const audit = await openOrCreate(QUALITY_TABLES.audit, auditSchema);
  const scores = await openOrCreate(QUALITY_TABLES.scores, scoresSchema);
  const review = await openOrCreate(QUALITY_TABLES.review, reviewSchema);
  const recommendations = await openOrCreate(QUALITY_TABLES.recommendations, recommendationsSchema);
  const tables = [runs, audit, scores, review, recommendations];

  // One compaction schedule per table: runs save their progress often, the audit log rarely.
  const writers = new Map(tables.map((table) => [table, compactingWrites(queue, { tables: () => [table], maxSmallFragments: MAX_SMALL_FRAGMENTS, tag: 'quality' })]));
  const write = <T>(table: lancedb.Table, task: () => Promise<T>): Promise<T> => writers.get(table)!(task);

  const rows = async (query: lancedb.Query): Promise<PlainRow[]> => arrowRows(await query.toArrow());
  const runOf = (row: PlainRow) => AnalysisRunSchema.parse(JSON.parse(String(row.data)));

  async function saveRunRow(run: AnalysisRun): Promise<void> {
    const values = { status: run.status, heartbeatAt: new Date().toISOString(), data: JSON.stringify(run) };
    await runs.update({ where: sqlEquals('id', run.id), values });
  }

  return {
    addRun: (run) =>
      write(runs, async () => {
        const now = new Date().toISOString();
        await runs.add([{ id: run.id, status: run.status, startedAt: run.startedAt, heartbeatAt: now, pid: process.pid, host: hostname(), data: JSON.stringify(run) }]);
      }),
    saveRun: (run) => write(runs, () => saveRunRow(run)),
    heartbeat: (runId) =>
      write(runs, async () => {
        await runs.update({ where: sqlAnd(sqlEquals('id', runId), sqlEquals('status', 'running')), values: { heartbeatAt: new Date().toISOString() } });
      }),
    async getRun(id) {
      const found = await rows(runs.query().where(sqlEquals('id', id)).limit(1));
      return found.length ? runOf(found[0]) : null;
    },
    async listRuns(limit) {
      const all = (await rows(runs.query().select(['startedAt', 'data']))).sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt)));
      return (limit ? all.slice(0, limit) : all).map(runOf);
    },
    async runningRuns() {
      const found = await rows(runs.query().where(sqlEquals('status', 'running')));
      return found.map((row) => ({ run: runOf(row), heartbeatAt: Date.parse(String(row.heartbeatAt)), pid: Number(row.pid), host: String(row.host) }));
    },

    appendAudit: (entries) =>
      write(audit, async () => {
        if (entries.length) await audit.add(entries.map((e) => ({ ...e })));
      }),
    async listAudit(filter = {}) {
      const where = sqlAnd(
        filter.since ? `${'`at`'} >= ${sqlString(new Date(filter.since).toISOString())}` : undefined,
        filter.action ? sqlEquals('action', filter.action) : undefined,
        filter.chunkId ? sqlEquals('chunkId', filter.chunkId) : undefined,
        filter.documentId ? sqlEquals('documentId', filter.documentId) : undefined,
        filter.actor ? sqlEquals('actor', filter.actor) : undefined,
      );
      const query = audit.query();
      if (where) query.where(where);
      // Same time: the row written later (ids are time-ordered) comes first.
      const found = (await rows(query)).map(auditOf).sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
      return filter.limit ? found.slice(0, filter.limit) : found;
    },

    replaceScores: (list, runId) =>
      write(scores, async () => {
        const data = list.map((r) => ({ ...r, runId }));
        // One commit: readers see the previous run's scores or these, never a mix.
        if (data.length) await scores.add(data, { mode: 'overwrite' });
        else await scores.delete('true');
      }),
    async listScores() {
      return (await rows(scores.query())).map(scoreOf);
    },
    async scoresOf(chunkIds) {
      const found = new Map<string, ChunkScoreRow>();
      const unique = [...new Set(chunkIds)];
      for (let i = 0; i < unique.length; i += IN_SLICE) {
        for (const row of await rows(scores.query().where(sqlIn('chunkId', unique.slice(i, i + IN_SLICE))))) {
          const score = scoreOf(row);
          found.set(score.chunkId, score);
        }
      }
      return found;
    },

    addReviewItems: (items) =>
      write(review, async () => {
        if (items.length === 0) return;
        await review.add(
          items.map((item) => ({
            id: item.id,
            status: item.status,
            kind: item.kind,
            chunkId: item.chunkId,
            documentId: item.documentId,
            createdAt: item.createdAt,
            data: JSON.stringify(item),
          })),
        );
      }),
    async listReview(status) {
      const query = review.query();
      if (status) query.where(sqlEquals('status', status));
      return (await rows(query)).map((row) => ReviewItemSchema.parse(JSON.parse(String(row.data)))).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    },
    async getReview(id) {
      const found = await rows(review.query().where(sqlEquals('id', id)).limit(1));
      return found.length ? ReviewItemSchema.parse(JSON.parse(String(found[0].data))) : null;
    },
    saveReview: (item) =>
      write(review, async () => {
        await review.update({ where: sqlEquals('id', item.id), values: { status: item.status, data: JSON.stringify(item) } });
      }),

    addRecommendation: (recommendation) =>
      write(recommendations, async () => {
        const { id, status, documentId, createdAt } = recommendation;
        await recommendations.add([{ id, status, documentId, createdAt, data: JSON.stringify(recommendation) }]);
      }),
    async listRecommendations(status) {
      const query = recommendations.query();
      if (status) query.where(sqlEquals('status', status));
      return (await rows(query))
        .map((row) => RecommendationSchema.parse(JSON.parse(String(row.data))))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    },
    async getRecommendation(id) {
      const found = await rows(recommendations.query().where(sqlEquals('id', id)).limit(1));
      return found.length ? RecommendationSchema.parse(JSON.parse(String(found[0].data))) : null;
    },
    saveRecommendation: (recommendation) =>
      write(recommendations, async () => {
        await recommendations.update({
          where: sqlEquals('id', recommendation.id),
          values: { status: recommendation.status, data: JSON.stringify(recommendation) },
        });
      }),

    async close() {
      await queue.idle();
      for (const table of tables) table.close();
      db.close();
    },
  };
}

function auditOf(row: PlainRow): AuditEntry {
  return AuditEntrySchema.parse({
    id: String(row.id),
    at: String(row.at),
    action: String(row.action),
    chunkId: row.chunkId == null ? null : String(row.chunkId),
    documentId: row.documentId == null ? null : String(row.documentId),
    reason: String(row.reason),
    score: row.score == null ? null : Number(row.score),
    votes: row.votes == null ? null : Number(row.votes),
    judgeVerdict: row.judgeVerdict == null ? null : String(row.judgeVerdict),
    judgeRaw: row.judgeRaw == null ? null : String(row.judgeRaw),
    actor: String(row.actor),
  });
}

function scoreOf(row: PlainRow): ChunkScoreRow {
  return {
    chunkId: String(row.chunkId),
    documentId: String(row.documentId),
    score: Number(row.score),
    mean: Number(row.mean),
    votes: Number(row.votes),
    weight: Number(row.weight),
  };
}
