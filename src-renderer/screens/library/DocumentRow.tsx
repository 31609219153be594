/**
 * One document of the windowed list: title (opens its details), status badge with its error, format,
 * pages, passages, date, and its actions (re-ingest, move to another collection, delete). Fixed height: the list places rows by index.
 */
import { useTranslation } from 'react-i18next';
import type { DocumentRecord } from '../../../src-shared/domain';
import { formatDate } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { documentFormat } from './documentFormat';
import { ocrRowNote } from './ocrReasonsText';
import { collectionLabel } from '../../lib/collectionName';

interface Props {
  document: DocumentRecord;
  active: boolean;
  selected: boolean;
  onOpen(): void;
  onReingest(): void;
  onMove(): void;
  onDelete(): void;
}

export function DocumentRow({ document: d, active, selected, onOpen, onReingest, onMove, onDelete }: Props) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const note = d.error
    ? localizeError({ ...d.error, params: d.error.params ?? {} }, lang)
    : d.lowConfidencePages.length > 0
      ? t('library.manage.lowConfidence', { count: d.lowConfidencePages.length })
      : d.ocrPages > 0
        ? ocrRowNote(t, d)
        : collectionLabel(t, d.collection);
  return (
    <div className={`doc-row${active ? ' doc-row-active' : ''}${selected ? ' doc-row-selected' : ''}`} data-testid="document-row" data-status={d.status}>
      <button
        type="button"
        className="doc-open"
        data-row-focus
        tabIndex={active ? 0 : -1}
        // Its name is what it shows (the title and its note): a spoken name that differs from the visible
        // text fails voice control ("click Rapport 2024").
        aria-current={selected ? 'true' : undefined}
        title={d.sourcePath}
        onClick={onOpen}
      >
        <span className="doc-row-title" id={`doc-title-${d.id}`}>
          {d.title}
        </span>
        <span className={d.error ? 'doc-error doc-row-note' : 'muted small doc-row-note'}>{note}</span>
      </button>
      <span className={`badge badge-${d.status}`}>{t(`library.docStatus.${d.status}`)}</span>
      <span className="doc-cell muted small">{documentFormat(d)}</span>
      <span className="doc-cell num">{d.pages}</span>
      <span className="doc-cell num">{d.chunks}</span>
      {/* The date may take two lines (the row is tall enough): the actions keep their room. */}
      <span className="doc-cell doc-date small">{formatDate(d.createdAt, lang)}</span>
      <span className="doc-actions">
        <button type="button" className="button button-small" tabIndex={active ? 0 : -1} aria-label={t('library.manage.reingestLabel', { title: d.title })} onClick={onReingest}>
          {t('library.manage.reingest')}
        </button>
        {/* Named by its visible text; the document it moves is its description. */}
        <button type="button" className="button button-small" tabIndex={active ? 0 : -1} aria-describedby={`doc-title-${d.id}`} onClick={onMove} data-testid="document-row-move">
          {t('library.manage.move')}
        </button>
        <button type="button" className="button button-small" tabIndex={active ? 0 : -1} aria-label={t('library.deleteLabel', { title: d.title })} onClick={onDelete}>
          {t('library.delete')}
        </button>
      </span>
    </div>
  );
}
