/**
 * Conversations and their messages, in two tables of the library's own LanceDB database
 * (`<dataDir>/library.lance`), next to the documents their answers cite. This store has its own
 * connection: conversations are written once per question, never in the ingestion write path, so
 * they need nothing from the library store but its folder.
 *
 * - `conversations`: one row per conversation; `deletedAt` marks a removal that can still be undone.
 * - `messages`: questions and answers. An answer row keeps the whole Answer and its trace as JSON
 *   (read whole, never queried by field); `supersededBy` marks an answer a regeneration replaced, which
 *   stays readable for its trace. `turn` orders the view: a question and its answers share a turn.
 */
import * as lancedb from '@lancedb/lancedb';
import { Field, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import type { ConversationMode } from '../../../src-shared/conversations';
import { sqlEquals, sqlIn, sqlString } from '../store/sqlFilter';
import { compactingWrites } from '../store/compactingWrites';
import { tableOpener } from '../store/openOrCreateTable';
import { createWriteQueue } from '../store/writeQueue';
import { connectLance } from '../store/lanceConnection';

export const CONVERSATION_TABLES = { conversations: 'conversations', messages: 'messages' } as const;

/** Small fragments a conversation table may hold before it is compacted (each question adds a few small commits). */
const MAX_SMALL_FRAGMENTS = 32;

const str = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);

export const conversationsSchema = new Schema([
  str('id'),
  str('title'),
  str('collection', true),
  str('createdAt'),
  str('updatedAt'),
  str('deletedAt', true),
  /** 'library' or 'model' (conversations.ts). */
  str('mode'),
  str('instructions', true),
  new Field('temperature', new Float64(), true),
  new Field('topK', new Int32(), true),
]);

/**
 * Columns added to `conversations` since it was first written: a library made before them gets them in
 * place (LanceDB `addColumns`), its conversations answering from the library with the app's settings.
 */
export const ADDED_CONVERSATION_COLUMNS: Array<{ name: string; valueSql: string }> = [
  { name: 'mode', valueSql: "'library'" },
  { name: 'instructions', valueSql: 'CAST(NULL AS STRING)' },
  { name: 'temperature', valueSql: 'CAST(NULL AS DOUBLE)' },
  { name: 'topK', valueSql: 'CAST(NULL AS INT)' },
];

export const messagesSchema = new Schema([
  str('id'),
  str('conversationId'),
  new Field('turn', new Int32(), false),
  str('role'),
  str('content'),
  str('createdAt'),
  str('replyTo', true),
  str('supersededBy', true),
  /** Answer, AnswerTrace and error as JSON text. */
  str('answer', true),
  str('trace', true),
  str('error', true),
]);

export interface ConversationRow {
  id: string;
  title: string;
  collection: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  mode: ConversationMode;
  instructions: string | null;
  temperature: number | null;
  topK: number | null;
}

/** What `updateConversation` may change. */
export type ConversationPatch = Partial<Pick<ConversationRow, 'title' | 'updatedAt' | 'deletedAt' | 'instructions' | 'temperature' | 'topK'>>;

export interface MessageRow {
  id: string;
  conversationId: string;
  turn: number;
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
  replyTo: string | null;
  supersededBy: string | null;
  answer: string | null;
  trace: string | null;
  error: string | null;
}

export interface ConversationStore {
  addConversation(row: ConversationRow): Promise<void>;
  getConversation(id: string): Promise<ConversationRow | null>;
  listConversations(): Promise<ConversationRow[]>;
  updateConversation(id: string, patch: ConversationPatch): Promise<boolean>;
  /** Deletes conversations and all their messages for good. */
  purgeConversations(ids: readonly string[]): Promise<void>;
  addMessage(row: MessageRow): Promise<void>;
  getMessage(id: string): Promise<MessageRow | null>;
  /** Every message of a conversation (replaced answers included), in view order. */
  listMessages(conversationId: string): Promise<MessageRow[]>;
  /** Text of every current message, for the search over conversations. */
  messageTexts(): Promise<Array<{ conversationId: string; content: string }>>;
  markSuperseded(messageId: string, byMessageId: string): Promise<void>;
  /** Questions and answers written at or after `since` (ISO time), replaced answers included: the statistics' raw material. */
  messagesSince(since: string): Promise<Array<Pick<MessageRow, 'id' | 'conversationId' | 'role' | 'content' | 'createdAt' | 'answer' | 'trace' | 'error'>>>;
  /** Questions per conversation, in one scan (the list shows them for every conversation). */
  questionCounts(): Promise<Map<string, number>>;
  /**
   * Every message written at or after `since` (all when absent), replaced answers included, without the
   * trace: the analytics tables read the whole history, and the trace is by far the heaviest column.
   */
  messagesForAnalytics(since?: string): Promise<Array<Omit<MessageRow, 'trace'>>>;
  close(): Promise<void>;
}

export async function openConversationStore(dbPath: string): Promise<ConversationStore> {
  const db = await connectLance(dbPath);
  const queue = createWriteQueue();
  const openOrCreate = tableOpener(db, await db.tableNames());
  const conversations = await addMissingColumns(await openOrCreate(CONVERSATION_TABLES.conversations, conversationsSchema), ADDED_CONVERSATION_COLUMNS);
  const messages = await openOrCreate(CONVERSATION_TABLES.messages, messagesSchema);

  const write = compactingWrites(queue, { tables: () => [conversations, messages], maxSmallFragments: MAX_SMALL_FRAGMENTS, tag: 'conversations' });

  const toConversation = (r: Record<string, unknown>): ConversationRow => ({
    id: String(r.id),
    title: String(r.title),
    collection: nullableString(r.collection),
    createdAt: String(r.createdAt),
    updatedAt: String(r.updatedAt),
    deletedAt: nullableString(r.deletedAt),
    mode: r.mode === 'model' ? 'model' : 'library',
    instructions: nullableString(r.instructions),
    temperature: nullableNumber(r.temperature),
    topK: nullableNumber(r.topK),
  });
  const toMessage = (r: Record<string, unknown>): MessageRow => ({
    id: String(r.id),
    conversationId: String(r.conversationId),
    turn: Number(r.turn),
    role: r.role === 'assistant' ? 'assistant' : 'user',
    content: String(r.content),
    createdAt: String(r.createdAt),
    replyTo: nullableString(r.replyTo),
    supersededBy: nullableString(r.supersededBy),
    answer: nullableString(r.answer),
    trace: nullableString(r.trace),
    error: nullableString(r.error),
  });

  return {
    addConversation: (row) => write(async () => void (await conversations.add([{ ...row }]))),
    async getConversation(id) {
      const rows = await conversations.query().where(sqlEquals('id', id)).limit(1).toArray();
      return rows.length ? toConversation(rows[0]) : null;
    },
    async listConversations() {
      const rows = await conversations.query().toArray();
      return rows.map(toConversation);
    },
    updateConversation: (id, patch) =>
      write(async () => {
        const valuesSql: Record<string, string> = {};
        for (const [key, value] of Object.entries(patch) as Array<[keyof ConversationPatch, string | number | null | undefined]>) {
          if (value === undefined) continue;
          valuesSql[key] = value === null ? `CAST(NULL AS ${NULL_TYPES[key] ?? 'STRING'})` : typeof value === 'number' ? numberSql(value) : sqlString(value);
        }
        const { rowsUpdated } = await conversations.update({ where: sqlEquals('id', id), valuesSql });
        return rowsUpdated > 0;
      }),
    purgeConversations: (ids) =>
      write(async () => {
        if (ids.length === 0) return;
        // Messages first: a crash in between leaves a conversation without messages, never orphan messages.
        await messages.delete(sqlIn('conversationId', ids));
        await conversations.delete(sqlIn('id', ids));
      }),
    addMessage: (row) => write(async () => void (await messages.add([{ ...row }]))),
    async getMessage(id) {
      const rows = await messages.query().where(sqlEquals('id', id)).limit(1).toArray();
      return rows.length ? toMessage(rows[0]) : null;
    },
    async listMessages(conversationId) {
      const rows = (await messages.query().where(sqlEquals('conversationId', conversationId)).toArray()).map(toMessage);
      return rows.sort(
        (a, b) => a.turn - b.turn || (a.role === b.role ? 0 : a.role === 'user' ? -1 : 1) || a.createdAt.localeCompare(b.createdAt),
      );
    },
    async messageTexts() {
      const rows = await messages
        .query()
        .where('`supersededBy` IS NULL')
        .select(['conversationId', 'content'])
        .toArray();
      return rows.map((r) => ({ conversationId: String(r.conversationId), content: String(r.content) }));
    },
    markSuperseded: (messageId, byMessageId) =>
      write(async () => void (await messages.update({ where: sqlEquals('id', messageId), valuesSql: { supersededBy: sqlString(byMessageId) } }))),
    async messagesSince(since) {
      const rows = await messages
        .query()
        .where(`\`createdAt\` >= ${sqlString(since)}`)
        .select(['id', 'conversationId', 'role', 'content', 'createdAt', 'answer', 'trace', 'error'])
        .toArray();
      return rows.map((r) => ({
        id: String(r.id),
        conversationId: String(r.conversationId),
        role: r.role === 'assistant' ? ('assistant' as const) : ('user' as const),
        content: String(r.content),
        createdAt: String(r.createdAt),
        answer: nullableString(r.answer),
        trace: nullableString(r.trace),
        error: nullableString(r.error),
      }));
    },
    async messagesForAnalytics(since) {
      const query = messages.query().select(['id', 'conversationId', 'turn', 'role', 'content', 'createdAt', 'replyTo', 'supersededBy', 'answer', 'error']);
      const rows = await (since ? query.where(`\`createdAt\` >= ${sqlString(since)}`) : query).toArray();
      return rows.map((r) => {
        const { trace: _trace, ...row } = toMessage({ ...r, trace: null });
        return row;
      });
    },
    async questionCounts() {
      const rows = await messages.query().where(sqlEquals('role', 'user')).select(['conversationId']).toArray();
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(String(r.conversationId), (counts.get(String(r.conversationId)) ?? 0) + 1);
      return counts;
    },
    async close() {
      await queue.idle();
      conversations.close();
      messages.close();
      db.close();
    },
  };
}

/** SQL types of the patchable columns that are not strings, for a typed NULL. */
const NULL_TYPES: Partial<Record<keyof ConversationPatch, string>> = { temperature: 'DOUBLE', topK: 'INT' };

function numberSql(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

/**
 * Adds the columns a table opened from an older library lacks. Two processes opening the same library
 * at once may both try: the loser's error is ignored when the columns are there after all.
 */
async function addMissingColumns(table: lancedb.Table, columns: ReadonlyArray<{ name: string; valueSql: string }>): Promise<lancedb.Table> {
  const missing = async () => {
    const present = new Set((await table.schema()).fields.map((f) => f.name));
    return columns.filter((c) => !present.has(c.name));
  };
  const needed = await missing();
  if (needed.length === 0) return table;
  try {
    await table.addColumns(needed);
  } catch (error) {
    await table.checkoutLatest();
    if ((await missing()).length > 0) throw error;
  }
  return table;
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function nullableString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
