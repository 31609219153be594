/**
 * The audit log: every decision of the loop, never edited (an undo is a new row), most recent first,
 * filtered by action and date, exported as CSV. Each row: when, what, on which passage or document,
 * why, the score and votes at the time, the judge's verdict (its raw output on demand), and who.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditActionSchema, type AuditAction } from '../../../src-shared/quality';
import { downloadText } from '../../lib/download';
import { formatDate, formatNumber } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useLibraryStore } from '../../stores/libraryStore';
import { AUDIT_LIMIT, useQualityStore } from '../../stores/qualityStore';

const ACTIONS = AuditActionSchema.options;

function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}

export function AuditLog() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const audit = useQualityStore((s) => s.audit);
  const loaded = useQualityStore((s) => s.loaded.audit);
  const error = useQualityStore((s) => s.errors.audit);
  const filter = useQualityStore((s) => s.auditFilter);
  const setFilter = useQualityStore((s) => s.setAuditFilter);
  const exportAudit = useQualityStore((s) => s.exportAudit);
  const exporting = useQualityStore((s) => s.busy['audit-export'] ?? false);
  const exportError = useQualityStore((s) => s.actionErrors['audit-export']);
  const documents = useLibraryStore((s) => s.documents);
  const titles = useMemo(() => new Map(documents.map((d) => [d.id, d.title])), [documents]);

  const runExport = async () => {
    const file = await exportAudit();
    if (file) downloadText(file.fileName, file.mime, file.content);
  };

  return (
    <section aria-labelledby="audit-title" data-testid="audit-log">
      <div className="panel-head">
        <h2 id="audit-title" className="panel-title">
          {t('quality.audit.title')}
        </h2>
        <button type="button" className="button button-small" disabled={exporting} onClick={() => void runExport()} data-testid="audit-export">
          {exporting ? t('feedbackScreen.export.busy') : t('quality.audit.export')}
        </button>
      </div>
      <div className="feedback-filters" role="search" aria-label={t('quality.audit.filters')}>
        <label className="filter-select">
          <span>{t('quality.audit.action')}</span>
          <select value={filter.action} onChange={(e) => setFilter({ action: e.target.value as AuditAction | '' })} data-testid="audit-action-filter">
            <option value="">{t('feedbackScreen.filters.any')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`quality.audit.actions.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-select">
          <span>{t('quality.audit.since')}</span>
          <input type="date" value={filter.since} onChange={(e) => setFilter({ since: e.target.value })} data-testid="audit-since-filter" />
        </label>
        <span className="small muted" aria-live="polite">
          {audit.length >= AUDIT_LIMIT ? t('quality.audit.countCapped', { count: audit.length }) : t('quality.audit.count', { count: audit.length })}
        </span>
      </div>
      {(error ?? exportError) && (
        <p className="answer-error" role="alert">
          {localizeError((error ?? exportError)!, lang)}
        </p>
      )}
      {loaded && audit.length === 0 && !error ? (
        <p className="empty">{t('quality.audit.empty')}</p>
      ) : (
        <table className="data-table audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('quality.audit.at')}</th>
              <th>{t('quality.audit.action')}</th>
              <th>{t('quality.audit.target')}</th>
              <th>{t('quality.audit.reason')}</th>
              <th className="num">{t('quality.audit.scoreVotes')}</th>
              <th>{t('quality.audit.judge')}</th>
              <th>{t('quality.audit.actor')}</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((e) => (
              <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                <td className="nowrap">{formatDate(e.at, lang)}</td>
                <td>
                  <span className="badge">{t(`quality.audit.actions.${e.action}`)}</span>
                </td>
                <td className="small">
                  {e.chunkId && <span title={e.chunkId}>{t('quality.audit.chunk', { id: shortId(e.chunkId) })}</span>}
                  {e.chunkId && e.documentId && <br />}
                  {e.documentId && <span title={e.documentId}>{titles.get(e.documentId) ?? t('quality.audit.document', { id: shortId(e.documentId) })}</span>}
                </td>
                <td className="audit-reason">{e.reason}</td>
                <td className="num nowrap">
                  {e.score === null ? '—' : formatNumber(e.score, lang, 2)}
                  {e.votes !== null && ` / ${e.votes}`}
                </td>
                <td className="small">
                  {e.judgeVerdict ? t(`quality.verdict.${e.judgeVerdict}`) : '—'}
                  {e.judgeRaw && (
                    <details>
                      <summary>{t('quality.audit.raw')}</summary>
                      <pre className="audit-raw">{e.judgeRaw}</pre>
                    </details>
                  )}
                </td>
                <td className="small">{e.actor === 'user' ? t('quality.audit.user') : t('quality.audit.run', { id: shortId(e.actor) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
