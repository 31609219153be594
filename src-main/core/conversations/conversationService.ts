/**
 * Conversations as the user sees them: list (with a text search over titles and messages), open,
 * create (answering from the library or with the model alone), rename, set their instructions and
 * answer settings, remove with undo (a soft delete purged a day later), export. The chat service
 * (chat/chatService.ts) adds the questions and answers.
 */
import { randomUUID } from 'node:crypto';
import type { Conversation, ConversationMessage, ConversationMode, ConversationSettings, ConversationSummary } from '../../../src-shared/conversations';
import { AnswerSchema } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import type { ConversationPatch, ConversationRow, ConversationStore, MessageRow } from './conversationStore';

/** A removed conversation can be restored for this long; it is purged at the next start after. */
export const UNDO_WINDOW_MS = 24 * 60 * 60 * 1000;
const TITLE_CHARS = 80;
const MATCH_CONTEXT_CHARS = 60;

export interface ConversationService {
  list(filter?: { query?: string; collection?: string }): Promise<ConversationSummary[]>;
  get(id: string): Promise<Conversation>;
  create(input: { title?: string; collection?: string | null; mode?: ConversationMode } & Partial<ConversationSettings>): Promise<ConversationSummary>;
  rename(id: string, title: string): Promise<ConversationSummary>;
  /** Changes a conversation's instructions and answer settings (a field left out stays; null: the app's setting). */
  configure(id: string, settings: Partial<ConversationSettings>): Promise<ConversationSummary>;
  remove(id: string): Promise<ConversationSummary>;
  restore(id: string): Promise<ConversationSummary>;
  /** Purges conversations removed more than UNDO_WINDOW_MS before `now`; returns how many. */
  purgeRemoved(now?: Date): Promise<number>;
  /** A live (not removed) conversation's row, or CONVERSATION_NOT_FOUND. */
  requireLive(id: string): Promise<ConversationRow>;
  touch(id: string): Promise<void>;
}

/** A title from the first question: its first line, cut at a word near TITLE_CHARS. */
export function titleFromQuestion(question: string): string {
  const flat = question.replace(/\s+/g, ' ').trim();
  if (flat.length <= TITLE_CHARS) return flat;
  const cut = flat.lastIndexOf(' ', TITLE_CHARS);
  return `${flat.slice(0, cut > TITLE_CHARS / 2 ? cut : TITLE_CHARS)}…`;
}

/** Rows of the view: questions and their current answers, in order. */
export function visibleMessages(rows: MessageRow[]): MessageRow[] {
  return rows.filter((m) => m.supersededBy === null);
}

export function toMessage(row: MessageRow): ConversationMessage {
  const answer = row.answer ? AnswerSchema.safeParse(JSON.parse(row.answer)) : null;
  return {
    id: row.id,
    conversationId: row.conversationId,
    role: row.role,
    content: row.content,
    createdAt: row.createdAt,
    replyTo: row.replyTo,
    answer: answer?.success ? answer.data : null,
    error: row.error ? (JSON.parse(row.error) as { code: string; message: string }) : null,
  };
}

export function createConversationService(store: ConversationStore): ConversationService {
  async function summary(row: ConversationRow, match: string | null = null): Promise<ConversationSummary> {
    const messages = visibleMessages(await store.listMessages(row.id));
    return { ...row, questionCount: messages.filter((m) => m.role === 'user').length, match };
  }

  async function requireRow(id: string): Promise<ConversationRow> {
    const row = await store.getConversation(id);
    if (!row) throw new PhareError('CONVERSATION_NOT_FOUND', { id });
    return row;
  }

  async function requireLive(id: string): Promise<ConversationRow> {
    const row = await requireRow(id);
    if (row.deletedAt) throw new PhareError('CONVERSATION_NOT_FOUND', { id });
    return row;
  }

  return {
    async list(filter = {}) {
      let rows = (await store.listConversations()).filter((c) => c.deletedAt === null);
      if (filter.collection !== undefined) rows = rows.filter((c) => c.collection === filter.collection);
      rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      const counts = await store.questionCounts();
      const listed = (row: ConversationRow, match: string | null = null): ConversationSummary => ({ ...row, questionCount: counts.get(row.id) ?? 0, match });
      const needle = fold(filter.query ?? '');
      if (!needle) return rows.map((r) => listed(r));
      const texts = await store.messageTexts();
      const found: ConversationSummary[] = [];
      for (const row of rows) {
        if (fold(row.title).includes(needle)) {
          found.push(listed(row, row.title));
          continue;
        }
        const hit = texts.find((t) => t.conversationId === row.id && fold(t.content).includes(needle));
        if (hit) found.push(listed(row, around(hit.content, fold(hit.content).indexOf(needle), needle.length)));
      }
      return found;
    },

    async get(id) {
      const row = await requireLive(id);
      const messages = visibleMessages(await store.listMessages(id)).map(toMessage);
      return { ...row, questionCount: messages.filter((m) => m.role === 'user').length, match: null, messages };
    },

    async create({ title, collection, mode = 'library', instructions, temperature, topK }) {
      const now = new Date().toISOString();
      const row: ConversationRow = {
        id: randomUUID(),
        title: title?.trim() || '',
        // An empty name is the whole library, as in the UI's picker; a conversation with the model alone searches nothing.
        collection: mode === 'model' ? null : collection || null,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
        mode,
        instructions: instructions?.trim() || null,
        temperature: temperature ?? null,
        topK: topK ?? null,
      };
      await store.addConversation(row);
      return summary(row);
    },

    async rename(id, title) {
      await requireLive(id);
      await store.updateConversation(id, { title: title.trim(), updatedAt: new Date().toISOString() });
      return summary(await requireRow(id));
    },

    async configure(id, settings) {
      await requireLive(id);
      const patch: ConversationPatch = {};
      if (settings.instructions !== undefined) patch.instructions = settings.instructions?.trim() || null;
      if (settings.temperature !== undefined) patch.temperature = settings.temperature;
      if (settings.topK !== undefined) patch.topK = settings.topK;
      if (Object.keys(patch).length > 0) await store.updateConversation(id, patch);
      return summary(await requireRow(id));
    },

    async remove(id) {
      await requireLive(id);
      await store.updateConversation(id, { deletedAt: new Date().toISOString() });
      return summary(await requireRow(id));
    },

    async restore(id) {
      const row = await requireRow(id);
      if (row.deletedAt) await store.updateConversation(id, { deletedAt: null });
      return summary(await requireRow(id));
    },

    async purgeRemoved(now = new Date()) {
      const limit = new Date(now.getTime() - UNDO_WINDOW_MS).toISOString();
      const expired = (await store.listConversations()).filter((c) => c.deletedAt !== null && c.deletedAt < limit).map((c) => c.id);
      await store.purgeConversations(expired);
      return expired.length;
    },

    requireLive,

    async touch(id) {
      await store.updateConversation(id, { updatedAt: new Date().toISOString() });
    },
  };
}

/** Case- and accent-insensitive form for the text search ("réponse" finds "Reponse"). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The found text with a little context, on one line. Offsets of the folded text match the original's closely enough for a preview. */
function around(text: string, at: number, length: number): string {
  const flat = text.replace(/\s+/g, ' ');
  const start = Math.max(0, at - MATCH_CONTEXT_CHARS);
  const end = Math.min(flat.length, at + length + MATCH_CONTEXT_CHARS);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
}
