/** The documents of the library, newest first, with a confirmed delete. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentRecord } from '../../../src-shared/domain';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useLibraryStore } from '../../stores/libraryStore';
import { DocumentRow } from './DocumentRow';

export function DocumentTable() {
  const { t } = useTranslation();
  const documents = useLibraryStore((s) => s.documents);
  const loaded = useLibraryStore((s) => s.loaded);
  const remove = useLibraryStore((s) => s.remove);
  const [toDelete, setToDelete] = useState<DocumentRecord | null>(null);

  if (!loaded) return <p className="muted">{t('library.loading')}</p>;
  if (!documents.length) return <p className="empty">{t('library.empty')}</p>;

  return (
    <>
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
          {documents.map((d) => (
            <DocumentRow key={d.id} document={d} onDelete={() => setToDelete(d)} />
          ))}
        </tbody>
      </table>
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
