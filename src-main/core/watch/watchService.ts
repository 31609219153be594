/**
 * Watched folders keep the library in sync with folders on disk while the app or `phare serve` runs:
 * added files are ingested into the folder's collection, changed files re-ingested in place (same
 * document, content swapped atomically), removed files removed from the library. Changes are noticed
 * by fs.watch (recursive where the platform supports it) and, as a fallback for network drives and
 * platforms without recursive watching, by a periodic rescan; bursts of events are debounced into one
 * sync. A folder that is missing (an unplugged drive) is left alone rather than emptied.
 *
 * A one-shot CLI command only edits the list (`start` is never called there).
 *
 * Removing a folder stops its sync at once: the walk in progress is aborted, and a plan made before
 * the removal starts nothing (a folder as big as a disk took 21 s to walk, then started its job after
 * the user had removed it: issue 11). A disk root, the home folder or the data folder is watched only
 * when asked with `force` (broadFolder.ts).
 */
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PhareError } from '../../../src-shared/errors';
import type { WatchedFolder } from '../../../src-shared/libraryManagement';
import type { EventBus } from '../eventBus';
import { DEFAULT_COLLECTION, type IngestService } from '../ingest/ingestService';
import type { LibraryService } from '../ingest/libraryService';
import type { LibraryStore } from '../store/libraryStore';
import { tooBroadToWatch } from './broadFolder';
import { planFolderSync, type FileStamps } from './planFolderSync';
import { openWatchRegistry } from './watchRegistry';

export interface WatchService {
  /** `force`: watch a folder tooBroadToWatch refuses (after the user confirmed it). */
  add(folder: string, collection?: string, options?: { force?: boolean }): Promise<WatchedFolder>;
  remove(folder: string): Promise<boolean>;
  list(): WatchedFolder[];
  /** Starts watching every folder of the list (and those added later), with a first sync of each. */
  start(): void;
  /** Compares a watched folder with the library now and starts the jobs it needs; resolves when they are started. */
  syncNow(folder: string): Promise<void>;
  renameCollection(from: string, to: string): Promise<void>;
  dispose(): Promise<void>;
}

export interface WatchServiceDeps {
  store: LibraryStore;
  library: LibraryService;
  ingest: IngestService;
  dataDir: string;
  events: EventBus;
  /** Quiet time after the last file event before a sync (default 1.5 s). */
  debounceMs?: number;
  /** Full rescan period, the fallback when events are missed (default 5 min). */
  rescanMs?: number;
}

interface ActiveWatch {
  watcher: FSWatcher | null;
  debounce: NodeJS.Timeout | null;
  rescan: NodeJS.Timeout | null;
  stamps: FileStamps;
  /** The sync running now, and whether another was asked for meanwhile. */
  syncing: Promise<void> | null;
  again: boolean;
  /** Aborted when the folder stops being watched: its walk ends and its plan is dropped. */
  stop: AbortController;
}

export function createWatchService(deps: WatchServiceDeps): WatchService {
  const registry = openWatchRegistry(deps.dataDir);
  const debounceMs = deps.debounceMs ?? 1_500;
  const rescanMs = deps.rescanMs ?? 5 * 60_000;
  const active = new Map<string, ActiveWatch>();
  let started = false;
  let disposed = false;

  const changed = () => deps.events.emit('collections.changed', {});

  async function syncOnce(folder: string, state: ActiveWatch): Promise<void> {
    const signal = state.stop.signal;
    if (!registry.get(folder)) return;
    const info = await stat(folder).catch(() => null);
    if (!info?.isDirectory()) {
      const entry = registry.get(folder);
      if (entry) await recordScan(entry, 'the folder is missing or not a folder');
      return;
    }
    const plan = await planFolderSync(folder, await deps.store.listDocuments(), state.stamps, signal);
    // Looked up again after the walk: the folder may have been removed (or its collection changed) meanwhile.
    const entry = registry.get(folder);
    if (disposed || signal.aborted || !entry) return;
    if (plan.added.length) deps.ingest.startJob(plan.added, { collection: entry.collection, kind: 'watch' });
    for (const { path, documentId } of plan.changed) {
      deps.ingest.startReingestJob({ documentId }, { path, displayName: path, collection: entry.collection });
    }
    if (plan.removed.length && !signal.aborted) await deps.library.removeMany(plan.removed);
    await recordScan(entry, null);
  }

  async function recordScan(entry: WatchedFolder, error: string | null): Promise<void> {
    const before = registry.get(entry.folder);
    if (!before) return;
    await registry.put({ ...before, lastScanAt: new Date().toISOString(), error });
    if (before.error !== error) changed();
  }

  /** One sync at a time per folder; a request during a sync runs once more after it. */
  function sync(folder: string): Promise<void> {
    const state = active.get(folder) ?? idleState();
    if (!active.has(folder)) active.set(folder, state);
    if (state.syncing) {
      state.again = true;
      return state.syncing;
    }
    state.syncing = (async () => {
      do {
        state.again = false;
        await syncOnce(folder, state).catch((error: unknown) => {
          if (!state.stop.signal.aborted) console.warn(`[watch] sync of ${folder} failed:`, error);
        });
      } while (state.again && !disposed && !state.stop.signal.aborted);
    })().finally(() => {
      state.syncing = null;
    });
    return state.syncing;
  }

  function idleState(): ActiveWatch {
    return { watcher: null, debounce: null, rescan: null, stamps: new Map(), syncing: null, again: false, stop: new AbortController() };
  }

  function startWatching(folder: string): void {
    if (!started || disposed || active.get(folder)?.watcher) return;
    const state = active.get(folder) ?? idleState();
    active.set(folder, state);
    const schedule = () => {
      if (state.debounce) clearTimeout(state.debounce);
      state.debounce = setTimeout(() => {
        state.debounce = null;
        void sync(folder);
      }, debounceMs);
    };
    try {
      state.watcher = fsWatch(folder, { recursive: true, persistent: false }, schedule);
      state.watcher.on('error', (error) => {
        // The folder went away or the watch limit was hit: the periodic rescan goes on.
        console.warn(`[watch] ${folder}: ${error.message}; falling back to periodic rescans`);
        state.watcher?.close();
      });
    } catch (error) {
      console.warn(`[watch] cannot watch ${folder} for changes (${error instanceof Error ? error.message : error}); rescanning periodically`);
    }
    state.rescan = setInterval(() => void sync(folder), rescanMs);
    state.rescan.unref();
    void sync(folder);
  }

  function stopWatching(folder: string): void {
    const state = active.get(folder);
    if (!state) return;
    state.stop.abort();
    state.watcher?.close();
    if (state.debounce) clearTimeout(state.debounce);
    if (state.rescan) clearInterval(state.rescan);
    active.delete(folder);
  }

  return {
    async add(folder, collection, options = {}) {
      const path = resolve(folder);
      const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
        throw new PhareError('WATCH_FOLDER_UNUSABLE', { folder: path, detail: error.code ?? error.message });
      });
      if (!info.isDirectory()) throw new PhareError('WATCH_FOLDER_UNUSABLE', { folder: path, detail: 'not a folder' });
      const broad = tooBroadToWatch(path, deps.dataDir);
      if (broad && !options.force) throw new PhareError('WATCH_FOLDER_TOO_BROAD', { folder: path, reason: broad });
      const existing = registry.get(path);
      const entry: WatchedFolder = existing
        ? { ...existing, collection: collection ?? existing.collection }
        : { folder: path, collection: collection ?? DEFAULT_COLLECTION, addedAt: new Date().toISOString(), lastScanAt: null, error: null };
      await registry.put(entry);
      changed();
      startWatching(path);
      return entry;
    },

    async remove(folder) {
      const path = resolve(folder);
      stopWatching(path);
      const removed = await registry.remove(path);
      if (removed) changed();
      return removed;
    },

    list: () => registry.list(),

    start() {
      if (started || disposed) return;
      started = true;
      for (const entry of registry.list()) startWatching(entry.folder);
    },

    syncNow(folder) {
      return sync(resolve(folder));
    },

    async renameCollection(from, to) {
      for (const entry of registry.list()) if (entry.collection === from) await registry.put({ ...entry, collection: to });
    },

    async dispose() {
      disposed = true;
      const pending = [...active.values()].map((s) => s.syncing);
      for (const folder of [...active.keys()]) stopWatching(folder);
      await Promise.allSettled(pending);
    },
  };
}
