/**
 * Analytics for analysts: each table (questions, answers, feedback, runs, ingestion, metrics history)
 * downloaded as CSV or JSON, and a read-only SQL box over the same tables (the core refuses anything
 * but a single SELECT). Ctrl+Enter (⌘+Enter) runs the query; the result shows as a table, errors in
 * words next to the box.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { AnalyticsTableSchema, type AnalyticsTable } from '../../../src-shared/monitoring';
import { downloadText } from '../../lib/download';
import { formatNumber } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAdminStore } from '../../stores/adminStore';
import { useAppStore } from '../../stores/appStore';
import { formatSeconds } from '../monitoring/units';
import { cellText } from './adminText';

const TABLES = AnalyticsTableSchema.options;

export function AnalyticsPanel() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const { exporting, exportError, lastExport, exportTable, sql, setSql, runQuery, running, result, resultMs, queryError } = useAdminStore();
  const id = useId();

  const runExport = async (table: AnalyticsTable, format: 'csv' | 'json') => {
    const file = await exportTable(table, format);
    if (file) downloadText(file.fileName, file.mime, file.content);
  };

  return (
    <div className="analytics">
      <section className="panel" aria-labelledby={`${id}-export`} data-testid="analytics-export">
        <h2 id={`${id}-export`} className="panel-title">
          {t('admin.analytics.exportTitle')}
        </h2>
        <p className="small muted">{t('admin.analytics.exportIntro')}</p>
        <table className="data-table analytics-tables">
          <thead>
            <tr>
              <th scope="col">{t('admin.analytics.table')}</th>
              <th scope="col">{t('admin.analytics.contents')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.analytics.download')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {TABLES.map((table) => (
              <tr key={table} data-testid={`analytics-table-${table}`}>
                <th scope="row">
                  <code>{table}</code>
                </th>
                <td className="small">{t(`admin.analytics.tables.${table}`)}</td>
                <td className="row-actions">
                  {(['csv', 'json'] as const).map((format) => (
                    <button
                      key={format}
                      type="button"
                      className="button button-small"
                      disabled={exporting !== null}
                      onClick={() => void runExport(table, format)}
                      aria-label={t('admin.analytics.exportLabel', { table, format: format.toUpperCase() })}
                      data-testid={`export-${table}-${format}`}
                    >
                      {exporting === `${table}:${format}` ? t('admin.analytics.exporting') : format.toUpperCase()}
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="small" aria-live="polite" data-testid="export-outcome">
          {lastExport && !exportError ? t('admin.analytics.exported', { count: lastExport.count, file: lastExport.fileName, shown: formatNumber(lastExport.count, lang) }) : null}
        </p>
        {exportError && (
          <p className="answer-error" role="alert">
            {localizeError(exportError, lang)}
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby={`${id}-sql`} data-testid="analytics-sql">
        <h2 id={`${id}-sql`} className="panel-title">
          {t('admin.analytics.sqlTitle')}
        </h2>
        <form
          className="sql-form"
          onSubmit={(e) => {
            e.preventDefault();
            void runQuery();
          }}
        >
          <label htmlFor={`${id}-query`} className="setting-label">
            {t('admin.analytics.sqlLabel')}
          </label>
          <textarea
            id={`${id}-query`}
            className="sql-input"
            rows={5}
            spellCheck={false}
            value={sql}
            aria-describedby={`${id}-hint`}
            aria-invalid={queryError ? true : undefined}
            onChange={(e) => setSql(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void runQuery();
              }
            }}
            data-testid="sql-input"
          />
          <p id={`${id}-hint`} className="setting-hint">
            {t('admin.analytics.sqlHint', { tables: TABLES.join(', ') })}
          </p>
          <div className="sql-actions">
            <button type="submit" className="button button-primary" disabled={running || !sql.trim()} aria-keyshortcuts="Control+Enter" data-testid="sql-run">
              {running ? t('admin.analytics.running') : t('admin.analytics.run')}
            </button>
            <span className="small muted" aria-live="polite" data-testid="sql-status">
              {result && resultMs !== null
                ? result.truncated
                  ? t('admin.analytics.rowsTruncated', { count: result.rows.length, shown: formatNumber(result.rows.length, lang), time: formatSeconds(resultMs / 1000, lang) })
                  : t('admin.analytics.rows', { count: result.rows.length, shown: formatNumber(result.rows.length, lang), time: formatSeconds(resultMs / 1000, lang) })
                : null}
            </span>
          </div>
        </form>
        {queryError && (
          <div className="sql-error" role="alert" data-testid="sql-error">
            <strong>{t('admin.analytics.queryFailed')}</strong> <span className="sql-error-text">{localizeError(queryError, lang)}</span>
          </div>
        )}
        {result && (
          <div className="sql-result">
            {result.rows.length === 0 ? (
              <p className="empty">{t('admin.analytics.noRows')}</p>
            ) : (
              <table className="data-table" data-testid="sql-result">
                <thead>
                  <tr>
                    {result.columns.map((c, i) => (
                      <th key={`${c}-${i}`} scope="col">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((row, r) => (
                    <tr key={r}>
                      {row.map((cell, c) => (
                        <td key={c} className={typeof cell === 'number' ? 'num' : undefined} title={typeof cell === 'string' && cell.length > 40 ? cell : undefined}>
                          {cellText(cell, lang)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
