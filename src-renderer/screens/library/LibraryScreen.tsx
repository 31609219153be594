/**
 * Library: collections on the side; add files (picker or drop on the window) into the collection
 * shown, follow ingestion jobs (pause, resume, cancel), watched folders, and the windowed document list.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SUPPORTED_EXTENSIONS } from '../../../src-shared/documentFormats';
import { useLibraryStore } from '../../stores/libraryStore';
import { CollectionsSidebar } from './CollectionsSidebar';
import { DocumentTable } from './DocumentTable';
import { JobPanel } from './JobPanel';
import { WatchedFolders } from './WatchedFolders';
import { Welcome } from '../../components/Welcome';
import './library.css';

export function LibraryScreen() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const ingestFiles = useLibraryStore((s) => s.ingestFiles);
  const uploading = useLibraryStore((s) => s.uploading);
  const refreshManagement = useLibraryStore((s) => s.refreshManagement);

  useEffect(() => {
    void refreshManagement();
  }, [refreshManagement]);

  return (
    <section className="screen" aria-labelledby="library-title">
      <div className="screen-head">
        <div>
          <h1 id="library-title" tabIndex={-1}>{t('library.title')}</h1>
          <p className="muted">{t('library.intro')}</p>
        </div>
        <button type="button" className="button button-primary" onClick={() => input.current?.click()}>
          {t('library.pick')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          accept={SUPPORTED_EXTENSIONS.join(',')}
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            // Reset so picking the same file again still fires a change.
            e.currentTarget.value = '';
            void ingestFiles(files);
          }}
        />
      </div>
      <Welcome onAddDocuments={() => input.current?.click()} />
      {uploading > 0 && (
        <p className="muted" role="status">
          {t('library.uploading', { count: uploading })}
        </p>
      )}
      <div className="library-layout">
        <aside className="library-side">
          <CollectionsSidebar />
          <WatchedFolders />
        </aside>
        <div className="library-main">
          <JobPanel />
          <DocumentTable />
        </div>
      </div>
    </section>
  );
}
