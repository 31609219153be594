/**
 * The conversation of this session: questions, answers streaming in from `chat.token`, and the final
 * Answer that replaces the streamed text (it carries the sources the citations point to).
 */
import { create } from 'zustand';
import type { Answer } from '../../src-shared/domain';
import { toUiError, type UiError } from '../lib/localizeError';
import { newRequestId } from '../lib/requestId';
import { client } from '../transport/client';

export interface ChatMessage {
  requestId: string;
  question: string;
  /** Text received so far from `chat.token`. */
  streamed: string;
  answer: Answer | null;
  error: UiError | null;
  state: 'streaming' | 'done' | 'error';
}

interface ChatState {
  messages: ChatMessage[];
  activeRequestId: string | null;
  ask(question: string): Promise<void>;
  stop(): Promise<void>;
  clear(): void;
  onToken(requestId: string, delta: string): void;
}

/**
 * Tokens can arrive by the hundred per second; rendering each one separately wastes the CPU the model
 * needs. Deltas are buffered and applied together a few dozen times a second.
 */
const pending = new Map<string, string>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;
const FLUSH_MS = 40;

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

  return {
    messages: [],
    activeRequestId: null,

    async ask(question) {
      const requestId = newRequestId();
      set((s) => ({
        activeRequestId: requestId,
        messages: [...s.messages, { requestId, question, streamed: '', answer: null, error: null, state: 'streaming' }],
      }));
      try {
        const answer = await client.call('chat.ask', { question, requestId });
        flush();
        update(requestId, (m) => ({ ...m, answer, state: 'done' }));
      } catch (error) {
        flush();
        update(requestId, (m) => ({ ...m, error: toUiError(error), state: 'error' }));
      } finally {
        if (get().activeRequestId === requestId) set({ activeRequestId: null });
      }
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

    clear: () => set((s) => ({ messages: s.messages.filter((m) => m.requestId === s.activeRequestId) })),

    onToken(requestId, delta) {
      if (!get().messages.some((m) => m.requestId === requestId)) return;
      pending.set(requestId, (pending.get(requestId) ?? '') + delta);
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    },
  };
});
