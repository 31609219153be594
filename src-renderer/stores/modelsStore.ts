/**
 * The Models screen's state: the GGUF files of the models folder (metadata and fit), the catalog,
 * running downloads (kept from `models.downloadProgress` events), the hardware settings, and the
 * actions on them. Errors go to the app's error list, as values translated when shown.
 */
import { create } from 'zustand';
import type { ModelCatalogEntry, ModelDownloadProgress, ModelFile, ModelRole, Settings } from '../../src-shared/domain';
import { client, transport } from '../transport/client';
import { useAppStore } from './appStore';

/** The settings the hardware form edits. */
export type HardwareSettings = Pick<Settings, 'gpu' | 'gpuLayers' | 'threads' | 'contextSize' | 'batchSize'>;

interface ModelsState {
  files: ModelFile[];
  /** Paths whose fit is being estimated (the list comes first, each row's fit after). */
  estimating: string[];
  loading: boolean;
  loaded: boolean;
  catalog: ModelCatalogEntry[];
  downloads: Record<string, ModelDownloadProgress>;
  settings: Settings | null;
  /** Files being imported (names), for the "importing…" line. */
  importing: string[];
  /** What the last import/selection/hardware change did, shown under the action (translation key + values). */
  notice: { key: string; values: Record<string, string | number> } | null;
  refresh(): Promise<void>;
  loadCatalog(): Promise<void>;
  loadSettings(): Promise<void>;
  importPaths(paths: string[]): Promise<void>;
  /** Files dropped or picked: their paths where the transport knows them (Electron); a notice otherwise. */
  importFiles(files: File[]): Promise<void>;
  download(uri: string): Promise<void>;
  cancelDownload(downloadId: string): Promise<void>;
  onDownloadProgress(progress: ModelDownloadProgress): void;
  dismissDownload(downloadId: string): void;
  choose(role: ModelRole, path: string | null): Promise<void>;
  unload(role: ModelRole): Promise<void>;
  reload(role: ModelRole): Promise<void>;
  saveHardware(patch: Partial<HardwareSettings>): Promise<boolean>;
}

const report = (error: unknown) => useAppStore.getState().reportError(error);

/** Bumped by each refresh, so the fits of an older list never land in a newer one. */
let listGeneration = 0;

export const useModelsStore = create<ModelsState>()((set, get) => ({
  files: [],
  estimating: [],
  loading: false,
  loaded: false,
  catalog: [],
  downloads: {},
  settings: null,
  importing: [],
  notice: null,

  async refresh() {
    const generation = ++listGeneration;
    set({ loading: true });
    let files: ModelFile[];
    try {
      // At once: metadata from the files' headers. The fit (a simulated load each) is filled in after.
      files = await client.call('models.list', {});
      if (generation !== listGeneration) return;
      set({ files, loaded: true, estimating: files.filter((f) => !f.error && f.fit === null).map((f) => f.path) });
    } catch (error) {
      report(error);
      return;
    } finally {
      if (generation === listGeneration) set({ loading: false });
    }
    for (const file of files) {
      if (file.error || file.fit !== null) continue;
      if (generation !== listGeneration) return;
      const fit = await client.call('models.fit', { path: file.path }).catch(() => null);
      if (generation !== listGeneration) return;
      set((s) => ({
        files: s.files.map((f) => (f.path === file.path ? { ...f, fit } : f)),
        estimating: s.estimating.filter((p) => p !== file.path),
      }));
    }
  },

  async loadCatalog() {
    try {
      set({ catalog: await client.call('models.catalog', {}) });
    } catch (error) {
      report(error);
    }
  },

  async loadSettings() {
    try {
      set({ settings: await client.call('settings.get', {}) });
    } catch (error) {
      report(error);
    }
  },

  async importPaths(paths) {
    for (const path of paths) {
      const name = path.split(/[\\/]/).pop() || path;
      set((s) => ({ importing: [...s.importing, name] }));
      try {
        const imported = await client.call('models.import', { path });
        set({ notice: { key: 'models.import.done', values: { name: imported.fileName } } });
      } catch (error) {
        report(error);
      } finally {
        set((s) => ({ importing: s.importing.filter((n) => n !== name) }));
      }
    }
    await get().refresh();
  },

  async importFiles(files) {
    const ggufs = files.filter((f) => /\.gguf$/i.test(f.name));
    if (ggufs.length < files.length) set({ notice: { key: 'models.import.notGguf', values: { count: files.length - ggufs.length } } });
    if (ggufs.length === 0) return;
    const paths = ggufs.map((f) => transport.pathForFile(f));
    // A browser cannot give a file's path, and models are too large to send through it: type the path.
    if (!paths.every((p) => p)) {
      set({ notice: { key: 'models.import.needsPath', values: {} } });
      return;
    }
    await get().importPaths(paths);
  },

  async download(uri) {
    try {
      const { downloadId } = await client.call('models.download', { uri });
      // The first event may already have come; do not overwrite it with an older state.
      set((s) => ({
        downloads: s.downloads[downloadId]
          ? s.downloads
          : {
              ...s.downloads,
              [downloadId]: { downloadId, uri, fileName: null, receivedBytes: 0, totalBytes: null, state: 'downloading', error: null },
            },
      }));
    } catch (error) {
      report(error);
    }
  },

  async cancelDownload(downloadId) {
    try {
      await client.call('models.cancelDownload', { downloadId });
    } catch (error) {
      report(error);
    }
  },

  onDownloadProgress(progress) {
    set((s) => ({ downloads: { ...s.downloads, [progress.downloadId]: progress } }));
    if (progress.state === 'done') void get().refresh();
  },

  dismissDownload(downloadId) {
    set((s) => {
      const { [downloadId]: _gone, ...rest } = s.downloads;
      return { downloads: rest };
    });
  },

  async choose(role, path) {
    try {
      // Choosing a local chat model is also choosing local answers over a remote server.
      const patch = role === 'chat' ? { chatModelPath: path, ...(path ? { chatModelSource: 'local' as const } : {}) } : { embeddingModelPath: path };
      set({ settings: await client.call('settings.update', patch) });
      await useAppStore.getState().refreshModels();
    } catch (error) {
      report(error);
    }
  },

  async unload(role) {
    try {
      useAppStore.getState().setModels(await client.call('models.unload', { role }));
    } catch (error) {
      report(error);
    }
  },

  async reload(role) {
    try {
      useAppStore.getState().setModels(await client.call('models.reload', { role }));
    } catch (error) {
      report(error);
      await useAppStore.getState().refreshModels();
    }
  },

  async saveHardware(patch) {
    try {
      set({ settings: await client.call('settings.update', patch), notice: { key: 'models.hardware.saved', values: {} } });
      await useAppStore.getState().refreshModels();
      // The fit depends on the context size and GPU layers.
      void get().refresh();
      return true;
    } catch (error) {
      report(error);
      return false;
    }
  },
}));
