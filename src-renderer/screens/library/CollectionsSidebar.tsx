/**
 * Collections: pick the one the list shows (and new files go to), create, rename in place, edit the
 * instructions its conversations' answers follow, delete with its documents after confirmation. Each entry is a button, so the sidebar is usable with the keyboard.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CollectionInfo } from '../../../src-shared/libraryManagement';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { refocusIfLost } from '../../components/refocusIfLost';
import { useLibraryStore } from '../../stores/libraryStore';
import { CollectionInstructionsDialog } from './CollectionInstructionsDialog';
import { collectionLabel } from '../../lib/collectionName';

export function CollectionsSidebar() {
  const { t } = useTranslation();
  const collections = useLibraryStore((s) => s.collections);
  const current = useLibraryStore((s) => s.collection);
  const documents = useLibraryStore((s) => s.documents.length);
  const setCollection = useLibraryStore((s) => s.setCollection);
  const create = useLibraryStore((s) => s.createCollection);
  const rename = useLibraryStore((s) => s.renameCollection);
  const removeCollection = useLibraryStore((s) => s.removeCollection);
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [toDelete, setToDelete] = useState<CollectionInfo | null>(null);
  const [instructionsOf, setInstructionsOf] = useState<CollectionInfo | null>(null);

  return (
    <nav className="panel collections" aria-labelledby="collections-title" data-testid="collections">
      <h2 id="collections-title" className="panel-title">
        {t('library.manage.collections')}
      </h2>
      <ul className="collection-list">
        <li>
          <button type="button" className="collection-pick" aria-pressed={current === null} onClick={() => setCollection(null)}>
            <span>{t('library.manage.allCollections')}</span>
            <span className="muted small">{documents}</span>
          </button>
        </li>
        {collections.map((c) =>
          renaming === c.name ? (
            <li key={c.name}>
              <RenameForm
                name={c.name}
                onDone={async (to) => {
                  if (to === null || to === c.name || (await rename(c.name, to))) setRenaming(null);
                }}
              />
            </li>
          ) : (
            <li key={c.name} className="collection-item" data-testid="collection">
              <button type="button" className="collection-pick" aria-pressed={current === c.name} onClick={() => setCollection(c.name)}>
                <span className="collection-name" id={`collection-name-${collectionKey(c.name)}`}>
                  {collectionLabel(t, c.name)}
                </span>
                <span className="muted small">{c.documents}</span>
              </button>
              {c.instructions && (
                <span className="muted small collection-has-instructions" data-testid="collection-has-instructions">
                  {t('library.manage.instructionsSet')}
                </span>
              )}
              <span className="collection-actions">
                {/* The visible text is the accessible name; the collection it acts on is its description. */}
                <button
                  type="button"
                  className="link-button small"
                  aria-describedby={`collection-name-${collectionKey(c.name)}`}
                  onClick={() => setInstructionsOf(c)}
                  data-testid="collection-instructions"
                >
                  {t('library.manage.instructions')}
                </button>
                <button type="button" className="link-button small" aria-label={t('library.manage.renameLabel', { name: collectionLabel(t, c.name) })} onClick={() => setRenaming(c.name)}>
                  {t('library.manage.rename')}
                </button>
                <button type="button" className="link-button small" aria-label={t('library.manage.deleteCollectionLabel', { name: collectionLabel(t, c.name) })} onClick={() => setToDelete(c)}>
                  {t('library.manage.deleteCollection')}
                </button>
              </span>
            </li>
          ),
        )}
      </ul>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const value = name.trim();
          if (value && (await create(value))) setName('');
        }}
      >
        <input value={name} maxLength={200} aria-label={t('library.manage.newCollection')} placeholder={t('library.manage.newCollection')} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button button-small" disabled={!name.trim()}>
          {t('library.manage.create')}
        </button>
      </form>
      {instructionsOf && <CollectionInstructionsDialog collection={instructionsOf} onClose={() => setInstructionsOf(null)} />}
      {toDelete && (
        <ConfirmDialog
          title={t('library.manage.confirmDeleteCollectionTitle')}
          body={t('library.manage.confirmDeleteCollectionBody', { name: toDelete.name, count: toDelete.documents })}
          confirmLabel={t('library.confirm')}
          cancelLabel={t('library.cancel')}
          fallbackFocusId="library-title"
          onCancel={() => setToDelete(null)}
          onConfirm={() => {
            const target = toDelete.name;
            setToDelete(null);
            void removeCollection(target).then(() => refocusIfLost('#library-title'));
          }}
        />
      )}
    </nav>
  );
}

/** A collection's name as a piece of an element id (names may hold spaces and any character). */
function collectionKey(name: string): string {
  return [...name].map((ch) => ch.codePointAt(0)!.toString(36)).join('-');
}

function RenameForm({ name, onDone }: { name: string; onDone(to: string | null): void | Promise<void> }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(name);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onDone(value.trim() || null);
      }}
    >
      <input
        ref={input}
        value={value}
        maxLength={200}
        aria-label={t('library.manage.renameTo', { name })}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') void onDone(null);
        }}
      />
      <button type="submit" className="button button-small">
        {t('library.manage.save')}
      </button>
    </form>
  );
}
