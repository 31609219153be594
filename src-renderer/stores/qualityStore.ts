/**
 * The Quality screen's state: the run being followed (from `quality.run` events), the schedule and the
 * quality settings, the run history, the review queue, flagged and scored passages, re-ingestion
 * recommendations, the audit log, the statistics with their signals, and the health report. Each part
 * is loaded on its own so one failure does not blank the screen; errors of an action are kept by the
 * control they belong to and shown next to it, in the user's language.
 */
import { create } from 'zustand';
import type { QualitySettings } from '../../src-shared/domain';
import type {
  AnalysisRun,
  AuditAction,
  AuditEntry,
  ChunkQuality,
  HealthReport,
  QualityStats,
  Recommendation,
  ReviewItem,
  ScheduleInfo,
} from '../../src-shared/quality';
import { toUiError, type UiError } from '../lib/localizeError';
import { startOfDay } from '../screens/feedback/feedbackFilter';
import { isRunning, mergeRun, upsertRun } from '../screens/quality/runProgress';
import { client } from '../transport/client';

export type QualitySection = 'schedule' | 'settings' | 'runs' | 'review' | 'chunks' | 'recommendations' | 'audit' | 'stats' | 'health';
export type QualityTab = 'overview' | 'review' | 'passages' | 'recommendations' | 'runs' | 'audit';
export type ChunkList = 'blacklisted' | 'whitelisted' | 'scored';

export interface AuditFilterForm {
  action: '' | AuditAction;
  /** YYYY-MM-DD or ''. */
  since: string;
}

/** Rows asked of the core for each list shown (the audit log and passages are long on a big library). */
export const RUNS_LIMIT = 50;
export const CHUNKS_LIMIT = 500;
export const AUDIT_LIMIT = 1_000;

interface QualityState {
  active: boolean;
  tab: QualityTab;
  run: AnalysisRun | null;
  schedule: ScheduleInfo | null;
  settings: QualitySettings | null;
  runs: AnalysisRun[];
  review: ReviewItem[];
  chunks: Record<ChunkList, ChunkQuality[]>;
  recommendations: Recommendation[];
  audit: AuditEntry[];
  auditFilter: AuditFilterForm;
  stats: QualityStats | null;
  statsDays: number;
  health: HealthReport | null;
  loaded: Partial<Record<QualitySection, boolean>>;
  /** Why a part could not be loaded. */
  errors: Partial<Record<QualitySection, UiError>>;
  /** Errors of actions, by control: 'run', 'settings', 'review:<id>', 'chunk:<id>', 'rec:<id>', 'audit-export'. */
  actionErrors: Record<string, UiError>;
  /** Actions in flight, by the same keys. */
  busy: Record<string, boolean>;

  setActive(active: boolean): void;
  setTab(tab: QualityTab): void;
  refreshAll(): Promise<void>;
  refresh(section: QualitySection): Promise<void>;
  runNow(): Promise<void>;
  cancelRun(): Promise<void>;
  saveSettings(next: QualitySettings): Promise<boolean>;
  decide(id: string, accept: boolean, reason: string): Promise<boolean>;
  setChunkFlag(chunkId: string, action: 'blacklist' | 'whitelist' | 'restore', reason: string): Promise<boolean>;
  applyRecommendation(id: string): Promise<boolean>;
  dismissRecommendation(id: string, reason: string): Promise<boolean>;
  setAuditFilter(change: Partial<AuditFilterForm>): void;
  exportAudit(): Promise<{ fileName: string; mime: string; content: string } | null>;
  setStatsDays(days: number): void;
  clearActionError(key: string): void;
  onRun(run: AnalysisRun): void;
  onChanged(): void;
  onFeedbackChanged(): void;
}

let changedTimer: ReturnType<typeof setTimeout> | null = null;
let statsTimer: ReturnType<typeof setTimeout> | null = null;
/** Bursts of events (a run deciding on many passages) make one reload. */
const EVENT_DEBOUNCE_MS = 300;
const seq: Partial<Record<QualitySection, number>> = {};

export const useQualityStore = create<QualityState>()((set, get) => {
  /** Loads one part; a reply overtaken by a newer request for the same part is dropped. */
  async function load<T>(section: QualitySection, call: () => Promise<T>, apply: (value: T) => Partial<QualityState>): Promise<void> {
    const n = (seq[section] = (seq[section] ?? 0) + 1);
    try {
      const value = await call();
      if (seq[section] !== n) return;
      set((s) => {
        const { [section]: _dropped, ...errors } = s.errors;
        return { ...apply(value), loaded: { ...s.loaded, [section]: true }, errors };
      });
    } catch (error) {
      if (seq[section] !== n) return;
      set((s) => ({ loaded: { ...s.loaded, [section]: true }, errors: { ...s.errors, [section]: toUiError(error) } }));
    }
  }

  /** Runs an action keyed by its control: busy while it runs, its error kept by that key. */
  async function act<T>(key: string, call: () => Promise<T>): Promise<T | null> {
    if (get().busy[key]) return null;
    set((s) => {
      const { [key]: _dropped, ...actionErrors } = s.actionErrors;
      return { busy: { ...s.busy, [key]: true }, actionErrors };
    });
    try {
      return await call();
    } catch (error) {
      set((s) => ({ actionErrors: { ...s.actionErrors, [key]: toUiError(error) } }));
      return null;
    } finally {
      set((s) => {
        const { [key]: _dropped, ...busy } = s.busy;
        return { busy };
      });
    }
  }

  const refreshMany = (sections: QualitySection[]) => Promise.all(sections.map((s) => get().refresh(s))).then(() => undefined);

  return {
    active: false,
    tab: 'overview',
    run: null,
    schedule: null,
    settings: null,
    runs: [],
    review: [],
    chunks: { blacklisted: [], whitelisted: [], scored: [] },
    recommendations: [],
    audit: [],
    auditFilter: { action: '', since: '' },
    stats: null,
    statsDays: 7,
    health: null,
    loaded: {},
    errors: {},
    actionErrors: {},
    busy: {},

    setActive(active) {
      set({ active });
      if (active) void get().refreshAll();
    },

    setTab: (tab) => set({ tab }),

    refreshAll: () => refreshMany(['schedule', 'settings', 'runs', 'review', 'chunks', 'recommendations', 'audit', 'stats', 'health']),

    async refresh(section) {
      switch (section) {
        case 'schedule':
          return load(
            'schedule',
            () => client.call('quality.schedule', {}),
            (schedule) => {
              // The schedule knows a run going on in another process (the CLI) too.
              const known = schedule.running ?? schedule.lastRun;
              return { schedule, run: known ? mergeRun(get().run, known) : get().run };
            },
          );
        case 'settings':
          return load(
            'settings',
            () => client.call('settings.get', {}),
            (settings) => ({ settings: settings.quality }),
          );
        case 'runs':
          return load(
            'runs',
            () => client.call('quality.runs', { limit: RUNS_LIMIT }),
            (runs) => ({ runs }),
          );
        case 'review':
          return load(
            'review',
            () => client.call('quality.review', { status: 'pending' }),
            (review) => ({ review }),
          );
        case 'chunks':
          return load(
            'chunks',
            async () => {
              const [blacklisted, whitelisted, scored] = await Promise.all(
                (['blacklisted', 'whitelisted', 'scored'] as const).map((filter) => client.call('quality.chunks', { filter, limit: CHUNKS_LIMIT })),
              );
              return { blacklisted, whitelisted, scored };
            },
            (chunks) => ({ chunks }),
          );
        case 'recommendations':
          return load(
            'recommendations',
            () => client.call('quality.recommendations', {}),
            (recommendations) => ({ recommendations }),
          );
        case 'audit': {
          const { action, since } = get().auditFilter;
          const sinceIso = startOfDay(since);
          return load(
            'audit',
            () => client.call('quality.audit', { limit: AUDIT_LIMIT, ...(action ? { action } : {}), ...(sinceIso ? { since: sinceIso } : {}) }),
            (audit) => ({ audit }),
          );
        }
        case 'stats':
          return load(
            'stats',
            () => client.call('quality.stats', { days: get().statsDays }),
            (stats) => ({ stats }),
          );
        case 'health':
          return load(
            'health',
            () => client.call('health', {}),
            (health) => ({ health }),
          );
      }
    },

    async runNow() {
      const run = await act('run', () => client.call('quality.run', {}));
      if (run) get().onRun(run);
    },

    async cancelRun() {
      await act('cancel', () => client.call('quality.cancel', {}));
    },

    async saveSettings(next) {
      // The whole object is sent: the core replaces `quality` as a unit.
      const saved = await act('settings', () => client.call('settings.update', { quality: next }));
      if (!saved) return false;
      set({ settings: saved.quality });
      void get().refresh('schedule');
      void get().refresh('health');
      return true;
    },

    async decide(id, accept, reason) {
      const trimmed = reason.trim();
      const item = await act(`review:${id}`, () => client.call('quality.decide', { id, accept, ...(trimmed ? { reason: trimmed } : {}) }));
      if (!item) return false;
      set((s) => ({ review: s.review.filter((r) => r.id !== id) }));
      void refreshMany(['chunks', 'recommendations', 'audit', 'stats']);
      return true;
    },

    async setChunkFlag(chunkId, action, reason) {
      const done = await act(`chunk:${chunkId}`, () => client.call('quality.setChunkFlag', { chunkId, action, reason: reason.trim() }));
      if (!done) return false;
      void refreshMany(['chunks', 'review', 'audit', 'stats']);
      return true;
    },

    async applyRecommendation(id) {
      const rec = await act(`rec:${id}`, () => client.call('quality.applyRecommendation', { id }));
      if (!rec) return false;
      set((s) => ({ recommendations: s.recommendations.map((r) => (r.id === id ? rec : r)) }));
      void refreshMany(['recommendations', 'review', 'audit', 'stats']);
      return true;
    },

    async dismissRecommendation(id, reason) {
      const trimmed = reason.trim();
      const rec = await act(`rec:${id}`, () => client.call('quality.dismissRecommendation', { id, ...(trimmed ? { reason: trimmed } : {}) }));
      if (!rec) return false;
      set((s) => ({ recommendations: s.recommendations.map((r) => (r.id === id ? rec : r)) }));
      void refreshMany(['recommendations', 'review', 'audit', 'stats']);
      return true;
    },

    setAuditFilter(change) {
      set((s) => ({ auditFilter: { ...s.auditFilter, ...change } }));
      void get().refresh('audit');
    },

    async exportAudit() {
      const { action, since } = get().auditFilter;
      const sinceIso = startOfDay(since);
      const filter = { ...(action ? { action } : {}), ...(sinceIso ? { since: sinceIso } : {}) };
      return act('audit-export', () => client.call('quality.auditExport', { format: 'csv', filter }));
    },

    setStatsDays(days) {
      set({ statsDays: days });
      void get().refresh('stats');
    },

    clearActionError(key) {
      set((s) => {
        const { [key]: _dropped, ...actionErrors } = s.actionErrors;
        return { actionErrors };
      });
    },

    onRun(event) {
      const before = get().run;
      const run = mergeRun(before, event);
      set((s) => ({ run, runs: upsertRun(s.runs, event) }));
      // When a run ends, what it decided shows everywhere.
      const ended = run.id === event.id && !isRunning(run) && (isRunning(before) || before?.id !== run.id);
      if (ended && get().active) void refreshMany(['schedule', 'runs', 'review', 'chunks', 'recommendations', 'audit', 'stats', 'health']);
    },

    onChanged() {
      if (!get().active) return;
      if (changedTimer) clearTimeout(changedTimer);
      changedTimer = setTimeout(() => {
        changedTimer = null;
        void refreshMany(['review', 'chunks', 'recommendations', 'audit', 'stats']);
      }, EVENT_DEBOUNCE_MS);
    },

    onFeedbackChanged() {
      if (!get().active) return;
      if (statsTimer) clearTimeout(statsTimer);
      statsTimer = setTimeout(() => {
        statsTimer = null;
        void get().refresh('stats');
      }, EVENT_DEBOUNCE_MS);
    },
  };
});
