/**
 * The chat: the open conversation's questions and answers (answers streaming in from `chat.token`, then
 * the final Answer that replaces the streamed text: it carries the sources the citations point to), and
 * the conversation sidebar (list, text search, collection scope, rename, remove with Undo, export).
 * Conversations are stored by the core; this store only mirrors what is on screen.
 */
import { create } from 'zustand';
import type { Conversation, ConversationExport, ConversationSummary } from '../../src-shared/conversations';
import type { Answer } from '../../src-shared/domain';
import { toUiError, type UiError } from '../lib/localizeError';
import { newRequestId } from '../lib/requestId';
import { client } from '../transport/client';

export interface ChatMessage {
  /** The request that produced the answer (for a stored answer: a stable key of its own). */
  requestId: string;
  question: string;
  /** The stored answer message, once there is one (regenerate and trace need it). */
  messageId: string | null;
  /** Text received so far from `chat.token`. */
  streamed: string;
  answer: Answer | null;
  error: UiError | null;
  state: 'streaming' | 'done' | 'error';
}

interface ChatState {
  messages: ChatMessage[];
  activeRequestId: string | null;
  /** The open conversation; null before the first question of a new one. */
  conversationId: string | null;
  /** Collection the next new conversation is scoped to ('' = the whole library). */
  scope: string;
  conversations: ConversationSummary[];
  query: string;
  /** The conversation just removed, while its Undo is offered. */
  removed: ConversationSummary | null;
  listError: UiError | null;

  ask(question: string): Promise<void>;
  regenerate(): Promise<void>;
  stop(): Promise<void>;
  /** Starts a new conversation (the current one stays in the list). */
  clear(): void;
  onToken(requestId: string, delta: string): void;

  loadConversations(): Promise<void>;
  setQuery(query: string): Promise<void>;
  setScope(scope: string): void;
  open(id: string): Promise<void>;
  rename(id: string, title: string): Promise<void>;
  /** Removes a conversation; `keepFeedback` false withdraws the feedback given on its answers with it. */
  remove(id: string, keepFeedback?: boolean): Promise<void>;
  undoRemove(): Promise<void>;
  dismissUndo(): void;
  exportConversation(id: string, format: 'markdown' | 'json'): Promise<ConversationExport | null>;
}

/**
 * Tokens can arrive by the hundred per second; rendering each one separately wastes the CPU the model
 * needs. Deltas are buffered and applied together a few dozen times a second.
 */
const pending = new Map<string, string>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;
const FLUSH_MS = 40;
/** A search typed in the box waits for a pause in typing. */
const SEARCH_DEBOUNCE_MS = 200;
let searchTimer: ReturnType<typeof setTimeout> | null = null;

/** The view of a stored conversation: each question with its current answer. */
export function messagesOf(conversation: Conversation): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const q of conversation.messages.filter((m) => m.role === 'user')) {
    const a = conversation.messages.find((m) => m.role === 'assistant' && m.replyTo === q.id);
    out.push({
      requestId: `stored-${a?.id ?? q.id}`,
      question: q.content,
      messageId: a?.id ?? null,
      streamed: '',
      answer: a?.answer ?? null,
      error: a?.error ? { code: a.error.code, message: a.error.message, params: {} } : null,
      state: a?.error ? 'error' : 'done',
    });
  }
  return out;
}

export const useChatStore = create<ChatState>()((set, get) => {
  const update = (requestId: string, change: (m: ChatMessage) => ChatMessage) =>
    set((s) => ({ messages: s.messages.map((m) => (m.requestId === requestId ? change(m) : m)) }));

  const flush = () => {
    flushTimer = null;
    if (!pending.size) return;
    const deltas = new Map(pending);
    pending.clear();
    set((s) => ({
      messages: s.messages.map((m) => {
        const delta = deltas.get(m.requestId);
        // Once the final answer is in, late tokens must not be appended to it.
        return delta && m.state === 'streaming' ? { ...m, streamed: m.streamed + delta } : m;
      }),
    }));
  };

  /** Runs one answer (a question or a regeneration) into the message keyed `requestId`. */
  async function run(requestId: string, call: () => Promise<Answer>): Promise<void> {
    try {
      const answer = await call();
      flush();
      update(requestId, (m) => ({ ...m, answer, messageId: answer.messageId ?? null, state: 'done' }));
      if (answer.conversationId) set({ conversationId: answer.conversationId });
    } catch (error) {
      flush();
      update(requestId, (m) => ({ ...m, error: toUiError(error), state: 'error' }));
    } finally {
      if (get().activeRequestId === requestId) set({ activeRequestId: null });
      void get().loadConversations();
    }
  }

  return {
    messages: [],
    activeRequestId: null,
    conversationId: null,
    scope: '',
    conversations: [],
    query: '',
    removed: null,
    listError: null,

    async ask(question) {
      const requestId = newRequestId();
      const { conversationId, scope } = get();
      set((s) => ({
        activeRequestId: requestId,
        messages: [...s.messages, { requestId, question, messageId: null, streamed: '', answer: null, error: null, state: 'streaming' }],
      }));
      await run(requestId, () =>
        client.call('chat.ask', conversationId ? { question, requestId, conversationId } : { question, requestId, collection: scope || undefined }),
      );
    },

    async regenerate() {
      const last = get().messages[get().messages.length - 1];
      if (!last?.messageId || get().activeRequestId) return;
      const requestId = newRequestId();
      const messageId = last.messageId;
      set((s) => ({
        activeRequestId: requestId,
        messages: s.messages.map((m) => (m === last ? { ...m, requestId, streamed: '', answer: null, error: null, state: 'streaming' } : m)),
      }));
      await run(requestId, () => client.call('chat.regenerate', { messageId, requestId }));
    },

    async stop() {
      const requestId = get().activeRequestId;
      if (!requestId) return;
      try {
        await client.call('chat.cancel', { requestId });
      } catch (error) {
        update(requestId, (m) => ({ ...m, error: toUiError(error) }));
      }
    },

    clear: () => {
      if (get().activeRequestId) return;
      set({ messages: [], conversationId: null });
    },

    onToken(requestId, delta) {
      if (!get().messages.some((m) => m.requestId === requestId)) return;
      pending.set(requestId, (pending.get(requestId) ?? '') + delta);
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    },

    async loadConversations() {
      try {
        const query = get().query.trim();
        const conversations = await client.call('conversations.list', query ? { query } : {});
        set({ conversations, listError: null });
      } catch (error) {
        set({ listError: toUiError(error) });
      }
    },

    async setQuery(query) {
      set({ query });
      if (searchTimer) clearTimeout(searchTimer);
      await new Promise<void>((resolve) => {
        searchTimer = setTimeout(() => {
          searchTimer = null;
          void get().loadConversations().then(resolve);
        }, SEARCH_DEBOUNCE_MS);
      });
    },

    setScope: (scope) => set({ scope }),

    async open(id) {
      if (get().activeRequestId) return;
      try {
        const conversation = await client.call('conversations.get', { id });
        set({ conversationId: id, messages: messagesOf(conversation), scope: conversation.collection ?? '', listError: null });
      } catch (error) {
        set({ listError: toUiError(error) });
      }
    },

    async rename(id, title) {
      try {
        await client.call('conversations.rename', { id, title });
      } catch (error) {
        set({ listError: toUiError(error) });
      }
      await get().loadConversations();
    },

    async remove(id, keepFeedback = true) {
      try {
        const removed = await client.call('conversations.remove', { id, keepFeedback });
        set((s) => ({ removed, ...(s.conversationId === id && !s.activeRequestId ? { conversationId: null, messages: [] } : {}) }));
      } catch (error) {
        set({ listError: toUiError(error) });
      }
      await get().loadConversations();
    },

    async undoRemove() {
      const removed = get().removed;
      if (!removed) return;
      set({ removed: null });
      try {
        await client.call('conversations.restore', { id: removed.id });
      } catch (error) {
        set({ listError: toUiError(error) });
      }
      await get().loadConversations();
    },

    dismissUndo: () => set({ removed: null }),

    async exportConversation(id, format) {
      try {
        return await client.call('conversations.export', { id, format });
      } catch (error) {
        set({ listError: toUiError(error) });
        return null;
      }
    },
  };
});
