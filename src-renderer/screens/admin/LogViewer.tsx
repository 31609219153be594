/**
 * The app's log, newest first: filters (lowest level, source, since, text), a windowed list (thousands
 * of entries scroll as smoothly as ten), the selected entry in full, and an auto-refresh toggle
 * (every 5 s while the screen is shown). Keyboard: ↑ ↓ Home End PageUp PageDown move, Enter opens an
 * entry, Escape closes it and puts the focus back on its row.
 */
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogEntry, LogLevel } from '../../../src-shared/monitoring';
import { formatNumber } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAdminStore } from '../../stores/adminStore';
import { useAppStore } from '../../stores/appStore';
import { VirtualList } from '../library/VirtualList';
import { dataLine, knownSources, LOG_LEVELS, LOGS_LIMIT } from './adminText';

const ROW_HEIGHT = 50;
const LIST_HEIGHT = 440;
const AUTO_REFRESH_MS = 5_000;

function timeOf(iso: string, lang: 'en' | 'fr'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}

function LevelBadge({ level }: { level: LogLevel }) {
  const { t } = useTranslation();
  return <span className={`badge log-level log-level-${level}`}>{t(`admin.logs.levels.${level}`)}</span>;
}

export function LogViewer() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const { filter, logs, logsLoaded, logsLoading, logsError, autoRefresh, setFilter, resetFilter, refreshLogs, setAutoRefresh } = useAdminStore();
  const [active, setActiveRow] = useState(0);
  const [focusRequest, setFocusRequest] = useState(0);
  const [open, setOpen] = useState<LogEntry | null>(null);
  const id = useId();
  const sources = useMemo(() => knownSources(logs), [logs]);

  useEffect(() => setActiveRow((i) => Math.max(0, Math.min(i, logs.length - 1))), [logs.length]);
  useEffect(() => {
    if (!autoRefresh) return;
    const timer = setInterval(() => void refreshLogs(), AUTO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [autoRefresh, refreshLogs]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(LIST_HEIGHT / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: logs.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      setFocusRequest((n) => n + 1);
      setActiveRow(Math.max(0, Math.min(logs.length - 1, moves[e.key])));
    }
  };
  const close = () => {
    setOpen(null);
    document.querySelector<HTMLElement>(`[data-testid="log-row"][data-index="${active}"]`)?.focus();
  };
  const filtered = filter.level !== '' || filter.source !== '' || filter.since !== '' || filter.query !== '';

  return (
    <section aria-labelledby={`${id}-title`} data-testid="log-viewer">
      <div className="panel-head">
        <h2 id={`${id}-title`} className="panel-title">
          {t('admin.logs.title')}
        </h2>
        <label className="setting-checkbox small">
          <input type="checkbox" checked={autoRefresh} onChange={(e) => setAutoRefresh(e.target.checked)} data-testid="logs-auto-refresh" />
          {t('admin.logs.autoRefresh')}
        </label>
        <button type="button" className="button button-small" onClick={() => void refreshLogs()} data-testid="logs-refresh">
          {t('admin.logs.refresh')}
        </button>
      </div>
      <div className="feedback-filters log-filters" role="search" aria-label={t('admin.logs.filters')}>
        <label className="filter-select">
          <span>{t('admin.logs.level')}</span>
          <select value={filter.level} onChange={(e) => setFilter({ level: e.target.value as LogLevel | '' })} data-testid="logs-level">
            <option value="">{t('admin.logs.allLevels')}</option>
            {LOG_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t('admin.logs.atLeast', { level: t(`admin.logs.levels.${l}`) })}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-select">
          <span>{t('admin.logs.source')}</span>
          <input className="log-filter-input" list={`${id}-sources`} value={filter.source} onChange={(e) => setFilter({ source: e.target.value })} data-testid="logs-source" />
          <datalist id={`${id}-sources`}>
            {sources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <label className="filter-select">
          <span>{t('admin.logs.since')}</span>
          <input type="datetime-local" value={filter.since} onChange={(e) => setFilter({ since: e.target.value })} data-testid="logs-since" />
        </label>
        <label className="filter-select">
          <span>{t('admin.logs.text')}</span>
          <input type="search" className="log-filter-input" value={filter.query} onChange={(e) => setFilter({ query: e.target.value })} data-testid="logs-query" />
        </label>
        {filtered && (
          <button type="button" className="link-button" onClick={resetFilter}>
            {t('admin.logs.clear')}
          </button>
        )}
      </div>
      {logsError && (
        <p className="answer-error" role="alert" data-testid="logs-error">
          {localizeError(logsError, lang)}
        </p>
      )}
      <p className="muted small" aria-live="polite" data-testid="logs-count">
        {logsLoading && !logsLoaded
          ? t('admin.logs.loading')
          : logs.length >= LOGS_LIMIT
            ? t('admin.logs.countCapped', { count: logs.length, shown: formatNumber(logs.length, lang) })
            : t('admin.logs.count', { count: logs.length, shown: formatNumber(logs.length, lang) })}
      </p>
      <div className="log-layout">
        <div className="log-list-column">
          {logsLoaded && logs.length === 0 && !logsError ? (
            <p className="empty">{filtered ? t('admin.logs.noMatch') : t('admin.logs.empty')}</p>
          ) : (
            <VirtualList
              count={logs.length}
              rowHeight={ROW_HEIGHT}
              height={Math.min(LIST_HEIGHT, logs.length * ROW_HEIGHT + 2)}
              activeIndex={active}
              focusRequest={focusRequest}
              label={t('admin.logs.list')}
              testId="log-list"
              className="log-list"
              onKeyDown={onKeyDown}
              renderRow={(i) => {
                const e = logs[i];
                const extra = dataLine(e.data);
                return (
                  <button
                    type="button"
                    className={`log-row${i === active ? ' log-row-active' : ''}${open === e ? ' log-row-open' : ''}`}
                    data-row-focus
                    data-testid="log-row"
                    data-index={i}
                    data-level={e.level}
                    data-source={e.source}
                    tabIndex={i === active ? 0 : -1}
                    aria-current={open === e ? 'true' : undefined}
                    onClick={() => {
                      setActiveRow(i);
                      setOpen(e);
                    }}
                  >
                    <span className="log-row-top">
                      <span className="small muted nowrap log-time">{timeOf(e.time, lang)}</span>
                      <LevelBadge level={e.level} />
                      <span className="small log-source">{e.source}</span>
                      <span className="log-message">{e.message}</span>
                    </span>
                    {extra && <span className="log-data small muted">{extra}</span>}
                  </button>
                );
              }}
            />
          )}
          {logs.length > 0 && <p className="muted small">{t('admin.logs.keyboardHint')}</p>}
        </div>
        {open && (
          <div
            className="panel log-detail"
            data-testid="log-detail"
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                close();
              }
            }}
          >
            <div className="panel-head">
              <h3 className="panel-title">{t('admin.logs.entry')}</h3>
              <button type="button" className="button button-small" onClick={close} autoFocus>
                {t('admin.logs.close')}
              </button>
            </div>
            <dl className="log-detail-fields">
              <dt>{t('admin.logs.time')}</dt>
              <dd>{open.time}</dd>
              <dt>{t('admin.logs.level')}</dt>
              <dd>
                <LevelBadge level={open.level} />
              </dd>
              <dt>{t('admin.logs.source')}</dt>
              <dd>{open.source}</dd>
              <dt>{t('admin.logs.message')}</dt>
              <dd className="log-detail-message">{open.message}</dd>
            </dl>
            {Object.keys(open.data).length > 0 && <pre className="log-detail-data">{JSON.stringify(open.data, null, 2)}</pre>}
          </div>
        )}
      </div>
    </section>
  );
}
