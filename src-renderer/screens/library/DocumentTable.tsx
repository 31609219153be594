/**
 * The documents of the library, newest first, with a title filter and a confirmed delete. Rows are
 * shown a page at a time: a library of thousands of documents must not render thousands of rows at once.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentRecord } from '../../../src-shared/domain';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useLibraryStore } from '../../stores/libraryStore';
import { DocumentRow } from './DocumentRow';

const PAGE = 200;

export function DocumentTable() {
  const { t } = useTranslation();
  const documents = useLibraryStore((s) => s.documents);
  const loaded = useLibraryStore((s) => s.loaded);
  const remove = useLibraryStore((s) => s.remove);
  const [toDelete, setToDelete] = useState<DocumentRecord | null>(null);
  const [filter, setFilter] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const deferredFilter = useDeferredValue(filter);

  const matching = useMemo(() => {
    const q = deferredFilter.trim().toLocaleLowerCase();
    return q ? documents.filter((d) => d.title.toLocaleLowerCase().includes(q)) : documents;
  }, [documents, deferredFilter]);

  if (!loaded) return <p className="muted">{t('library.loading')}</p>;
  if (!documents.length) return <p className="empty">{t('library.empty')}</p>;

  const shown = matching.slice(0, limit);
  return (
    <>
      <div className="table-tools">
        <input
          type="search"
          className="filter-input"
          placeholder={t('library.filter')}
          aria-label={t('library.filter')}
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            setLimit(PAGE);
          }}
        />
        <span className="muted small">{t('library.shown', { shown: shown.length, count: documents.length })}</span>
      </div>
      {matching.length === 0 ? (
        <p className="empty">{t('library.filterNone')}</p>
      ) : (
        <table className="doc-table" data-testid="document-table">
          <thead>
            <tr>
              <th scope="col">{t('library.columns.title')}</th>
              <th scope="col">{t('library.columns.status')}</th>
              <th scope="col" className="num">
                {t('library.columns.pages')}
              </th>
              <th scope="col" className="num">
                {t('library.columns.chunks')}
              </th>
              <th scope="col">{t('library.columns.added')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('library.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => (
              <DocumentRow key={d.id} document={d} onDelete={() => setToDelete(d)} />
            ))}
          </tbody>
        </table>
      )}
      {matching.length > shown.length && (
        <button type="button" className="button show-more" onClick={() => setLimit((l) => l + PAGE)}>
          {t('library.showMore', { count: Math.min(PAGE, matching.length - shown.length) })}
        </button>
      )}
      {toDelete && (
        <ConfirmDialog
          title={t('library.confirmDeleteTitle')}
          body={t('library.confirmDeleteBody', { title: toDelete.title })}
          confirmLabel={t('library.confirm')}
          cancelLabel={t('library.cancel')}
          onCancel={() => setToDelete(null)}
          onConfirm={() => {
            const id = toDelete.id;
            setToDelete(null);
            void remove(id);
          }}
        />
      )}
    </>
  );
}
