/**
 * Collections: named groups of documents that scope search and chat. A collection exists while it
 * has documents or while the user keeps it (created empty); 'default' always exists, since files
 * ingested without a collection go there. Renaming moves every document, chunk and vector; removing
 * refuses a collection that still has documents unless asked to remove them with it. A document can be
 * moved to another collection; a collection may carry instructions for the answers of its conversations.
 */
import type { DocumentRecord } from '../../../src-shared/domain';
import type { CollectionInfo } from '../../../src-shared/libraryManagement';
import { PhareError } from '../../../src-shared/errors';
import type { EventBus } from '../eventBus';
import { DEFAULT_COLLECTION } from '../ingest/ingestService';
import type { LibraryService } from '../ingest/libraryService';
import type { LibraryStore } from '../store/libraryStore';
import { openCollectionRegistry } from './collectionRegistry';

export interface CollectionService {
  list(): Promise<CollectionInfo[]>;
  create(name: string): Promise<CollectionInfo>;
  rename(from: string, to: string): Promise<CollectionInfo>;
  remove(name: string, options?: { withDocuments?: boolean }): Promise<{ removed: boolean; documentsRemoved: number }>;
  /**
   * Moves a document to another collection (made on the fly when new: a collection exists through its
   * documents). A document still being ingested is refused: its job writes chunks under the old name.
   */
  moveDocument(id: string, to: string): Promise<DocumentRecord>;
  /** Sets or clears (null, empty) the instructions added to the system prompt of the collection's conversations. */
  setInstructions(name: string, instructions: string | null): Promise<CollectionInfo>;
  /** A collection's instructions, or null. */
  instructionsOf(name: string): string | null;
}

export interface CollectionServiceDeps {
  store: LibraryStore;
  library: LibraryService;
  dataDir: string;
  events: EventBus;
  /** Called after a rename, so what refers to a collection by name (watched folders) follows. */
  onRenamed?: (from: string, to: string) => Promise<void>;
}

export function createCollectionService(deps: CollectionServiceDeps): CollectionService {
  const registry = openCollectionRegistry(deps.dataDir);

  async function counts(): Promise<Map<string, number>> {
    const result = new Map<string, number>([[DEFAULT_COLLECTION, 0]]);
    for (const name of registry.names()) result.set(name, 0);
    for (const [name, count] of await deps.store.countByCollection()) result.set(name, (result.get(name) ?? 0) + count);
    return result;
  }

  const changed = () => deps.events.emit('collections.changed', {});
  /** A collection as listed; `instructions` only when it has some. */
  const info = (name: string, documents: number): CollectionInfo => {
    const instructions = registry.instructions(name);
    return instructions ? { name, documents, instructions } : { name, documents };
  };

  return {
    async list() {
      const all = await counts();
      return [...all]
        .map(([name, documents]) => info(name, documents))
        .sort((a, b) => (a.name === DEFAULT_COLLECTION ? -1 : b.name === DEFAULT_COLLECTION ? 1 : a.name.localeCompare(b.name)));
    },

    async create(name) {
      const all = await counts();
      if (all.has(name)) throw new PhareError('COLLECTION_EXISTS', { name });
      await registry.save([...registry.names(), name]);
      changed();
      return info(name, 0);
    },

    async rename(from, to) {
      const all = await counts();
      if (!all.has(from)) throw new PhareError('NOT_FOUND', { what: `collection ${from}` });
      if (from === to) return info(to, all.get(from) ?? 0);
      if (all.has(to)) throw new PhareError('COLLECTION_EXISTS', { name: to });
      // The new name is kept first, so a crash half-way leaves both names listed, never a lost one.
      await registry.save([...registry.names(), to]);
      await deps.store.renameCollection(from, to);
      await registry.save(registry.names().filter((n) => n !== from));
      const instructions = registry.instructions(from);
      if (instructions) {
        await registry.setInstructions(to, instructions);
        await registry.setInstructions(from, null);
      }
      await deps.onRenamed?.(from, to);
      changed();
      deps.events.emit('library.changed', { documentIds: [] });
      return info(to, all.get(from) ?? 0);
    },

    async remove(name, options = {}) {
      const all = await counts();
      if (!all.has(name)) return { removed: false, documentsRemoved: 0 };
      const docs = await deps.store.listDocuments({ collection: name });
      if (docs.length > 0 && !options.withDocuments) throw new PhareError('COLLECTION_NOT_EMPTY', { name, count: docs.length });
      // One purge of the disk for the whole collection (libraryService.ts).
      const documentsRemoved = (await deps.library.removeMany(docs.map((d) => d.id))).removed.length;
      await registry.save(registry.names().filter((n) => n !== name));
      await registry.setInstructions(name, null);
      changed();
      return { removed: true, documentsRemoved };
    },

    async moveDocument(id, to) {
      const doc = await deps.store.getDocument(id);
      if (!doc) throw new PhareError('NOT_FOUND', { what: `document ${id}` });
      if (doc.collection === to) return doc;
      if (doc.status === 'queued' || doc.status === 'processing') throw new PhareError('DOCUMENT_BUSY', { title: doc.title });
      const moved = await deps.store.moveDocument(id, to);
      if (!moved) throw new PhareError('NOT_FOUND', { what: `document ${id}` });
      changed();
      deps.events.emit('library.changed', { documentIds: [id] });
      return moved;
    },

    async setInstructions(name, instructions) {
      const all = await counts();
      if (!all.has(name)) throw new PhareError('NOT_FOUND', { what: `collection ${name}` });
      // A collection the user gave instructions to is kept like one created empty: moving or removing its
      // last document must not make it vanish while its instructions wait, unseen, for a namesake.
      if (instructions?.trim() && !registry.names().includes(name)) await registry.save([...registry.names(), name]);
      await registry.setInstructions(name, instructions);
      changed();
      return info(name, all.get(name) ?? 0);
    },

    instructionsOf: (name) => registry.instructions(name),
  };
}
