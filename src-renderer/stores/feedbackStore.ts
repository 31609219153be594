/**
 * Feedback on the answers shown in the chat, by answer message id: what is stored (`feedback.get`),
 * the form being edited, whether its details are open, and the last error. The form lives here, not
 * in the component, so what was typed survives an error, a re-render or a visit to another screen.
 */
import { create } from 'zustand';
import type { Feedback, Thumbs } from '../../src-shared/feedback';
import { toUiError, type UiError } from '../lib/localizeError';
import { clickThumb, draftOf, EMPTY_DRAFT, hasProblems, inputOf, isDirty, toggleWrongSource, validateDraft, type FeedbackDraft } from '../screens/chat/feedbackDraft';
import { client } from '../transport/client';

export interface AnswerFeedback {
  /** The current stored feedback; null when there is none (or it was withdrawn). */
  saved: Feedback | null;
  loaded: boolean;
  draft: FeedbackDraft;
  /** The optional details (rating, comment, correction, wrong sources) are shown. */
  open: boolean;
  busy: boolean;
  error: UiError | null;
  /** What the last successful call did, for the status next to the controls. */
  outcome: 'saved' | 'withdrawn' | null;
}

interface FeedbackState {
  byMessage: Record<string, AnswerFeedback>;
  /** Loads the stored feedback of answers not loaded yet. */
  ensureLoaded(messageIds: string[]): Promise<void>;
  /** Reads an answer's feedback again (after `feedback.changed`); edits in progress are kept. */
  reload(messageId: string): Promise<void>;
  clickThumb(messageId: string, thumbs: Thumbs): Promise<void>;
  edit(messageId: string, patch: Partial<FeedbackDraft>): void;
  toggleWrongSource(messageId: string, n: number): void;
  setOpen(messageId: string, open: boolean): void;
  /** Puts the form back to what is saved. */
  revert(messageId: string): void;
  save(messageId: string): Promise<void>;
  withdraw(messageId: string): Promise<void>;
}

function blank(): AnswerFeedback {
  return { saved: null, loaded: false, draft: { ...EMPTY_DRAFT, wrongSources: [] }, open: false, busy: false, error: null, outcome: null };
}

function sameDraft(a: FeedbackDraft, b: FeedbackDraft): boolean {
  return !isDirty(a, b) && a.comment === b.comment && a.correction === b.correction;
}

export const useFeedbackStore = create<FeedbackState>()((set, get) => {
  const entry = (messageId: string): AnswerFeedback => get().byMessage[messageId] ?? blank();
  const patch = (messageId: string, change: Partial<AnswerFeedback>) =>
    set((s) => ({ byMessage: { ...s.byMessage, [messageId]: { ...(s.byMessage[messageId] ?? blank()), ...change } } }));

  /** Sends the whole form; the answer's draft is replaced by what was stored only if it was not edited meanwhile. */
  async function submit(messageId: string, draft: FeedbackDraft): Promise<void> {
    patch(messageId, { busy: true, error: null, outcome: null });
    try {
      const saved = await client.call('feedback.submit', inputOf(messageId, draft));
      const now = entry(messageId);
      patch(messageId, { saved, loaded: true, busy: false, outcome: 'saved', draft: sameDraft(now.draft, draft) ? draftOf(saved) : now.draft });
    } catch (error) {
      // The form keeps what was typed; the error shows next to it.
      patch(messageId, { busy: false, error: toUiError(error) });
    }
  }

  async function withdrawKeeping(messageId: string, keepText: boolean): Promise<void> {
    patch(messageId, { busy: true, error: null, outcome: null });
    try {
      await client.call('feedback.withdraw', { messageId });
      const now = entry(messageId);
      const draft = keepText ? { ...now.draft, thumbs: null, rating: null } : { ...EMPTY_DRAFT, wrongSources: [] };
      patch(messageId, { saved: null, loaded: true, busy: false, outcome: 'withdrawn', draft });
    } catch (error) {
      patch(messageId, { busy: false, error: toUiError(error) });
    }
  }

  return {
    byMessage: {},

    async ensureLoaded(messageIds) {
      const missing = messageIds.filter((id) => !get().byMessage[id]);
      if (!missing.length) return;
      set((s) => ({ byMessage: { ...s.byMessage, ...Object.fromEntries(missing.map((id) => [id, blank()])) } }));
      // One at a time: a long conversation must not flood the core with calls.
      for (const id of missing) await get().reload(id);
    },

    async reload(messageId) {
      try {
        const saved = await client.call('feedback.get', { messageId });
        const now = entry(messageId);
        const untouched = !isDirty(now.draft, draftOf(now.saved));
        patch(messageId, { saved, loaded: true, draft: untouched ? draftOf(saved) : now.draft });
      } catch (error) {
        patch(messageId, { loaded: true, error: toUiError(error) });
      }
    },

    async clickThumb(messageId, thumbs) {
      const now = entry(messageId);
      if (now.busy) return;
      const next = clickThumb(now.draft, thumbs);
      patch(messageId, { draft: next.draft, open: true });
      // Nothing stored and nothing left to say: no call to make.
      if (next.action === 'withdraw' && !now.saved) return;
      if (next.action === 'withdraw') await withdrawKeeping(messageId, true);
      else await submit(messageId, next.draft);
    },

    edit(messageId, change) {
      const now = entry(messageId);
      patch(messageId, { draft: { ...now.draft, ...change }, outcome: null });
    },

    toggleWrongSource(messageId, n) {
      patch(messageId, { draft: toggleWrongSource(entry(messageId).draft, n), outcome: null });
    },

    setOpen: (messageId, open) => patch(messageId, { open }),

    revert(messageId) {
      patch(messageId, { draft: draftOf(entry(messageId).saved), error: null, outcome: null });
    },

    async save(messageId) {
      const now = entry(messageId);
      if (now.busy || hasProblems(validateDraft(now.draft))) return;
      await submit(messageId, now.draft);
    },

    async withdraw(messageId) {
      if (entry(messageId).busy) return;
      await withdrawKeeping(messageId, false);
    },
  };
});
