/**
 * The documents of the library, newest first, in a windowed list (only the rows in view are in the
 * DOM, so 10,000 documents stay smooth), with a search box and status and format filters; the
 * collection comes from the sidebar. Keyboard: ↑ ↓ Home End PageUp PageDown move, Enter opens the
 * details, Delete asks to remove. Clicking a row opens its details (`DocumentDetail`).
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentRecord, DocumentStatus } from '../../../src-shared/domain';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { refocusIfLost } from '../../components/refocusIfLost';
import { formatNumber } from '../../lib/format';
import { useAppStore } from '../../stores/appStore';
import { useLibraryStore } from '../../stores/libraryStore';
import { DocumentDetail } from './DocumentDetail';
import { documentFormat } from './documentFormat';
import { DocumentRow } from './DocumentRow';
import { MoveDocumentDialog } from './MoveDocumentDialog';
import { ReingestDialog } from './ReingestDialog';
import { VirtualList } from './VirtualList';
import { collectionLabel } from '../../lib/collectionName';

export const DOCUMENT_ROW_HEIGHT = 56;
const LIST_HEIGHT = 520;
const STATUSES: DocumentStatus[] = ['ready', 'processing', 'queued', 'failed'];

export function DocumentTable() {
  const { t } = useTranslation();
  const documents = useLibraryStore((s) => s.documents);
  const loaded = useLibraryStore((s) => s.loaded);
  const remove = useLibraryStore((s) => s.remove);
  const reingest = useLibraryStore((s) => s.reingest);
  const collection = useLibraryStore((s) => s.collection);
  const lang = useAppStore((s) => s.lang);
  const [toDelete, setToDelete] = useState<DocumentRecord | null>(null);
  const [toReingest, setToReingest] = useState<DocumentRecord | null>(null);
  const [toMove, setToMove] = useState<DocumentRecord | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<DocumentStatus | ''>('');
  const [format, setFormat] = useState('');
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const deferredQuery = useDeferredValue(query);

  const inCollection = useMemo(() => (collection === null ? documents : documents.filter((d) => d.collection === collection)), [documents, collection]);
  const formats = useMemo(() => [...new Set(inCollection.map(documentFormat))].sort(), [inCollection]);
  const matching = useMemo(() => {
    const q = deferredQuery.trim().toLocaleLowerCase();
    return inCollection.filter(
      (d) =>
        (!status || d.status === status) &&
        (!format || documentFormat(d) === format) &&
        (!q || d.title.toLocaleLowerCase().includes(q) || d.sourcePath.toLocaleLowerCase().includes(q)),
    );
  }, [inCollection, deferredQuery, status, format]);

  useEffect(() => setActive((i) => Math.max(0, Math.min(i, matching.length - 1))), [matching.length]);
  // Bumped when the keyboard moves the active row: the list then focuses it once it is rendered.
  const [focusRequest, setFocusRequest] = useState(0);

  if (!loaded) return <p className="muted">{t('library.loading')}</p>;
  if (!documents.length) return <p className="empty">{t('library.empty')}</p>;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target instanceof HTMLElement && e.target.closest('.doc-actions')) return;
    const page = Math.max(1, Math.floor(LIST_HEIGHT / DOCUMENT_ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: matching.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      setFocusRequest((n) => n + 1);
      setActive(Math.max(0, Math.min(matching.length - 1, moves[e.key])));
    } else if (e.key === 'Delete' && matching[active]) {
      e.preventDefault();
      setToDelete(matching[active]);
    }
  };

  return (
    <div className="doc-browser">
      <div className="table-tools" role="search">
        <input
          type="search"
          className="filter-input"
          placeholder={t('library.manage.search')}
          aria-label={t('library.manage.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label className="filter-select">
          <span>{t('library.manage.statusFilter')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as DocumentStatus | '')}>
            <option value="">{t('library.manage.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`library.docStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter-select">
          <span>{t('library.manage.formatFilter')}</span>
          <select value={format} onChange={(e) => setFormat(e.target.value)}>
            <option value="">{t('library.manage.any')}</option>
            {formats.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small" data-testid="document-count">
          {t('library.manage.shown', { shown: formatNumber(matching.length, lang), count: inCollection.length, total: formatNumber(inCollection.length, lang) })}
        </span>
      </div>
      {matching.length === 0 ? (
        // An empty collection is not a filter that matched nothing: it says so, and how to fill it.
        <p className="empty" data-testid="documents-empty">
          {collection !== null && inCollection.length === 0 ? t('library.emptyCollection', { name: collectionLabel(t, collection) }) : t('library.filterNone')}
        </p>
      ) : (
        <div ref={listRef}>
          <div className="doc-head" aria-hidden="true">
            <span>{t('library.columns.title')}</span>
            <span>{t('library.columns.status')}</span>
            <span>{t('library.manage.formatFilter')}</span>
            <span className="num">{t('library.columns.pages')}</span>
            <span className="num">{t('library.columns.chunks')}</span>
            <span>{t('library.columns.added')}</span>
            <span />
          </div>
          <VirtualList
            count={matching.length}
            rowHeight={DOCUMENT_ROW_HEIGHT}
            height={Math.min(LIST_HEIGHT, matching.length * DOCUMENT_ROW_HEIGHT + 2)}
            activeIndex={active}
            focusRequest={focusRequest}
            label={t('library.manage.list')}
            testId="document-list"
            className="doc-list"
            onKeyDown={onKeyDown}
            renderRow={(i) => {
              const d = matching[i];
              return (
                <DocumentRow
                  document={d}
                  active={i === active}
                  selected={d.id === openId}
                  onOpen={() => {
                    setActive(i);
                    setOpenId(d.id);
                  }}
                  onReingest={() => setToReingest(d)}
                  onMove={() => setToMove(d)}
                  onDelete={() => setToDelete(d)}
                />
              );
            }}
          />
          <p className="muted small">{t('library.manage.keyboardHint')}</p>
        </div>
      )}
      {openId && documents.some((d) => d.id === openId) && <DocumentDetail key={openId} documentId={openId} onClose={() => setOpenId(null)} />}
      {toDelete && (
        <ConfirmDialog
          title={t('library.confirmDeleteTitle')}
          body={t('library.confirmDeleteBody', { title: toDelete.title })}
          confirmLabel={t('library.confirm')}
          cancelLabel={t('library.cancel')}
          // The last document gone, its row goes too: the focus lands on the screen's title.
          fallbackFocusId="library-title"
          onCancel={() => setToDelete(null)}
          onConfirm={() => {
            const id = toDelete.id;
            setToDelete(null);
            if (openId === id) setOpenId(null);
            // The row goes once the list is fetched again: then the focus moves to the row now in
            // its place, or to the screen's title when the list is empty.
            void remove(id).then(() => refocusIfLost('[data-testid="document-list"] [data-row-focus][tabindex="0"]', '#library-title'));
          }}
        />
      )}
      {toMove && (
        <MoveDocumentDialog
          document={toMove}
          // A row that left the list on screen (filtered to the old collection) gives the focus to the row now in its place.
          fallbackFocusId={null}
          onClose={(moved) => {
            setToMove(null);
            if (moved) refocusIfLost('[data-testid="document-list"] [data-row-focus][tabindex="0"]', '#library-title');
          }}
        />
      )}
      {toReingest && (
        <ReingestDialog
          document={toReingest}
          onCancel={() => setToReingest(null)}
          onConfirm={(options) => {
            const id = toReingest.id;
            setToReingest(null);
            void reingest(id, options);
          }}
        />
      )}
    </div>
  );
}
