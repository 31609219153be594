/**
 * The library as the contract sees it: list, get, text, remove. Removal hides the document from
 * searches in one commit (its row goes first), then deletes its chunks, pages and vectors, makes its
 * text unreadable on disk (the store rewrites what held it and drops older versions: purgeDeleted.ts),
 * and deletes the kept original when no other document uses it. When the call returns, no copy of
 * the document's text is left in the data folder's library files or originals.
 */
import type { DocumentRecord, DocumentText } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import type { EventBus } from '../eventBus';
import type { LibraryStore } from '../store/libraryStore';
import { deleteOriginal } from './originals';

export interface LibraryService {
  list(filter?: { collection?: string }): Promise<DocumentRecord[]>;
  get(id: string): Promise<DocumentRecord>;
  text(id: string): Promise<DocumentText>;
  remove(id: string): Promise<{ removed: boolean }>;
  /** Several documents, with one purge of the disk for all of them (a collection, a watched folder). */
  removeMany(ids: readonly string[]): Promise<{ removed: string[] }>;
  /**
   * Documents left `queued` or `processing` by a run that stopped abruptly: their partial content is
   * removed. Those an interrupted job will run again (`isResumable`, from the job journal) wait as
   * `queued`; the others are marked failed (INGEST_INTERRUPTED). Call once at startup, before any job,
   * from the process that owns the library (another process may be ingesting into a shared one).
   */
  recoverInterrupted(isResumable?: (doc: DocumentRecord) => boolean): Promise<string[]>;
}

export function createLibraryService(deps: { store: LibraryStore; dataDir: string; events?: EventBus }): LibraryService {
  const { store } = deps;
  const mustGet = async (id: string) => {
    const doc = await store.getDocument(id);
    if (!doc) throw new PhareError('NOT_FOUND', { what: `document ${id}` });
    return doc;
  };
  async function removeMany(ids: readonly string[]): Promise<{ removed: string[] }> {
    const removed: DocumentRecord[] = [];
    try {
      for (const id of ids) {
        const doc = await store.removeDocument(id);
        if (doc) removed.push(doc);
      }
    } finally {
      // Whatever was hidden is purged, even when a later removal failed.
      if (removed.length) await store.purgeRemoved();
    }
    for (const doc of removed) {
      const others = await store.findDocumentsBySha256(doc.sha256);
      if (!others.some((d) => d.storedPath === doc.storedPath)) await deleteOriginal(deps.dataDir, doc.storedPath);
    }
    if (removed.length) deps.events?.emit('library.changed', { documentIds: removed.map((d) => d.id) });
    return { removed: removed.map((d) => d.id) };
  }
  return {
    list(filter = {}) {
      return store.listDocuments({ collection: filter.collection });
    },

    get: mustGet,

    async text(id) {
      const doc = await mustGet(id);
      return { documentId: doc.id, title: doc.title, pages: await store.getPages(id) };
    },

    async remove(id) {
      const { removed } = await removeMany([id]);
      return { removed: removed.length > 0 };
    },

    removeMany,

    async recoverInterrupted(isResumable: (doc: DocumentRecord) => boolean = () => false) {
      const stuck = (await store.listDocuments()).filter((d) => d.status === 'processing' || d.status === 'queued');
      for (const doc of stuck) {
        const updatedAt = new Date().toISOString();
        const next: DocumentRecord = isResumable(doc)
          ? { ...doc, status: 'queued', error: null, chunks: 0, updatedAt }
          : { ...doc, status: 'failed', error: new PhareError('INGEST_INTERRUPTED', { file: doc.sourcePath }).toValue(), chunks: 0, updatedAt };
        // Committing empty content removes whatever the interrupted run had written.
        await store.commitDocument(next, { pages: [], chunks: [], vectors: null });
      }
      if (stuck.length) deps.events?.emit('library.changed', { documentIds: stuck.map((d) => d.id) });
      return stuck.map((d) => d.id);
    },
  };
}
