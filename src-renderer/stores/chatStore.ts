/**
 * The chat: the open conversation's questions and answers (answers streaming in from `chat.token`, then
 * the final Answer that replaces the streamed text: it carries the sources the citations point to), and
 * the conversation sidebar (list, text search, collection scope, rename, remove with Undo, export).
 * A new conversation answers from the library or from the model alone (`mode`); a conversation has its
 * own instructions and answer settings (`configure`). Conversations are stored by the core; this store
 * only mirrors what is on screen.
 */
import { create } from 'zustand';
import type { Conversation, ConversationExport, ConversationMode, ConversationSettings, ConversationSummary } from '../../src-shared/conversations';
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
  /** What the next new conversation answers from: the library, or the model alone. */
  mode: ConversationMode;
  /** The open conversation as listed (mode, instructions, settings); null before it exists. */
  current: ConversationSummary | null;
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
  setMode(mode: ConversationMode): void;
  /**
   * Sets the open conversation's instructions and answer settings (null: the app's). Before the first
   * question, the conversation is created with them. Resolves with the error to show, or null.
   */
  configure(settings: ConversationSettings): Promise<UiError | null>;
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

/** What the open (or next new) conversation answers from. */
export function currentMode(s: Pick<ChatState, 'current' | 'conversationId' | 'mode'>): ConversationMode {
  if (s.current) return s.current.mode;
  return s.conversationId ? 'library' : s.mode;
}

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
    mode: 'library',
    current: null,
    conversations: [],
    query: '',
    removed: null,
    listError: null,

    async ask(question) {
      const requestId = newRequestId();
      const { conversationId, scope, mode } = get();
      set((s) => ({
        activeRequestId: requestId,
        messages: [...s.messages, { requestId, question, messageId: null, streamed: '', answer: null, error: null, state: 'streaming' }],
      }));
      await run(requestId, async () => {
        if (conversationId) return client.call('chat.ask', { question, requestId, conversationId });
        if (mode === 'library') return client.call('chat.ask', { question, requestId, collection: scope || undefined });
        // A conversation with the model alone exists before its first question: chat.ask would search the library.
        const created = await client.call('conversations.create', { mode });
        set({ conversationId: created.id, current: created });
        return client.call('chat.ask', { question, requestId, conversationId: created.id });
      });
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
      set({ messages: [], conversationId: null, current: null, mode: 'library' });
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
        set((s) => {
          const listed = s.conversationId ? conversations.find((c) => c.id === s.conversationId) : undefined;
          return { conversations, listError: null, ...(listed ? { current: listed } : {}) };
        });
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

    setMode: (mode) => {
      if (!get().conversationId) set({ mode });
    },

    async configure(settings) {
      const { conversationId, mode, scope } = get();
      try {
        const current = conversationId
          ? await client.call('conversations.configure', { id: conversationId, ...settings })
          : await client.call('conversations.create', { mode, ...(mode === 'library' && scope ? { collection: scope } : {}), ...settings });
        set({ conversationId: current.id, current });
        await get().loadConversations();
        return null;
      } catch (error) {
        return toUiError(error);
      }
    },

    async open(id) {
      if (get().activeRequestId) return;
      try {
        const conversation = await client.call('conversations.get', { id });
        const { messages: _stored, ...current } = conversation;
        set({ conversationId: id, current, messages: messagesOf(conversation), scope: conversation.collection ?? '', mode: conversation.mode, listError: null });
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
        set((s) => ({ removed, ...(s.conversationId === id && !s.activeRequestId ? { conversationId: null, current: null, messages: [] } : {}) }));
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
