/**
 * The Admin screen's state: the log (filters, entries newest first, auto-refresh) and the analytics
 * (exports of each table, the read-only SQL box with its result). Filters reload the log after a
 * short pause in typing; a reply overtaken by a newer request is dropped.
 */
import { create } from 'zustand';
import type { AnalyticsResult, AnalyticsTable, LogEntry } from '../../src-shared/monitoring';
import { toUiError, type UiError } from '../lib/localizeError';
import { EMPTY_LOG_FILTER, logsInput, QUERY_LIMIT, type LogFilterForm } from '../screens/admin/adminText';
import { client } from '../transport/client';

export type AdminTab = 'logs' | 'analytics' | 'backups' | 'maintenance';
export const ADMIN_TABS: readonly AdminTab[] = ['logs', 'analytics', 'backups', 'maintenance'];

interface AdminState {
  active: boolean;
  tab: AdminTab;
  filter: LogFilterForm;
  logs: LogEntry[];
  logsLoaded: boolean;
  logsLoading: boolean;
  logsError: UiError | null;
  logsAt: number;
  autoRefresh: boolean;
  /** 'questions:csv' while that export runs. */
  exporting: string | null;
  exportError: UiError | null;
  lastExport: { table: AnalyticsTable; count: number; fileName: string } | null;
  sql: string;
  running: boolean;
  result: AnalyticsResult | null;
  resultMs: number | null;
  queryError: UiError | null;

  setActive(active: boolean): void;
  setTab(tab: AdminTab): void;
  setFilter(change: Partial<LogFilterForm>): void;
  resetFilter(): void;
  refreshLogs(): Promise<void>;
  setAutoRefresh(on: boolean): void;
  exportTable(table: AnalyticsTable, format: 'csv' | 'json'): Promise<{ fileName: string; mime: string; content: string } | null>;
  setSql(sql: string): void;
  runQuery(): Promise<void>;
}

let logSeq = 0;
let filterTimer: ReturnType<typeof setTimeout> | null = null;
/** Typing in the text filter reloads once the person pauses. */
const FILTER_DEBOUNCE_MS = 250;

export const useAdminStore = create<AdminState>()((set, get) => ({
  active: false,
  tab: 'logs',
  filter: EMPTY_LOG_FILTER,
  logs: [],
  logsLoaded: false,
  logsLoading: false,
  logsError: null,
  logsAt: 0,
  autoRefresh: false,
  exporting: null,
  exportError: null,
  lastExport: null,
  sql: 'SELECT count(*) FROM questions',
  running: false,
  result: null,
  resultMs: null,
  queryError: null,

  setActive(active) {
    set({ active });
    if (active) void get().refreshLogs();
  },

  setTab: (tab) => set({ tab }),

  setFilter(change) {
    set((s) => ({ filter: { ...s.filter, ...change } }));
    if (filterTimer) clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      filterTimer = null;
      void get().refreshLogs();
    }, FILTER_DEBOUNCE_MS);
  },

  resetFilter() {
    set({ filter: EMPTY_LOG_FILTER });
    void get().refreshLogs();
  },

  async refreshLogs() {
    const n = ++logSeq;
    set({ logsLoading: true });
    try {
      const logs = await client.call('logs.list', logsInput(get().filter));
      if (n !== logSeq) return;
      set({ logs, logsLoaded: true, logsLoading: false, logsError: null, logsAt: Date.now() });
    } catch (error) {
      if (n !== logSeq) return;
      set({ logsLoaded: true, logsLoading: false, logsError: toUiError(error) });
    }
  },

  setAutoRefresh: (autoRefresh) => set({ autoRefresh }),

  async exportTable(table, format) {
    if (get().exporting) return null;
    set({ exporting: `${table}:${format}`, exportError: null });
    try {
      const file = await client.call('analytics.export', { table, format });
      set({ lastExport: { table, count: file.count, fileName: file.fileName } });
      return file;
    } catch (error) {
      set({ exportError: toUiError(error) });
      return null;
    } finally {
      set({ exporting: null });
    }
  },

  setSql: (sql) => set({ sql }),

  async runQuery() {
    const sql = get().sql.trim();
    if (!sql || get().running) return;
    set({ running: true, queryError: null });
    const started = performance.now();
    try {
      const result = await client.call('analytics.query', { sql, limit: QUERY_LIMIT });
      set({ result, resultMs: performance.now() - started });
    } catch (error) {
      set({ queryError: toUiError(error), result: null, resultMs: null });
    } finally {
      set({ running: false });
    }
  },
}));
