/**
 * Downloads GGUF files into the models folder with node-llama-cpp's downloader (parallel connections,
 * resume from a partial file, size check), as jobs with an id, progress events and cancellation.
 *
 * A download is staged in a hidden folder of the models folder (`.downloads/<hash of the URI>/`), so
 * a half-downloaded file never shows up in the model list and a retry of the same URI resumes it. Only
 * a complete file that passes inspection is moved into the models folder, never over an existing one.
 *
 * node-llama-cpp retries a failed connection for minutes; an offline machine (the common case for our
 * users) would see a spinner that never ends. So the server is probed first with a short timeout, and
 * a network failure there is MODEL_DOWNLOAD_OFFLINE at once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, readdir, rm, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ModelDownloadProgress } from '../../../../src-shared/domain';
import { PhareError } from '../../../../src-shared/errors';
import { inspectModel } from '../gguf/ggufInspect';
import { pathExists } from '../../fs/pathExists';
import { ensurePrivateDir, tightenFile } from '../../fs/privateFiles';

export const DOWNLOAD_STAGING_DIR = '.downloads';

export interface ModelDownloadsOptions {
  modelsDir: string;
  onProgress: (progress: ModelDownloadProgress) => void;
  /** How long the reachability probe may take before the machine is deemed offline. */
  probeTimeoutMs?: number;
  /** Base URL of the Hugging Face hub (a mirror, or a test server); default https://huggingface.co. */
  huggingFaceEndpoint?: string;
}

export interface ModelDownloads {
  /** Checks the URI and starts the download; progress and the outcome come as events. */
  start(uri: string): { downloadId: string };
  cancel(downloadId: string): boolean;
  /** Cancels every running download and waits for them to stop. */
  dispose(): Promise<void>;
}

const HF_FILE_URI = /^hf:[\w.-]+\/[\w.-]+(\/[^\s#]+\.gguf)(#[\w.\-/]+)?$/i;
const HF_QUANT_URI = /^hf:[\w.-]+\/[\w.-]+:[\w.-]+$/i;
const PROGRESS_INTERVAL_MS = 250;
const DEFAULT_PROBE_TIMEOUT_MS = 10_000;
/** Codes of a network that cannot be reached at all (as opposed to a server that answered an error). */
const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Throws MODEL_URI_INVALID for anything that is not an hf: model URI or an https URL. Plain http is
 * accepted only on this machine (a local mirror): a model file is code-like input for llama.cpp, and
 * over plain http anyone on the way could swap it.
 */
export function checkModelUri(uri: string): void {
  const trimmed = uri.trim();
  if (HF_FILE_URI.test(trimmed) || HF_QUANT_URI.test(trimmed)) return;
  try {
    const url = new URL(trimmed);
    if (url.protocol === 'https:' && url.hostname) return;
    if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return;
  } catch {
    // not a URL: invalid below
  }
  throw new PhareError('MODEL_URI_INVALID', { uri });
}

/**
 * The name the file gets in the models folder: the URI's own file name (node-llama-cpp would
 * prefix hf: files with the owner and repository); null lets the downloader decide (hf quant URIs).
 */
function targetFileName(uri: string): string | null {
  const path = uri.split(/[?#]/, 1)[0];
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /\.gguf$/i.test(name) ? decodeURIComponent(name) : null;
}

/** The URL whose reachability tells whether the download can start. */
function probeUrl(uri: string, huggingFaceEndpoint: string): string {
  if (uri.startsWith('hf:')) return huggingFaceEndpoint;
  return uri;
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const name = (current as { name?: unknown }).name;
    if (name === 'TimeoutError') codes.push('ETIMEDOUT');
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** Whether an error means the network or the server cannot be reached (rather than an HTTP error). */
export function isOfflineError(error: unknown): boolean {
  if (errorCodes(error).some((code) => OFFLINE_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /fetch failed|getaddrinfo|network|socket hang up/i.test(message);
}

async function probe(url: string, timeoutMs: number, signal: AbortSignal, uri: string): Promise<void> {
  try {
    // Any HTTP answer, even 404, means the server is reachable; the downloader reports HTTP errors itself.
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
  } catch (error) {
    if (signal.aborted) throw new PhareError('CANCELLED');
    if (isOfflineError(error) || (error as { name?: string }).name === 'TimeoutError') {
      throw new PhareError('MODEL_DOWNLOAD_OFFLINE', { uri }, { cause: error });
    }
    throw new PhareError('MODEL_DOWNLOAD_FAILED', { uri, detail: error instanceof Error ? error.message : String(error) }, { cause: error });
  }
}

/** Moves a finished file into the models folder without ever replacing a file of the same name. */
async function moveIntoPlace(from: string, to: string): Promise<void> {
  if (await pathExists(to)) throw new PhareError('MODEL_EXISTS', { file: basename(to) });
  try {
    await copyFile(from, to, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    // The copy takes the downloader's mode (the umask's): owner-only like the rest of the data folder.
    await tightenFile(to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new PhareError('MODEL_EXISTS', { file: basename(to) });
    await unlink(to).catch(() => undefined);
    throw error;
  }
  await unlink(from).catch(() => undefined);
}

async function removeIfEmpty(dir: string): Promise<void> {
  try {
    if ((await readdir(dir)).length === 0) await rm(dir, { recursive: true, force: true });
  } catch {
    // already gone
  }
}

export function createModelDownloads(options: ModelDownloadsOptions): ModelDownloads {
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  // HF_ENDPOINT is the hub's own variable for mirrors; node-llama-cpp honours it too.
  const hfEndpoint = options.huggingFaceEndpoint ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co';
  const stagingRoot = join(options.modelsDir, DOWNLOAD_STAGING_DIR);

  async function run(downloadId: string, uri: string, signal: AbortSignal): Promise<void> {
    const progress: ModelDownloadProgress = {
      downloadId,
      uri,
      fileName: null,
      receivedBytes: 0,
      totalBytes: null,
      state: 'downloading',
      error: null,
    };
    const emit = (patch: Partial<ModelDownloadProgress> = {}) => {
      Object.assign(progress, patch);
      try {
        options.onProgress({ ...progress });
      } catch (error) {
        console.error('[models] download progress listener failed:', error);
      }
    };
    // Same URI, same staging folder: a retry after a failure resumes the partial file.
    const staging = join(stagingRoot, createHash('sha256').update(uri).digest('hex').slice(0, 16));
    let lastEmit = 0;
    emit();
    try {
      await probe(probeUrl(uri, hfEndpoint), options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, signal, uri);
      // The partial file is owner-only like the rest of the data folder (fs/privateFiles.ts).
      await ensurePrivateDir(staging);
      const { createModelDownloader } = await import('node-llama-cpp');
      const downloader = await createModelDownloader({
        modelUri: uri,
        dirPath: staging,
        ...(targetFileName(uri) ? { fileName: targetFileName(uri)! } : {}),
        showCliProgress: false,
        skipExisting: true,
        // Kept on failure so that a retry resumes; removed when the user cancels.
        deleteTempFileOnCancel: true,
        parallelDownloads: 4,
        endpoints: { huggingFace: hfEndpoint.endsWith('/') ? hfEndpoint : `${hfEndpoint}/` },
        onProgress: ({ totalSize, downloadedSize }) => {
          const now = Date.now();
          if (now - lastEmit < PROGRESS_INTERVAL_MS) return;
          lastEmit = now;
          emit({ receivedBytes: downloadedSize, totalBytes: totalSize || null });
        },
      });
      if (signal.aborted) throw new PhareError('CANCELLED');
      if (downloader.totalFiles !== 1) {
        throw new PhareError('MODEL_DOWNLOAD_FAILED', { uri, detail: `split models (${downloader.totalFiles} files) are not supported; choose a single-file GGUF` });
      }
      emit({ fileName: downloader.entrypointFilename, totalBytes: downloader.totalSize || null });
      const target = join(options.modelsDir, downloader.entrypointFilename);
      if (await pathExists(target)) throw new PhareError('MODEL_EXISTS', { file: downloader.entrypointFilename });
      const onAbort = () => void downloader.cancel().catch(() => undefined);
      signal.addEventListener('abort', onAbort, { once: true });
      let downloaded: string;
      try {
        downloaded = await downloader.download({ signal });
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      if (signal.aborted) throw new PhareError('CANCELLED');
      // The integrity check that matters to us: the file is a whole, loadable GGUF.
      await inspectModel(downloaded);
      await moveIntoPlace(downloaded, target);
      await rm(staging, { recursive: true, force: true });
      await removeIfEmpty(stagingRoot);
      const size = (await stat(target)).size;
      emit({ state: 'done', receivedBytes: size, totalBytes: size });
    } catch (error) {
      const cancelled = signal.aborted || (error instanceof PhareError && error.code === 'CANCELLED');
      const failure = cancelled
        ? null
        : error instanceof PhareError
          ? error
          : isOfflineError(error)
            ? new PhareError('MODEL_DOWNLOAD_OFFLINE', { uri }, { cause: error })
            : new PhareError('MODEL_DOWNLOAD_FAILED', { uri, detail: error instanceof Error ? error.message : String(error) }, { cause: error });
      // Cleaned up before the last event, so whoever sees it sees the folder as it stays. A cancelled
      // download, or a whole file that is no usable GGUF, is of no use for resuming: removed.
      if (cancelled || failure?.code === 'MODEL_INVALID') await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      await removeIfEmpty(staging);
      await removeIfEmpty(stagingRoot);
      emit(failure ? { state: 'failed', error: failure.toValue() } : { state: 'cancelled' });
    }
  }

  return {
    start(uri) {
      checkModelUri(uri);
      const downloadId = randomUUID();
      const controller = new AbortController();
      const done = run(downloadId, uri.trim(), controller.signal).finally(() => running.delete(downloadId));
      running.set(downloadId, { controller, done });
      return { downloadId };
    },
    cancel(downloadId) {
      const job = running.get(downloadId);
      if (!job) return false;
      job.controller.abort();
      return true;
    },
    async dispose() {
      const jobs = [...running.values()];
      for (const job of jobs) job.controller.abort();
      await Promise.all(jobs.map((job) => job.done.catch(() => undefined)));
    },
  };
}
