/**
 * Feedback on answers: given, edited (each version kept), withdrawn, listed, exported, and read whole
 * by the quality loop's analysis run.
 *
 * A submit is a patch over the current feedback: a field left out keeps its value, null clears it (the
 * app sends the thumbs first, then maybe a rating and a comment). After the patch the feedback must
 * have a direction (thumbs or rating). Every check runs before anything is written, so a refused
 * submit stores nothing. Feedback withdrawn earlier is not patched: a new submit starts afresh.
 *
 * Edits of this process are serialised (read the current version, write the next one) so two quick
 * clicks never write the same version twice.
 */
import { randomUUID } from 'node:crypto';
import { AnswerTraceSchema, type AnswerTrace } from '../../../src-shared/conversations';
import { AnswerSchema, type Answer, type Settings } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import type {
  AnswerSnapshot,
  Feedback,
  FeedbackExport,
  FeedbackExportFormat,
  FeedbackFilter,
  FeedbackInput,
  FeedbackSummary,
  FeedbackVersion,
} from '../../../src-shared/feedback';
import type { ConversationStore, MessageRow } from '../conversations/conversationStore';
import type { EventBus } from '../eventBus';
import type { LibraryStore } from '../store/libraryStore';
import { sqlAnd, sqlEquals } from '../store/sqlFilter';
import { createWriteQueue } from '../store/writeQueue';
import { buildAnswerSnapshot } from './answerSnapshot';
import { feedbackCsv, feedbackJsonl, trainingJsonl, type ChunkTexts } from './feedbackExport';
import { feedbackWhere } from './feedbackFilter';
import { openFeedbackStore, type FeedbackRow, type FeedbackVersionRow, type WithdrawnWith } from './feedbackStore';

/** Characters of the answer a list row shows. */
const ANSWER_PREVIEW_CHARS = 200;
/** Chunk ids per library read in the training export. */
const CHUNK_READ_SLICE = 500;

export interface FeedbackService {
  /** Creates or edits (version+1, history row); emits 'feedback.changed'. */
  submit(input: FeedbackInput): Promise<Feedback>;
  /** false when there was nothing to withdraw. */
  withdraw(messageId: string): Promise<boolean>;
  /** null when none or withdrawn. */
  get(messageId: string): Promise<Feedback | null>;
  /** Oldest first. */
  history(messageId: string): Promise<FeedbackVersion[]>;
  /** Most recent first. */
  list(filter: FeedbackFilter): Promise<FeedbackSummary[]>;
  exportFeedback(options: { format: FeedbackExportFormat; training?: boolean; filter?: FeedbackFilter }): Promise<FeedbackExport>;
  /** Every current, not withdrawn feedback with its snapshot (the analysis run reads this; must handle 10,000+ rows in well under a few seconds). */
  allCurrent(): Promise<Feedback[]>;
  /** A conversation removed without keeping its feedback: withdraws its answers' feedback (history kept); restoreConversation brings back what that withdrew. */
  withdrawConversation(conversationId: string): Promise<number>;
  restoreConversation(conversationId: string): Promise<number>;
  close(): Promise<void>;
}

export interface FeedbackDeps {
  dbPath: string;
  conversations: ConversationStore;
  events: EventBus;
  getSettings: () => Settings;
  /** The library, for the training export's passage texts. */
  store: Pick<LibraryStore, 'getChunks'>;
}

export async function createFeedbackService(deps: FeedbackDeps): Promise<FeedbackService> {
  const store = await openFeedbackStore(deps.dbPath);
  const edits = createWriteQueue();

  /** The answer message behind a submit, checked: an answer of a live conversation, that did not fail. */
  async function ratableAnswer(messageId: string): Promise<{ row: MessageRow; answer: Answer; trace: AnswerTrace | null; collection: string | null }> {
    const row = await deps.conversations.getMessage(messageId);
    if (!row || row.role !== 'assistant') throw new PhareError('MESSAGE_NOT_FOUND', { id: messageId });
    const conversation = await deps.conversations.getConversation(row.conversationId);
    if (!conversation || conversation.deletedAt) throw new PhareError('MESSAGE_NOT_FOUND', { id: messageId });
    if (row.error || !row.answer) {
      const detail = row.error ? (parseJson<{ message?: string }>(row.error)?.message ?? 'it failed') : 'it has no answer';
      throw new PhareError('ANSWER_NOT_RATABLE', { id: messageId, detail });
    }
    const answer = AnswerSchema.safeParse(parseJson(row.answer));
    if (!answer.success) throw new PhareError('ANSWER_NOT_RATABLE', { id: messageId, detail: 'its stored answer is unreadable' });
    const trace = row.trace ? AnswerTraceSchema.safeParse(parseJson(row.trace)) : null;
    return { row, answer: answer.data, trace: trace?.success ? trace.data : null, collection: conversation.collection };
  }

  /** Writes new versions of current rows (withdrawal and restore); returns the rows written. */
  async function writeVersions(rows: FeedbackRow[], change: (row: FeedbackRow) => Partial<FeedbackRow>): Promise<FeedbackRow[]> {
    if (rows.length === 0) return [];
    const latest = await store.latestVersions(rows.map((r) => r.messageId));
    const updatedAt = new Date().toISOString();
    const next = rows.map((r) => ({ ...r, ...change(r), version: Math.max(r.version, latest.get(r.messageId) ?? 0) + 1, updatedAt }));
    await store.put(next);
    for (const r of next) deps.events.emit('feedback.changed', { messageId: r.messageId });
    return next;
  }

  async function setWithdrawn(where: string | undefined, withdrawn: boolean, withdrawnWith: WithdrawnWith | null): Promise<number> {
    return edits.run(async () => {
      const rows = await store.listCurrent(where, { withSnapshot: true });
      return (await writeVersions(rows, () => ({ withdrawn, withdrawnWith }))).length;
    });
  }

  async function currentWithSnapshots(filter: FeedbackFilter): Promise<Feedback[]> {
    const rows = await store.listCurrent(feedbackWhere(filter), { withSnapshot: true });
    return limited(sortRecentFirst(rows), filter.limit).map(toFeedback);
  }

  async function chunkTexts(feedback: readonly Feedback[]): Promise<ChunkTexts> {
    const ids = [...new Set(feedback.flatMap((f) => f.snapshot.sources.flatMap((s) => s.chunkIds)))];
    const texts = new Map<string, { text: string; ordinal: number; documentId: string }>();
    for (let i = 0; i < ids.length; i += CHUNK_READ_SLICE) {
      // Blacklisted passages included: the export says what the answer was made from.
      for (const chunk of await deps.store.getChunks(ids.slice(i, i + CHUNK_READ_SLICE), { includeBlacklisted: true })) {
        texts.set(chunk.id, { text: chunk.text, ordinal: chunk.ordinal, documentId: chunk.documentId });
      }
    }
    return texts;
  }

  return {
    async submit(input) {
      const { row, answer, trace, collection } = await ratableAnswer(input.messageId);
      return edits.run(async () => {
        const current = await store.getCurrent(row.id);
        const base = current && !current.withdrawn ? current : null;
        const thumbs = input.thumbs !== undefined ? input.thumbs : (base?.thumbs ?? null);
        const rating = input.rating !== undefined ? input.rating : (base?.rating ?? null);
        const comment = input.comment !== undefined ? textOrNull(input.comment) : (base?.comment ?? null);
        const correction = input.correction !== undefined ? textOrNull(input.correction) : (base?.correction ?? null);
        const wrongSources = input.wrongSources !== undefined ? [...new Set(input.wrongSources)].sort((a, b) => a - b) : (base?.wrongSources ?? []);
        if (thumbs === null && rating === null) throw new PhareError('FEEDBACK_NEEDS_DIRECTION');

        // The snapshot is taken when the answer is first rated and kept through edits: the feedback is about that answer.
        const snapshot: AnswerSnapshot =
          (current && parseJson<AnswerSnapshot>(current.snapshot)) ||
          buildAnswerSnapshot({ answer, trace, answeredAt: row.createdAt, conversationCollection: collection, settings: deps.getSettings() });
        const numbers = new Set(snapshot.sources.map((s) => s.n));
        const unknown = wrongSources.find((n) => !numbers.has(n));
        if (unknown !== undefined) throw new PhareError('SOURCE_NOT_IN_ANSWER', { n: unknown, count: snapshot.sources.length });

        const latest = (await store.latestVersions([row.id])).get(row.id) ?? 0;
        const now = new Date().toISOString();
        const next: FeedbackRow = {
          id: current?.id ?? randomUUID(),
          messageId: row.id,
          conversationId: row.conversationId,
          version: Math.max(current?.version ?? 0, latest) + 1,
          thumbs,
          rating,
          comment,
          correction,
          wrongSources,
          withdrawn: false,
          withdrawnWith: null,
          needsAttention: (rating !== null && rating <= 2) || thumbs === 'down' || correction !== null || wrongSources.length > 0,
          createdAt: current?.createdAt ?? now,
          updatedAt: now,
          ...summaryColumns(snapshot),
          snapshot: JSON.stringify(snapshot),
        };
        await store.put([next]);
        deps.events.emit('feedback.changed', { messageId: row.id });
        return { ...versionOf(next), snapshot };
      });
    },

    withdraw: (messageId) => setWithdrawn(sqlAnd(sqlEquals('messageId', messageId), '`withdrawn` = false'), true, 'user').then((n) => n > 0),

    async get(messageId) {
      const row = await store.getCurrent(messageId);
      return row && !row.withdrawn ? toFeedback(row) : null;
    },

    async history(messageId) {
      return (await store.history(messageId)).map(versionOf);
    },

    async list(filter) {
      const rows = await store.listCurrent(feedbackWhere(filter));
      return limited(sortRecentFirst(rows), filter.limit).map(toSummary);
    },

    async exportFeedback({ format, training, filter = {} }) {
      const feedback = await currentWithSnapshots(filter);
      if (training) return trainingJsonl(feedback, await chunkTexts(feedback));
      return format === 'csv' ? feedbackCsv(feedback) : feedbackJsonl(feedback);
    },

    allCurrent: () => currentWithSnapshots({}),

    withdrawConversation: (conversationId) => setWithdrawn(sqlAnd(sqlEquals('conversationId', conversationId), '`withdrawn` = false'), true, 'conversation'),

    restoreConversation: (conversationId) =>
      setWithdrawn(sqlAnd(sqlEquals('conversationId', conversationId), '`withdrawn` = true', sqlEquals('withdrawnWith', 'conversation')), false, null),

    async close() {
      await edits.idle();
      await store.close();
    },
  };
}

/** Trimmed text; empty means none. */
function textOrNull(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed.length > 0 ? trimmed : null;
}

function summaryColumns(snapshot: AnswerSnapshot): Pick<FeedbackRow, 'collection' | 'question' | 'answerPreview' | 'mode' | 'model' | 'sourceCount'> {
  const flat = snapshot.answer.replace(/\s+/g, ' ').trim();
  return {
    collection: snapshot.collection,
    question: snapshot.question,
    answerPreview: flat.length > ANSWER_PREVIEW_CHARS ? `${flat.slice(0, ANSWER_PREVIEW_CHARS)}…` : flat,
    mode: snapshot.mode,
    model: snapshot.model,
    sourceCount: snapshot.sources.length,
  };
}

function versionOf(row: FeedbackVersionRow): FeedbackVersion {
  return {
    id: row.id,
    messageId: row.messageId,
    conversationId: row.conversationId,
    version: row.version,
    thumbs: row.thumbs,
    rating: row.rating,
    comment: row.comment,
    correction: row.correction,
    wrongSources: row.wrongSources,
    withdrawn: row.withdrawn,
    needsAttention: row.needsAttention,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toSummary(row: FeedbackRow): FeedbackSummary {
  return {
    ...versionOf(row),
    question: row.question,
    answerPreview: row.answerPreview,
    mode: row.mode,
    model: row.model,
    collection: row.collection,
    sourceCount: row.sourceCount,
  };
}

/**
 * The snapshot is this store's own JSON, validated when it was built: parsed without a schema check,
 * which would cost more than the parse itself on the 10,000 rows an analysis run reads.
 */
function toFeedback(row: FeedbackRow): Feedback {
  return { ...versionOf(row), snapshot: JSON.parse(row.snapshot) as AnswerSnapshot };
}

function sortRecentFirst(rows: FeedbackRow[]): FeedbackRow[] {
  return rows.sort((a, b) => (a.updatedAt === b.updatedAt ? a.id.localeCompare(b.id) : a.updatedAt < b.updatedAt ? 1 : -1));
}

function limited<T>(rows: T[], limit: number | undefined): T[] {
  return limit === undefined ? rows : rows.slice(0, limit);
}

function parseJson<T = unknown>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
