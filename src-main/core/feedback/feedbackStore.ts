/**
 * Feedback on answers, in two tables of the library's own LanceDB database, next to the conversations
 * whose answers it rates. Like the conversation store, it has its own connection: feedback is written a
 * few times per answer at most, never in the ingestion write path.
 *
 * - `feedback`: the current state, one row per answer message, replaced whole at each edit (one
 *   merge-insert commit, so a reader sees the old version or the new one). The columns the list filters
 *   on are real columns; the answer snapshot is JSON text, read whole by the analysis run. The few
 *   fields a list row shows (question, answer preview, mode, model, source count) are copied out of the
 *   snapshot so a list of 10,000 feedbacks never parses 10,000 snapshots.
 * - `feedback_history`: every version ever written, appended and never updated or deleted (an edit, a
 *   withdrawal and a restore are each a new row). A version is appended before the current row is
 *   replaced: a crash in between leaves a history one version ahead, never a current state the history
 *   does not hold; the next edit numbers itself after both.
 */
import * as lancedb from '@lancedb/lancedb';
import { Bool, Field, Int32, Schema, Utf8 } from 'apache-arrow';
import type { FeedbackVersion, Thumbs } from '../../../src-shared/feedback';
import { arrowRows, type PlainRow } from '../store/arrowRows';
import { sqlEquals, sqlIn } from '../store/sqlFilter';
import { compactingWrites } from '../store/compactingWrites';
import { tableOpener } from '../store/openOrCreateTable';
import { createWriteQueue } from '../store/writeQueue';
import { connectLance } from '../store/lanceConnection';

export const FEEDBACK_TABLES = { current: 'feedback', history: 'feedback_history' } as const;

/** Small fragments a feedback table may hold before it is compacted (each edit adds two small commits). */
const MAX_SMALL_FRAGMENTS = 32;
/** Ids per IN filter (a filter of thousands of literals is slow to plan). */
const IN_SLICE = 500;

const str = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
const int = (name: string, nullable = false) => new Field(name, new Int32(), nullable);
const bool = (name: string) => new Field(name, new Bool(), false);

/** Why a feedback is withdrawn: by its author, or with its conversation (a restore of the conversation brings it back). */
export type WithdrawnWith = 'user' | 'conversation';

/** Columns of one version, in both tables. */
const versionFields = [
  str('id'),
  str('messageId'),
  str('conversationId'),
  int('version'),
  str('thumbs', true),
  int('rating', true),
  str('comment', true),
  str('correction', true),
  /** JSON array of source numbers. */
  str('wrongSources'),
  bool('withdrawn'),
  str('withdrawnWith', true),
  bool('needsAttention'),
  bool('hasComment'),
  bool('hasCorrection'),
  str('createdAt'),
  str('updatedAt'),
];

export const feedbackHistorySchema = new Schema(versionFields);

export const feedbackSchema = new Schema([
  ...versionFields,
  /** The collection the answer searched (null: the whole library). */
  str('collection', true),
  str('question'),
  str('answerPreview'),
  str('mode'),
  str('model', true),
  int('sourceCount'),
  /** AnswerSnapshot as JSON text. */
  str('snapshot'),
]);

export interface FeedbackVersionRow extends FeedbackVersion {
  withdrawnWith: WithdrawnWith | null;
}

export interface FeedbackRow extends FeedbackVersionRow {
  collection: string | null;
  question: string;
  answerPreview: string;
  mode: 'generative' | 'extractive';
  model: string | null;
  sourceCount: number;
  /** AnswerSnapshot as JSON text (parsed by the service when it needs it). */
  snapshot: string;
}

/** Columns a list reads: everything but the snapshot. */
const LIST_COLUMNS = feedbackSchema.fields.map((f) => f.name).filter((name) => name !== 'snapshot');

export interface FeedbackStore {
  getCurrent(messageId: string): Promise<FeedbackRow | null>;
  /** Current rows matching a SQL filter (built with store/sqlFilter.ts), snapshot left empty unless asked for. */
  listCurrent(where: string | undefined, options?: { withSnapshot?: boolean }): Promise<FeedbackRow[]>;
  /** Every version of an answer's feedback, oldest first. */
  history(messageId: string): Promise<FeedbackVersionRow[]>;
  /** The highest version number written for each answer (history and current), 0 for none. */
  latestVersions(messageIds: readonly string[]): Promise<Map<string, number>>;
  /** Appends each row's version to the history, then replaces (or adds) the current rows. */
  put(rows: readonly FeedbackRow[]): Promise<void>;
  close(): Promise<void>;
}

export async function openFeedbackStore(dbPath: string): Promise<FeedbackStore> {
  const db = await connectLance(dbPath);
  const queue = createWriteQueue();
  const openOrCreate = tableOpener(db, await db.tableNames());
  const current = await openOrCreate(FEEDBACK_TABLES.current, feedbackSchema);
  const history = await openOrCreate(FEEDBACK_TABLES.history, feedbackHistorySchema);

  const write = compactingWrites(queue, { tables: () => [current, history], maxSmallFragments: MAX_SMALL_FRAGMENTS, tag: 'feedback' });

  const rowsOf = async (query: lancedb.Query): Promise<PlainRow[]> => arrowRows(await query.toArrow());

  return {
    async getCurrent(messageId) {
      const rows = await rowsOf(current.query().where(sqlEquals('messageId', messageId)).limit(1));
      return rows.length ? toFeedbackRow(rows[0]) : null;
    },
    async listCurrent(where, options = {}) {
      let query = current.query();
      if (where) query = query.where(where);
      if (!options.withSnapshot) query = query.select(LIST_COLUMNS);
      return (await rowsOf(query)).map(toFeedbackRow);
    },
    async history(messageId) {
      const rows = (await rowsOf(history.query().where(sqlEquals('messageId', messageId)))).map(toVersionRow);
      return rows.sort((a, b) => a.version - b.version);
    },
    async latestVersions(messageIds) {
      const latest = new Map<string, number>(messageIds.map((id) => [id, 0]));
      for (let i = 0; i < messageIds.length; i += IN_SLICE) {
        const where = sqlIn('messageId', messageIds.slice(i, i + IN_SLICE));
        for (const table of [current, history]) {
          for (const r of await rowsOf(table.query().where(where).select(['messageId', 'version']))) {
            const id = String(r.messageId);
            latest.set(id, Math.max(latest.get(id) ?? 0, Number(r.version)));
          }
        }
      }
      return latest;
    },
    put: (rows) =>
      write(async () => {
        if (rows.length === 0) return;
        await history.add(rows.map(versionColumns));
        await current.mergeInsert('messageId').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows.map(currentColumns));
      }),
    async close() {
      await queue.idle();
      current.close();
      history.close();
      db.close();
    },
  };
}

function versionColumns(row: FeedbackVersionRow): Record<string, unknown> {
  return {
    id: row.id,
    messageId: row.messageId,
    conversationId: row.conversationId,
    version: row.version,
    thumbs: row.thumbs,
    rating: row.rating,
    comment: row.comment,
    correction: row.correction,
    wrongSources: JSON.stringify(row.wrongSources),
    withdrawn: row.withdrawn,
    withdrawnWith: row.withdrawnWith,
    needsAttention: row.needsAttention,
    hasComment: row.comment !== null,
    hasCorrection: row.correction !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function currentColumns(row: FeedbackRow): Record<string, unknown> {
  return {
    ...versionColumns(row),
    collection: row.collection,
    question: row.question,
    answerPreview: row.answerPreview,
    mode: row.mode,
    model: row.model,
    sourceCount: row.sourceCount,
    snapshot: row.snapshot,
  };
}

function toVersionRow(r: PlainRow): FeedbackVersionRow {
  return {
    id: String(r.id),
    messageId: String(r.messageId),
    conversationId: String(r.conversationId),
    version: Number(r.version),
    thumbs: r.thumbs === 'up' || r.thumbs === 'down' ? (r.thumbs as Thumbs) : null,
    rating: r.rating === null || r.rating === undefined ? null : Number(r.rating),
    comment: nullableString(r.comment),
    correction: nullableString(r.correction),
    wrongSources: parseNumbers(r.wrongSources),
    withdrawn: r.withdrawn === true,
    withdrawnWith: r.withdrawnWith === 'user' || r.withdrawnWith === 'conversation' ? r.withdrawnWith : null,
    needsAttention: r.needsAttention === true,
    createdAt: String(r.createdAt),
    updatedAt: String(r.updatedAt),
  };
}

function toFeedbackRow(r: PlainRow): FeedbackRow {
  return {
    ...toVersionRow(r),
    collection: nullableString(r.collection),
    question: String(r.question ?? ''),
    answerPreview: String(r.answerPreview ?? ''),
    mode: r.mode === 'generative' ? 'generative' : 'extractive',
    model: nullableString(r.model),
    sourceCount: Number(r.sourceCount ?? 0),
    snapshot: typeof r.snapshot === 'string' ? r.snapshot : '',
  };
}

function parseNumbers(value: unknown): number[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((n): n is number => Number.isInteger(n) && n > 0) : [];
  } catch {
    return [];
  }
}

function nullableString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
