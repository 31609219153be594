/**
 * Owns the inference host and the two model slots (chat, embedding). Models load lazily on first
 * use; a file is inspected in this process before the host ever sees it; a host that dies is
 * replaced on the next request, which reloads what it needs. A file whose loading killed the host
 * is not retried (that would crash again) until the settings or the file change.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { ModelCatalogEntry, ModelDownloadProgress, ModelFile, ModelFit, ModelRole, ModelSlotStatus, ModelsStatus, Settings } from '../../../src-shared/domain';
import { PhareError, toErrorValue, type ErrorValue } from '../../../src-shared/errors';
import { describeModelFile, inspectModel } from './gguf/ggufInspect';
import { InferenceHost } from './inferenceHost';
import { createChatHandle, createEmbedderHandle } from './modelHandles';
import { modelCatalog } from './models/modelCatalog';
import { createModelDownloads } from './models/modelDownloads';
import { createFitEstimator } from './models/fitEstimator';
import { classifyFit, unknownFit } from './models/modelFit';
import { importModelFile } from './models/importModel';
import { createRemoteChatModel } from './remote/remoteChatModel';
import { isRemoteChatActive } from './remote/remoteSettings';
import type { ChatModel, Embedder, HostLauncher, ModelService } from './types';

export interface ModelServiceOptions {
  getSettings: () => Settings;
  /** Where users put GGUF files; relative model paths in the settings are resolved against it. */
  modelsDir: string;
  launcher: HostLauncher;
  onStatus: (status: ModelsStatus) => void;
  /** llama.cpp warnings and errors from the host; by default errors go to console.warn. */
  onLog?: (level: 'error' | 'warn' | 'info', message: string) => void;
  /** Progress and outcome of `download()` jobs. */
  onDownloadProgress?: (progress: ModelDownloadProgress) => void;
  /** Hugging Face hub base URL for hf: URIs (a mirror); default HF_ENDPOINT or https://huggingface.co. */
  huggingFaceEndpoint?: string;
}

interface Slot {
  role: ModelRole;
  state: ModelSlotStatus['state'];
  error: ErrorValue | null;
  /** What is (or was last) loaded: resolved path and the settings that shaped it. */
  loadedKey: string | null;
  loadedIn: InferenceHost | null;
  path: string | null;
  dimension: number | null;
  contextSize: number | null;
  /** Footprint of the loaded model (weights + context) and layers on the GPU, from the host. */
  memoryBytes: number | null;
  gpuLayers: number | null;
  id: string | null;
  /**
   * A load that failed for a reason that would repeat (the file killed the host, is invalid, is
   * missing, the backend is unavailable): same settings and same file => same failure, so it is not
   * retried (a crash loop, or a status flickering on every search) until either changes.
   */
  failure: { key: string; fileStamp: string; error: PhareError } | null;
  loading: Promise<void> | null;
}

const MODEL_EXTENSION = /\.gguf$/i;
const REPEATABLE_FAILURES = new Set(['MODEL_CRASHED', 'MODEL_INVALID', 'MODEL_NOT_FOUND', 'BACKEND_UNAVAILABLE']);
const LIST_DEPTH = 2;

function newSlot(role: ModelRole): Slot {
  return {
    role,
    state: 'none',
    error: null,
    loadedKey: null,
    loadedIn: null,
    path: null,
    dimension: null,
    contextSize: null,
    memoryBytes: null,
    gpuLayers: null,
    id: null,
    failure: null,
    loading: null,
  };
}

async function fileStamp(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

async function findModelFiles(dir: string, depth: number): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isFile() && MODEL_EXTENSION.test(entry.name)) files.push(full);
    else if (entry.isDirectory() && depth > 1 && !entry.name.startsWith('.')) files.push(...(await findModelFiles(full, depth - 1)));
  }
  return files;
}

/**
 * A host that died while loading this slot's model is blamed on the model only when nothing else
 * was running in it (a generation going out of memory must not mark the embedding model as bad).
 */
function crashWasThisLoad(host: InferenceHost | null, role: ModelRole): boolean {
  if (!host) return false;
  const own = role === 'chat' ? 'loadChat' : 'loadEmbedding';
  return host.pendingAtExit.every((method) => method === own);
}

export function createModelService(options: ModelServiceOptions): ModelService {
  let settings = options.getSettings();
  let host: InferenceHost | null = null;
  let hostKey: string | null = null;
  let hostReady: Promise<InferenceHost> | null = null;
  let backend: string | null = null;
  /** The requested backend is missing on this machine: said in the status, not only when a model fails. */
  let backendError: ErrorValue | null = null;
  let disposed = false;
  const slots: Record<ModelRole, Slot> = { chat: newSlot('chat'), embedding: newSlot('embedding') };

  const resolvePath = (path: string) => (isAbsolute(path) ? path : resolve(options.modelsDir, path));
  const configuredPath = (role: ModelRole) => {
    const path = role === 'chat' ? settings.chatModelPath : settings.embeddingModelPath;
    return path ? resolvePath(path) : null;
  };
  const slotKey = (role: ModelRole, path: string) =>
    role === 'chat'
      ? JSON.stringify([path, settings.gpuLayers, settings.contextSize, settings.batchSize])
      : JSON.stringify([path, settings.gpuLayers]);
  const hostConfigKey = () => JSON.stringify([settings.gpu, settings.threads]);

  function slotStatus(slot: Slot): ModelSlotStatus {
    return {
      role: slot.role,
      path: configuredPath(slot.role),
      state: slot.state,
      error: slot.error,
      dimension: slot.role === 'embedding' ? slot.dimension : null,
      contextSize: slot.contextSize,
      memoryBytes: slot.state === 'ready' ? slot.memoryBytes : null,
      gpuLayers: slot.state === 'ready' ? slot.gpuLayers : null,
    };
  }

  function status(): ModelsStatus {
    return {
      backend,
      requestedGpu: settings.gpu,
      hostAlive: host !== null && host.alive,
      backendError,
      chat: slotStatus(slots.chat),
      embedding: slotStatus(slots.embedding),
    };
  }

  function emit(): void {
    try {
      options.onStatus(status());
    } catch (error) {
      console.error('[models] status listener failed:', error);
    }
  }

  function forgetLoaded(slot: Slot): void {
    slot.loadedKey = null;
    slot.loadedIn = null;
    slot.memoryBytes = null;
    slot.gpuLayers = null;
    if (slot.state === 'ready' || slot.state === 'loading') slot.state = 'none';
  }

  function onHostExit(exited: InferenceHost, code: number | null, signal: string | null, expected: boolean): void {
    if (exited !== host) return;
    host = null;
    hostReady = null;
    hostKey = null;
    if (!expected) {
      const crash = new PhareError('MODEL_CRASHED', { detail: signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}` });
      // A model that was in use is reloaded on the next request; the status says what happened.
      for (const slot of Object.values(slots)) {
        if (slot.loadedIn === exited && slot.state === 'ready') {
          slot.state = 'failed';
          slot.error = crash.toValue();
        }
        if (slot.loadedIn === exited) {
          slot.loadedIn = null;
          slot.loadedKey = null;
        }
      }
    }
    emit();
  }

  async function stopHost(): Promise<void> {
    const old = host;
    host = null;
    hostReady = null;
    hostKey = null;
    backend = null;
    for (const slot of Object.values(slots)) forgetLoaded(slot);
    await old?.stop();
  }

  /** A live, initialised host for the current gpu/threads settings. */
  async function ensureHost(): Promise<InferenceHost> {
    if (disposed) throw new PhareError('CANCELLED');
    if (host && host.alive && hostReady && hostKey === hostConfigKey()) return hostReady;
    if (host) await stopHost();
    const created = new InferenceHost({
      launcher: options.launcher,
      onLog: options.onLog,
      onExit: ({ code, signal, expected }) => onHostExit(created, code, signal, expected),
    });
    host = created;
    hostKey = hostConfigKey();
    const ready = created
      .request('init', { gpu: settings.gpu, threads: settings.threads })
      .then((result) => {
        backend = result.backend;
        backendError = null;
        emit();
        return created;
      });
    hostReady = ready;
    try {
      return await ready;
    } catch (error) {
      if (error instanceof PhareError && error.code === 'BACKEND_UNAVAILABLE') backendError = error.toValue();
      // A host that could not set up its backend is of no use: stop it, let the next call retry.
      if (host === created) {
        host = null;
        hostReady = null;
        hostKey = null;
        backend = null;
      }
      void created.stop();
      throw error;
    }
  }

  async function load(slot: Slot, path: string, key: string): Promise<void> {
    const failureKey = `${key}|${hostConfigKey()}`;
    const stamp = await fileStamp(path);
    if (slot.failure && slot.failure.key === failureKey && slot.failure.fileStamp === stamp) throw slot.failure.error;
    slot.state = 'loading';
    slot.error = null;
    slot.path = path;
    emit();
    let loadHost: InferenceHost | null = null;
    try {
      const inspected = await inspectModel(path);
      if (slot.role === 'chat' && inspected.role !== 'chat') {
        throw new PhareError('MODEL_INVALID', { file: inspected.fileName, detail: `a ${inspected.architecture} model cannot generate text` });
      }
      const live = await ensureHost();
      loadHost = live;
      if (slot.role === 'chat') {
        const loaded = await live.request('loadChat', {
          path,
          gpuLayers: settings.gpuLayers,
          contextSize: settings.contextSize,
          batchSize: settings.batchSize,
        });
        slot.contextSize = loaded.contextSize;
        slot.memoryBytes = loaded.memoryBytes;
        slot.gpuLayers = loaded.gpuLayers;
        slot.dimension = null;
        slot.id = inspected.fileName;
      } else {
        const loaded = await live.request('loadEmbedding', { path, gpuLayers: settings.gpuLayers });
        slot.contextSize = loaded.contextSize;
        slot.dimension = loaded.dimension;
        slot.memoryBytes = loaded.memoryBytes;
        slot.gpuLayers = loaded.gpuLayers;
        // File name and size: stable across restarts, changes when the file is replaced by another.
        slot.id = `${inspected.fileName}:${inspected.sizeBytes}`;
      }
      slot.loadedIn = live;
      slot.loadedKey = key;
      slot.state = 'ready';
      slot.failure = null;
    } catch (error) {
      slot.state = 'failed';
      slot.error = toErrorValue(error);
      slot.loadedIn = null;
      slot.loadedKey = null;
      if (error instanceof PhareError && REPEATABLE_FAILURES.has(error.code) && !(error.code === 'MODEL_CRASHED' && !crashWasThisLoad(loadHost, slot.role))) {
        slot.failure = { key: failureKey, fileStamp: stamp, error };
      }
      throw error;
    } finally {
      emit();
    }
  }

  /** The slot's configured model, loaded in a live host; null when none is configured. */
  async function ensureSlot(role: ModelRole): Promise<Slot | null> {
    const slot = slots[role];
    for (;;) {
      if (slot.loading) {
        await slot.loading.catch(() => undefined);
        continue;
      }
      const path = configuredPath(role);
      if (!path) return null;
      const key = slotKey(role, path);
      const current = host !== null && host.alive && hostKey === hostConfigKey();
      if (current && slot.loadedIn === host && slot.loadedKey === key && slot.state === 'ready') return slot;
      const loading = load(slot, path, key);
      slot.loading = loading;
      try {
        await loading;
      } finally {
        if (slot.loading === loading) slot.loading = null;
      }
      return slot;
    }
  }

  const downloads = createModelDownloads({
    modelsDir: options.modelsDir,
    huggingFaceEndpoint: options.huggingFaceEndpoint,
    onProgress: (progress) => options.onDownloadProgress?.(progress),
  });

  const estimator = createFitEstimator({ launcher: options.launcher, onLog: options.onLog });

  /**
   * Whether a (valid) file fits with the current settings, before loading it. node-llama-cpp's
   * estimate needs its native bindings, so it runs in a host of its own (models/fitEstimator.ts):
   * a file that aborts llama.cpp there never stops the models in use. Any failure means "unknown".
   */
  /** Each model file's header, read once per version of the file (its size and modification time). */
  const headers = new Map<string, { stamp: string; file: ModelFile }>();
  let fitQueue: Promise<void> = Promise.resolve();

  async function describeCached(path: string): Promise<ModelFile> {
    const stamp = await fileStamp(path);
    const cached = headers.get(path);
    if (cached && cached.stamp === stamp) return { ...cached.file };
    const file = await describeModelFile(path);
    headers.set(path, { stamp, file });
    return { ...file };
  }

  async function estimateFit(file: ModelFile): Promise<ModelFit> {
    if (file.error || !file.role) return unknownFit();
    try {
      const { estimate, backend: estimatedFor } = await estimator.estimate(
        { path: file.path, role: file.role, gpuLayers: settings.gpuLayers, contextSize: settings.contextSize },
        { gpu: settings.gpu },
      );
      // Replacing the model loaded in the same role gives its memory back.
      const slot = slots[file.role];
      const freed = slot.state === 'ready' ? (slot.memoryBytes ?? 0) : 0;
      return classifyFit(estimate, estimatedFor, freed);
    } catch {
      return unknownFit();
    }
  }

  async function checkRequestedBackend(gpu: Settings['gpu']): Promise<void> {
    try {
      await estimator.checkBackend(gpu);
    } catch (error) {
      if (settings.gpu !== gpu || !(error instanceof PhareError) || error.code !== 'BACKEND_UNAVAILABLE') return;
      backendError = error.toValue();
      emit();
    }
  }

  /** Frees a role's model in the host; it loads again on next use. */
  async function unloadSlot(slot: Slot): Promise<void> {
    if (slot.loading) await slot.loading.catch(() => undefined);
    if (host?.alive && slot.loadedIn === host) await host.request('unload', { role: slot.role }).catch(() => undefined);
    forgetLoaded(slot);
    slot.state = 'none';
    slot.error = null;
  }

  /** For handles: a host where exactly `path` is loaded in this role. */
  function ensureLoaded(role: ModelRole) {
    return async (path: string): Promise<InferenceHost> => {
      const slot = await ensureSlot(role);
      if (!slot || slot.path !== path || !slot.loadedIn) throw new PhareError('MODEL_NOT_LOADED', { role });
      return slot.loadedIn;
    };
  }

  return {
    status,

    async getChatModel(): Promise<ChatModel | null> {
      // The user's explicit choice of a remote server: answers come from there, no local model is loaded.
      if (isRemoteChatActive(settings)) return createRemoteChatModel(settings.remoteChat, { contextSize: settings.contextSize });
      const slot = await ensureSlot('chat');
      if (!slot || !slot.path) return null;
      return createChatHandle({ id: slot.id ?? basename(slot.path), path: slot.path, contextSize: slot.contextSize ?? settings.contextSize }, ensureLoaded('chat'));
    },

    async getEmbedder(): Promise<Embedder | null> {
      const slot = await ensureSlot('embedding');
      if (!slot || !slot.path || slot.dimension === null) return null;
      return createEmbedderHandle({ id: slot.id ?? basename(slot.path), path: slot.path, dimension: slot.dimension }, ensureLoaded('embedding'));
    },

    async listModels(): Promise<ModelFile[]> {
      // Listed at once (headers only, mostly from the cache); the fit needs the host and comes per row after.
      // Absolute paths, so that a configured model is recognised and listed once.
      const files = await findModelFiles(resolve(options.modelsDir), LIST_DEPTH);
      // Models the settings point at outside the models folder are listed too: they are in use.
      for (const role of ['chat', 'embedding'] as const) {
        const path = configuredPath(role);
        if (path && !files.includes(path) && (await fileStamp(path)) !== 'missing') files.push(path);
      }
      files.sort((a, b) => a.localeCompare(b));
      const described = await Promise.all(files.map((file) => describeCached(file)));
      for (const gone of [...headers.keys()].filter((path) => !files.includes(path))) headers.delete(gone);
      return described;
    },

    async estimateModelFit(path: string): Promise<ModelFit> {
      // Only a file the list showed: the estimate never opens an arbitrary path.
      if (!headers.has(path)) return unknownFit();
      const file = await describeCached(path);
      if (file.error) return unknownFit();
      // One at a time across callers: each simulates a load in the host.
      const run = fitQueue.then(() => estimateFit(file));
      fitQueue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },

    async importModel(path: string): Promise<ModelFile> {
      const imported = await importModelFile(path, options.modelsDir);
      return { ...imported, fit: await estimateFit(imported) };
    },

    downloadModel(uri: string): { downloadId: string } {
      return downloads.start(uri);
    },

    cancelDownload(downloadId: string): boolean {
      return downloads.cancel(downloadId);
    },

    catalog(): ModelCatalogEntry[] {
      return modelCatalog();
    },

    async unload(role: ModelRole): Promise<ModelsStatus> {
      await unloadSlot(slots[role]);
      emit();
      return status();
    },

    async reload(role: ModelRole): Promise<ModelsStatus> {
      const slot = slots[role];
      await unloadSlot(slot);
      // An explicit reload is the user saying "try again": forget a remembered failure.
      slot.failure = null;
      emit();
      await ensureSlot(role);
      return status();
    },

    async applySettings(next: Settings): Promise<void> {
      const backendChanged = next.gpu !== settings.gpu;
      settings = next;
      if (backendChanged) {
        backendError = null;
        // An explicit backend is checked now, in the background, so that one this machine lacks is
        // reported as soon as it is chosen, not at the first question.
        if (next.gpu !== 'auto' && next.gpu !== 'cpu') void checkRequestedBackend(next.gpu);
      }
      const wasLoaded = { chat: slots.chat.state === 'ready', embedding: slots.embedding.state === 'ready' };
      // Backend or threads changed: the host is set up once with them, so a new one is needed.
      if (host && hostKey !== hostConfigKey()) await stopHost();
      for (const role of ['chat', 'embedding'] as const) {
        const slot = slots[role];
        const path = configuredPath(role);
        const unchanged = path !== null && slot.loadedKey === slotKey(role, path) && slot.loadedIn === host;
        if (unchanged) continue;
        if (host?.alive && slot.loadedIn === host) await host.request('unload', { role }).catch(() => undefined);
        slot.loadedIn = null;
        slot.loadedKey = null;
        slot.failure = null;
        slot.error = null;
        slot.state = 'none';
        // What was in use comes back with the new settings, in the background; errors land in the status.
        if (wasLoaded[role] && path) void ensureSlot(role).catch(() => undefined);
      }
      emit();
    },

    async dispose(): Promise<void> {
      disposed = true;
      await downloads.dispose();
      await estimator.dispose();
      await stopHost();
      emit();
    },
  };
}
