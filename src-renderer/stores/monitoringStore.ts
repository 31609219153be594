/**
 * The Monitoring screen's state: the overview figures, the history of the tab shown for the chosen
 * range, the alerts (firing ones, and the history with acknowledgements), the knowledge gaps, the
 * metrics settings and what /metrics serves. The firing alerts and the notification setting are
 * loaded at start-up too, so an alert raises the app-wide bar and a desktop notification on any screen.
 * Each part loads on its own (one failure does not blank the screen); a reply overtaken by a newer
 * request for the same part is dropped; action errors are kept by the control they belong to.
 */
import i18next from 'i18next';
import { create } from 'zustand';
import type { MetricsSettings, QualitySettings } from '../../src-shared/domain';
import type { HistoryRange, HistorySeriesData, KnowledgeGap, MonitoringAlert, MonitoringOverview } from '../../src-shared/monitoring';
import { toUiError, type UiError } from '../lib/localizeError';
import { phraseAlert } from '../screens/monitoring/alertText';
import { PERFORMANCE_CHARTS, QUALITY_CHARTS, RESOURCE_CHARTS, seriesOf, type ChartSpec } from '../screens/monitoring/chartData';
import { client, transport } from '../transport/client';
import { useAppStore } from './appStore';

export type MonitoringTab = 'overview' | 'performance' | 'quality' | 'resources' | 'alerts' | 'settings';
export const MONITORING_TABS: readonly MonitoringTab[] = ['overview', 'performance', 'quality', 'resources', 'alerts', 'settings'];
export type MonitoringSection = 'overview' | 'history' | 'firing' | 'alerts' | 'gaps' | 'settings' | 'metrics';
/** 'desktop': the Electron shell shows alert notifications itself (from the main process). */
export type NotificationState = NotificationPermission | 'unsupported' | 'desktop';

/** The charts each tab draws (the tabs without charts ask no history). */
export const TAB_CHARTS: Partial<Record<MonitoringTab, readonly ChartSpec[]>> = {
  performance: PERFORMANCE_CHARTS,
  quality: QUALITY_CHARTS,
  resources: RESOURCE_CHARTS,
};

export const ALERT_HISTORY_LIMIT = 200;
export const GAPS_LIMIT = 200;
/** Days of knowledge gaps listed for each range. */
export const GAP_DAYS: Record<HistoryRange, number> = { '1h': 1, '24h': 1, '7d': 7, '30d': 30 };

type QualityThresholds = Pick<QualitySettings, 'alertMinAverageRating' | 'alertMinIngestSuccess'>;

interface MonitoringState {
  active: boolean;
  tab: MonitoringTab;
  range: HistoryRange;
  overview: MonitoringOverview | null;
  /** The history of `historyFor` (a tab and a range), and when it was asked (the charts' "now"). */
  history: HistorySeriesData[];
  historyFor: string;
  historyAt: number;
  firing: MonitoringAlert[];
  alerts: MonitoringAlert[];
  gaps: KnowledgeGap[];
  metrics: MetricsSettings | null;
  qualityThresholds: QualityThresholds | null;
  metricsText: { contentType: string; text: string } | null;
  notification: NotificationState;
  loaded: Partial<Record<MonitoringSection, boolean>>;
  errors: Partial<Record<MonitoringSection, UiError>>;
  actionErrors: Record<string, UiError>;
  busy: Record<string, boolean>;

  init(): void;
  setActive(active: boolean): void;
  setTab(tab: MonitoringTab): void;
  setRange(range: HistoryRange): void;
  refreshVisible(): Promise<void>;
  refresh(section: MonitoringSection): Promise<void>;
  acknowledge(id: string): Promise<boolean>;
  saveSettings(metrics: MetricsSettings, thresholds: QualityThresholds): Promise<boolean>;
  loadMetricsText(format: 'prometheus' | 'openmetrics'): Promise<void>;
  requestNotifications(): Promise<void>;
  onAlert(alert: MonitoringAlert): void;
  onTick(): void;
  onReconnected(): void;
}

const seq: Partial<Record<MonitoringSection, number>> = {};
let tickTimer: ReturnType<typeof setTimeout> | null = null;
/** Several events at once (a tick and its alerts) make one reload. */
const EVENT_DEBOUNCE_MS = 300;

function notificationState(): NotificationState {
  if (transport.kind === 'ipc') return 'desktop';
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function upsertAlert(list: readonly MonitoringAlert[], alert: MonitoringAlert): MonitoringAlert[] {
  const i = list.findIndex((a) => a.id === alert.id);
  if (i < 0) return [alert, ...list];
  const next = list.slice();
  next[i] = alert;
  return next;
}

export const useMonitoringStore = create<MonitoringState>()((set, get) => {
  async function load<T>(section: MonitoringSection, call: () => Promise<T>, apply: (value: T) => Partial<MonitoringState>, quiet = false): Promise<void> {
    const n = (seq[section] = (seq[section] ?? 0) + 1);
    try {
      const value = await call();
      if (seq[section] !== n) return;
      set((s) => {
        const { [section]: _dropped, ...errors } = s.errors;
        return { ...apply(value), loaded: { ...s.loaded, [section]: true }, errors };
      });
    } catch (error) {
      if (seq[section] !== n || quiet) return;
      set((s) => ({ loaded: { ...s.loaded, [section]: true }, errors: { ...s.errors, [section]: toUiError(error) } }));
    }
  }

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

  /** In a browser only: in the desktop app the main process notifies (src-main/electron/alertNotifications.ts). */
  function notify(alert: MonitoringAlert): void {
    if (!get().metrics?.notifications || notificationState() !== 'granted') return;
    const lang = useAppStore.getState().lang;
    const text = phraseAlert(i18next, lang, alert);
    try {
      // The tag keeps one notification per alert, however often it is re-sent.
      new Notification(`${i18next.t('app.name', { lng: lang })}: ${text.title}`, { body: text.detail, tag: alert.id });
    } catch {
      // Some shells refuse notifications built from a page (Android Chrome); the banner still shows.
    }
  }

  return {
    active: false,
    tab: 'overview',
    range: '24h',
    overview: null,
    history: [],
    historyFor: '',
    historyAt: 0,
    firing: [],
    alerts: [],
    gaps: [],
    metrics: null,
    qualityThresholds: null,
    metricsText: null,
    notification: notificationState(),
    loaded: {},
    errors: {},
    actionErrors: {},
    busy: {},

    init() {
      // Quietly: a core without monitoring (an older server) leaves the bar empty, not an error.
      void load('firing', () => client.call('monitoring.alerts', { state: 'firing' }), (firing) => ({ firing }), true);
      void load(
        'settings',
        () => client.call('settings.get', {}),
        (s) => ({ metrics: s.metrics, qualityThresholds: { alertMinAverageRating: s.quality.alertMinAverageRating, alertMinIngestSuccess: s.quality.alertMinIngestSuccess } }),
        true,
      );
    },

    setActive(active) {
      set({ active, notification: notificationState() });
      if (active) {
        void get().refresh('settings');
        void get().refreshVisible();
      }
    },

    setTab(tab) {
      set({ tab });
      void get().refreshVisible();
    },

    setRange(range) {
      set({ range });
      void get().refreshVisible();
    },

    async refreshVisible() {
      const { tab } = get();
      const parts: MonitoringSection[] = ['overview', 'firing'];
      if (TAB_CHARTS[tab]) parts.push('history');
      if (tab === 'quality') parts.push('gaps');
      if (tab === 'alerts') parts.push('alerts');
      await Promise.all(parts.map((p) => get().refresh(p)));
    },

    async refresh(section) {
      switch (section) {
        case 'overview':
          return load(
            'overview',
            () => client.call('monitoring.overview', {}),
            (overview) => ({ overview }),
          );
        case 'history': {
          const { tab, range } = get();
          const charts = TAB_CHARTS[tab];
          if (!charts) return;
          const at = Date.now();
          return load(
            'history',
            () => client.call('monitoring.history', { series: seriesOf(charts), range }),
            (history) => ({ history, historyFor: `${tab}|${range}`, historyAt: at }),
          );
        }
        case 'firing':
          return load(
            'firing',
            () => client.call('monitoring.alerts', { state: 'firing' }),
            (firing) => ({ firing }),
          );
        case 'alerts':
          return load(
            'alerts',
            () => client.call('monitoring.alerts', { limit: ALERT_HISTORY_LIMIT }),
            (alerts) => ({ alerts }),
          );
        case 'gaps':
          return load(
            'gaps',
            () => client.call('monitoring.knowledgeGaps', { days: GAP_DAYS[get().range], limit: GAPS_LIMIT }),
            (gaps) => ({ gaps }),
          );
        case 'settings':
          return load(
            'settings',
            () => client.call('settings.get', {}),
            (s) => ({ metrics: s.metrics, qualityThresholds: { alertMinAverageRating: s.quality.alertMinAverageRating, alertMinIngestSuccess: s.quality.alertMinIngestSuccess } }),
          );
        case 'metrics':
          return get().loadMetricsText('prometheus');
      }
    },

    async acknowledge(id) {
      const alert = await act(`ack:${id}`, () => client.call('monitoring.acknowledge', { id }));
      if (!alert) return false;
      set((s) => ({ alerts: upsertAlert(s.alerts, alert), firing: s.firing.some((a) => a.id === id) ? upsertAlert(s.firing, alert) : s.firing }));
      return true;
    },

    async saveSettings(metrics, thresholds) {
      const saved = await act('settings', async () => {
        // `quality` is replaced as a unit: start from what is stored now, so the Quality screen's
        // other settings are kept even if they changed since this screen loaded.
        const current = await client.call('settings.get', {});
        const qualityChanged =
          current.quality.alertMinAverageRating !== thresholds.alertMinAverageRating || current.quality.alertMinIngestSuccess !== thresholds.alertMinIngestSuccess;
        return client.call('settings.update', { metrics, ...(qualityChanged ? { quality: { ...current.quality, ...thresholds } } : {}) });
      });
      if (!saved) return false;
      set({
        metrics: saved.metrics,
        qualityThresholds: { alertMinAverageRating: saved.quality.alertMinAverageRating, alertMinIngestSuccess: saved.quality.alertMinIngestSuccess },
      });
      // The metrics port may have started or stopped.
      void get().refresh('overview');
      return true;
    },

    async loadMetricsText(format) {
      const value = await act('metrics', () => client.call('monitoring.metrics', { format }));
      if (value) set({ metricsText: value });
    },

    async requestNotifications() {
      if (notificationState() === 'desktop' || typeof Notification === 'undefined') return set({ notification: notificationState() });
      // Asked only from a click (browsers ignore or penalise a request nobody asked for).
      const answer = await Notification.requestPermission();
      set({ notification: answer });
    },

    onAlert(alert) {
      const known = get().firing.find((a) => a.id === alert.id);
      set((s) => ({
        alerts: upsertAlert(s.alerts, alert),
        firing: alert.state === 'firing' ? upsertAlert(s.firing, alert) : s.firing.filter((a) => a.id !== alert.id),
      }));
      if (alert.state === 'firing' && !known && !alert.acknowledgedAt) notify(alert);
      if (get().active) void get().refresh('overview');
    },

    onTick() {
      if (!get().active) return;
      if (tickTimer) clearTimeout(tickTimer);
      tickTimer = setTimeout(() => {
        tickTimer = null;
        void get().refreshVisible();
      }, EVENT_DEBOUNCE_MS);
    },

    onReconnected() {
      void get().refresh('firing');
      if (get().active) void get().refreshVisible();
    },
  };
});
