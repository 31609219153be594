/** Watched folders: add by path (into the collection shown), see when each was last synced, stop watching. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { useAppStore } from '../../stores/appStore';
import { useLibraryStore } from '../../stores/libraryStore';
import { collectionLabel } from '../../lib/collectionName';

export function WatchedFolders() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const watched = useLibraryStore((s) => s.watched);
  const add = useLibraryStore((s) => s.addWatchedFolder);
  const remove = useLibraryStore((s) => s.removeWatchedFolder);
  const [folder, setFolder] = useState('');
  return (
    <section className="panel watched" aria-labelledby="watched-title" data-testid="watched-folders">
      <h2 id="watched-title" className="panel-title">
        {t('library.manage.watched')}
      </h2>
      <p className="muted small">{t('library.manage.watchedIntro')}</p>
      {watched.length === 0 ? (
        <p className="muted small">{t('library.manage.noWatched')}</p>
      ) : (
        <ul className="watched-list">
          {watched.map((w) => (
            <li key={w.folder} data-testid="watched-folder">
              <span className="watched-path" title={w.folder}>
                {w.folder}
              </span>
              <span className="muted small">
                {collectionLabel(t, w.collection)} · {w.lastScanAt ? t('library.manage.lastSync', { date: formatDate(w.lastScanAt, lang) }) : t('library.manage.notSynced')}
              </span>
              {w.error && <span className="doc-error small">{w.error}</span>}
              <button type="button" className="link-button small" aria-label={t('library.manage.stopWatchingLabel', { folder: w.folder })} onClick={() => void remove(w.folder)}>
                {t('library.manage.stopWatching')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {/* A visible label that wraps, above a full-width box: a placeholder this long was cut in the sidebar. */}
      <form
        className="watched-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const value = folder.trim();
          if (value && (await add(value))) setFolder('');
        }}
      >
        <label htmlFor="watched-folder-path" className="small">
          {t('library.manage.folderPath')}
        </label>
        <input id="watched-folder-path" value={folder} spellCheck={false} onChange={(e) => setFolder(e.target.value)} data-testid="watched-folder-input" />
        <button type="submit" className="button button-small" disabled={!folder.trim()}>
          {t('library.manage.addFolder')}
        </button>
      </form>
    </section>
  );
}
