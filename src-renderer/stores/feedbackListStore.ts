/**
 * The Feedback screen: the filtered list (`feedback.list`, most recent first), the answer opened from
 * it (its feedback with the answer's snapshot, its trace from `chat.trace`, its feedback history) and
 * the exports. Refreshed on `feedback.changed` while the screen is shown.
 */
import { create } from 'zustand';
import type { AnswerTrace } from '../../src-shared/conversations';
import type { Feedback, FeedbackExport, FeedbackSummary, FeedbackVersion } from '../../src-shared/feedback';
import { toUiError, type UiError } from '../lib/localizeError';
import { EMPTY_FILTER, FEEDBACK_LIST_LIMIT, filterProblems, toFeedbackFilter, type FeedbackFilterForm } from '../screens/feedback/feedbackFilter';
import { client } from '../transport/client';

export interface FeedbackDetailState {
  messageId: string;
  loading: boolean;
  /** The current feedback with the answer's snapshot; null when it was withdrawn. */
  feedback: Feedback | null;
  history: FeedbackVersion[];
  trace: AnswerTrace | null;
  /** Why the trace could not be read (the conversation was deleted, say): the snapshot still shows. */
  traceError: UiError | null;
  error: UiError | null;
}

export type ExportKind = 'jsonl' | 'csv' | 'training';

interface FeedbackListState {
  form: FeedbackFilterForm;
  items: FeedbackSummary[];
  loaded: boolean;
  loading: boolean;
  error: UiError | null;
  detail: FeedbackDetailState | null;
  exporting: ExportKind | null;
  exportError: UiError | null;
  /** The screen is shown: events refresh it; otherwise it reloads when shown again. */
  active: boolean;
  setActive(active: boolean): void;
  setForm(change: Partial<FeedbackFilterForm>): void;
  clearFilters(): void;
  refresh(): Promise<void>;
  open(messageId: string): Promise<void>;
  close(): void;
  onChanged(messageId: string | null): void;
  exportFeedback(kind: ExportKind): Promise<FeedbackExport | null>;
}

let listSeq = 0;
let detailSeq = 0;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
/** Filters typed in a row (dates, several boxes) make one call. */
const REFRESH_DEBOUNCE_MS = 150;

export const useFeedbackListStore = create<FeedbackListState>()((set, get) => {
  const scheduleRefresh = () => {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void get().refresh();
    }, REFRESH_DEBOUNCE_MS);
  };

  return {
    form: { ...EMPTY_FILTER },
    items: [],
    loaded: false,
    loading: false,
    error: null,
    detail: null,
    exporting: null,
    exportError: null,
    active: false,

    setActive(active) {
      set({ active });
      if (active) void get().refresh();
    },

    setForm(change) {
      set((s) => ({ form: { ...s.form, ...change } }));
      scheduleRefresh();
    },

    clearFilters() {
      set({ form: { ...EMPTY_FILTER } });
      scheduleRefresh();
    },

    async refresh() {
      const { form } = get();
      // A filter that cannot match (dates the wrong way round) is explained at the field; the list stays.
      if (Object.keys(filterProblems(form)).length) return;
      const seq = ++listSeq;
      set({ loading: true });
      try {
        const items = await client.call('feedback.list', toFeedbackFilter(form, FEEDBACK_LIST_LIMIT));
        if (seq === listSeq) set({ items, loaded: true, loading: false, error: null });
      } catch (error) {
        if (seq === listSeq) set({ loaded: true, loading: false, error: toUiError(error) });
      }
    },

    async open(messageId) {
      const seq = ++detailSeq;
      set({ detail: { messageId, loading: true, feedback: null, history: [], trace: null, traceError: null, error: null } });
      const [feedback, history, trace] = await Promise.allSettled([
        client.call('feedback.get', { messageId }),
        client.call('feedback.history', { messageId }),
        client.call('chat.trace', { messageId }),
      ]);
      if (seq !== detailSeq) return;
      set({
        detail: {
          messageId,
          loading: false,
          feedback: feedback.status === 'fulfilled' ? feedback.value : null,
          history: history.status === 'fulfilled' ? history.value : [],
          trace: trace.status === 'fulfilled' ? trace.value : null,
          traceError: trace.status === 'rejected' ? toUiError(trace.reason) : null,
          error: feedback.status === 'rejected' ? toUiError(feedback.reason) : history.status === 'rejected' ? toUiError(history.reason) : null,
        },
      });
    },

    close() {
      detailSeq++;
      set({ detail: null });
    },

    onChanged(messageId) {
      if (!get().active) return;
      scheduleRefresh();
      const detail = get().detail;
      if (detail && (messageId === null || detail.messageId === messageId)) void get().open(detail.messageId);
    },

    async exportFeedback(kind) {
      if (get().exporting) return null;
      set({ exporting: kind, exportError: null });
      try {
        const filter = toFeedbackFilter(get().form);
        const file = await client.call('feedback.export', kind === 'training' ? { format: 'jsonl', training: true, filter } : { format: kind, filter });
        set({ exporting: null });
        return file;
      } catch (error) {
        set({ exporting: null, exportError: toUiError(error) });
        return null;
      }
    },
  };
});
