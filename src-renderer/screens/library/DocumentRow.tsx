/** One document: title, status badge (with its error), pages, passages, date, delete. */
import { useTranslation } from 'react-i18next';
import type { DocumentRecord } from '../../../src-shared/domain';
import { formatDate } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';

export function DocumentRow({ document: d, onDelete }: { document: DocumentRecord; onDelete(): void }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  return (
    <tr data-testid="document-row" data-status={d.status}>
      <td className="doc-title" title={d.sourcePath}>
        {d.title}
        {d.error && <div className="doc-error">{localizeError({ ...d.error, params: d.error.params ?? {} }, lang)}</div>}
        {d.ocrPages > 0 && <div className="muted small">{t('library.ocr', { count: d.ocrPages })}</div>}
      </td>
      <td>
        <span className={`badge badge-${d.status}`}>{t(`library.docStatus.${d.status}`)}</span>
      </td>
      <td className="num">{d.pages}</td>
      <td className="num">{d.chunks}</td>
      <td className="nowrap">{formatDate(d.createdAt, lang)}</td>
      <td className="actions">
        <button type="button" className="button button-small" aria-label={t('library.deleteLabel', { title: d.title })} onClick={onDelete}>
          {t('library.delete')}
        </button>
      </td>
    </tr>
  );
}
