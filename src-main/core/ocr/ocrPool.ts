/**
 * A pool of tesseract.js workers (each a worker thread running tesseract compiled to WebAssembly).
 * A worker costs seconds to start (it loads and unpacks its language models) and ~100-200 MB, so
 * workers are created only when pages need OCR, at most one per CPU core, reused across pages and
 * documents, and terminated when the pool has been idle for a while or its owner disposes it.
 *
 * Offline by construction: every worker gets a local `langPath` (languageData.ts) and
 * `cacheMethod: 'none'`, so tesseract.js neither fetches models nor writes a cache.
 */
import os from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'tesseract.js';
import { PhareError } from '../../../src-shared/errors';
import { toPnm, type GrayImage } from './grayImage';
import { prepareLanguageFolder, usableLanguages } from './languageData';
import { readableText } from './readableText';

/** tesseract.js, imported with the first worker: a process that reads no image never loads it. */
let tesseractModule: Promise<typeof import('tesseract.js')> | null = null;
function tesseract(): Promise<typeof import('tesseract.js')> {
  tesseractModule ??= import('tesseract.js');
  return tesseractModule;
}

export interface OcrRequest {
  image: GrayImage;
  /** tesseract language codes, e.g. ['fra', 'eng'] (the first is tried first on each word). */
  languages: readonly string[];
  /** Resolution of the image when known (helps tesseract size its text-line model); 300 for rendered pages. */
  dpi?: number;
  signal?: AbortSignal;
  /** Share of the recognition done, 0..1, as tesseract reports it while it reads (several times a second). */
  onProgress?: (fraction: number) => void;
}

export interface OcrResult {
  /** tesseract's text, as it gives it. */
  text: string;
  /** The same without the lines and words tesseract could not read (readableText.ts): what a page keeps. */
  readable: string;
  /** tesseract's mean word confidence, 0..100. */
  confidence: number;
}

export interface OcrPoolOptions {
  /** Number of workers at most; default: the machine's cores. */
  size?: number;
  /** Where the language models are gathered into one folder; default: a folder in the OS temp dir. */
  cacheDir?: string;
  /** Workers are terminated after this long without work; default 60 s. */
  idleMs?: number;
}

export interface OcrPoolStats {
  size: number;
  workersCreated: number;
  workersAlive: number;
  pagesRecognised: number;
}

interface Slot {
  worker: Promise<Worker>;
  languages: string;
  dpi: number | null;
  busy: boolean;
  /**
   * Rejects when the worker is terminated: tesseract.js never settles a job whose worker was
   * terminated, so every call on the worker races this.
   */
  stopped: Promise<never>;
  stop: (reason: Error) => void;
  /** Where the worker's recognition progress goes: the request it is serving, if it asked. */
  onProgress: ((fraction: number) => void) | null;
}

interface Waiting {
  run: (slot: Slot) => void;
  languages: string;
}

const DEFAULT_IDLE_MS = 60_000;

export class OcrPool {
  readonly size: number;
  private readonly cacheDir: string;
  private readonly idleMs: number;
  private slots: Slot[] = [];
  private queue: Waiting[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private created = 0;
  private recognised = 0;

  constructor(options: OcrPoolOptions = {}) {
    this.size = Math.max(1, Math.min(options.size ?? os.availableParallelism(), os.availableParallelism()));
    this.cacheDir = options.cacheDir ?? join(os.tmpdir(), 'phare-ocr');
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  }

  async recognize(request: OcrRequest): Promise<OcrResult> {
    const languages = usableLanguages(request.languages).join('+');
    if (request.signal?.aborted) throw new PhareError('CANCELLED');
    const slot = await this.acquire(languages);
    try {
      if (request.signal?.aborted) throw new PhareError('CANCELLED');
      const worker = await Promise.race([slot.worker, slot.stopped]);
      const { OEM, PSM } = await tesseract();
      const guard = <T>(call: Promise<T>) => Promise.race([call, slot.stopped]);
      if (slot.languages !== languages) {
        // Same folder holds every installed language: the worker loads what it lacks and restarts its engine.
        await guard(worker.reinitialize(languages, OEM.LSTM_ONLY));
        slot.languages = languages;
        slot.dpi = null;
      }
      const dpi = request.dpi ?? 0;
      if (slot.dpi !== dpi) {
        await guard(
          worker.setParameters({
            // 0 lets tesseract estimate the resolution from the size of the text (the CLI's behaviour).
            user_defined_dpi: dpi > 0 ? String(Math.round(dpi)) : '0',
            // Full page layout analysis (columns, blocks), as the CLI does: tesseract's library
            // default (and so tesseract.js's) reads the page as one block, mixing columns line by line.
            tessedit_pageseg_mode: PSM.AUTO,
          }),
        );
        slot.dpi = dpi;
      }
      slot.onProgress = request.onProgress ?? null;
      // In colour when the picture has colour: tesseract thresholds each channel, as the CLI does (grayImage.ts).
      const pnm = toPnm(request.image);
      // A view, not a copy: a colour page's PPM is three bytes a pixel (60 MB for a 20 Mpx scan).
      const { data } = await guard(worker.recognize(Buffer.from(pnm.buffer, pnm.byteOffset, pnm.byteLength), {}, { text: true, tsv: true }));
      this.recognised++;
      const text = data.text ?? '';
      return { text, readable: readableText(text, data.tsv), confidence: Number(data.confidence) || 0 };
    } catch (error) {
      // A worker that failed may be in a bad state: it is replaced rather than reused.
      if (!(error instanceof PhareError)) this.discard(slot);
      throw error;
    } finally {
      slot.onProgress = null;
      this.release(slot);
    }
  }

  /**
   * Starts a worker for `languages` now if the pool has none, so its seconds of start-up (loading the
   * language models, in its own thread) overlap whatever the caller does before its first request
   * (drawing the page to read, say). Costs nothing when a worker is already there.
   */
  warm(languages: readonly string[]): void {
    if (this.slots.length > 0 || this.size === 0) return;
    const slot = this.newSlot(usableLanguages(languages).join('+'));
    slot.busy = false;
    this.slots.push(slot);
    if (this.queue.length === 0) this.armIdleTimer();
  }

  stats(): OcrPoolStats {
    return { size: this.size, workersCreated: this.created, workersAlive: this.slots.length, pagesRecognised: this.recognised };
  }

  /** Terminates every worker; the pool stays usable (workers are created again when needed). */
  async dispose(): Promise<void> {
    this.clearIdleTimer();
    // Requests still waiting are served by fresh workers as the busy ones are released.
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((slot) => terminate(slot)));
  }

  private acquire(languages: string): Promise<Slot> {
    this.clearIdleTimer();
    const idle = this.slots.find((s) => !s.busy && s.languages === languages) ?? this.slots.find((s) => !s.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    if (this.slots.length < this.size) {
      const slot = this.newSlot(languages);
      this.slots.push(slot);
      return Promise.resolve(slot);
    }
    return new Promise((resolve) => this.queue.push({ run: resolve, languages }));
  }

  private release(slot: Slot): void {
    slot.busy = false;
    if (!this.slots.includes(slot)) {
      // Discarded (failed) or disposed while busy: a waiting request gets a fresh worker.
      const waiting = this.queue.shift();
      if (waiting) {
        const fresh = this.newSlot(waiting.languages);
        this.slots.push(fresh);
        waiting.run(fresh);
      }
    } else {
      const index = this.queue.findIndex((w) => w.languages === slot.languages);
      const waiting = index >= 0 ? this.queue.splice(index, 1)[0] : this.queue.shift();
      if (waiting) {
        slot.busy = true;
        waiting.run(slot);
      }
    }
    if (this.slots.every((s) => !s.busy) && this.queue.length === 0) this.armIdleTimer();
  }

  private newSlot(languages: string): Slot {
    this.created++;
    const langPath = prepareLanguageFolder(this.cacheDir, languages.split('+'));
    const worker = tesseract().then(({ createWorker, OEM }) =>
      createWorker(languages, OEM.LSTM_ONLY, {
        langPath,
        cacheMethod: 'none',
        gzip: true,
        // tesseract.js logs a worker's errors itself unless given a handler; ours rejects the job instead.
        errorHandler: () => undefined,
        // One worker serves one request at a time: its progress belongs to the slot's current request.
        logger: (m) => {
          if (m.status === 'recognizing text' && slot.onProgress) slot.onProgress(Math.min(1, Math.max(0, Number(m.progress) || 0)));
        },
      }),
    );
    let stop: (reason: Error) => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => (stop = reject));
    stopped.catch(() => undefined);
    const slot: Slot = { worker, languages, dpi: null, busy: true, stopped, stop, onProgress: null };
    worker.catch(() => this.discard(slot));
    return slot;
  }

  private discard(slot: Slot): void {
    this.slots = this.slots.filter((s) => s !== slot);
    void terminate(slot);
  }

  private armIdleTimer(): void {
    this.clearIdleTimer();
    this.idleTimer = setTimeout(() => void this.dispose(), this.idleMs);
    // An idle pool never keeps the process alive.
    this.idleTimer.unref();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

async function terminate(slot: Slot): Promise<void> {
  slot.stop(new PhareError('CANCELLED'));
  try {
    await (await slot.worker).terminate();
  } catch {
    // A worker that never started has nothing to terminate.
  }
}

let shared: OcrPool | null = null;
let holders = 0;

/** The process's pool, shared by every ingestion (created on first use; workers only when OCR runs). */
export function sharedOcrPool(): OcrPool {
  if (!shared) shared = new OcrPool();
  return shared;
}

/**
 * Declares an owner of the shared pool (a core). The returned function releases it; when the last
 * owner releases, the workers are terminated.
 */
export function retainSharedOcrPool(): () => Promise<void> {
  holders++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    holders--;
    if (holders === 0 && shared) await shared.dispose();
  };
}
