/**
 * A big PDF's pages read on two threads. PDFium's page and text loading is most of a text PDF's
 * ingestion (the French Debian Reference: ~1.1 of ~1.2 s for its 265 pages on one thread), and it is
 * synchronous WebAssembly: a second thread (a worker with its own PDFium instance on the same compiled
 * module, pdfPageHelperThread.ts) reads pages beside the thread that builds the document. The two take
 * pages from shared claims (pdfPageClaims.ts); the builder gets them back in order.
 *
 * The helper is an optimisation only: if it cannot start (a build without its entry, no spare core),
 * fails on a page or dies, the builder reads what it did not deliver itself, and a page's error is the
 * builder's own reading of it, exactly as without a helper.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { currentCliBuild } from '../../../../bin/cliBuild.js';
import type { OcrMode } from '../../../../src-shared/domain';
import { pdfiumWasm, type CompiledWasm, type PdfiumDocument } from '../../pdf/pdfium';
import { eventLoopTurns } from './eventLoopTurns';
import { PageClaims } from './pdfPageClaims';
import { readPdfPage, type PdfPageRead } from './pdfPageRead';

/**
 * Below this many pages one thread is used: the helper's start (a thread, PDFium's JavaScript, the
 * document opened again) costs ~0.1-0.2 s, some 30-40 pages' reading.
 */
const HELPER_MIN_PAGES = 40;
/** Above this size the PDF is not copied to a helper (it would hold a second copy, twice). */
const HELPER_MAX_BYTES = 64 * 1024 * 1024;
/** How far past the page being built pages may be read (pdfPageClaims.ts). */
const LOOKAHEAD_PAGES = 32;

/** What the helper's thread is started with (its workerData). */
export interface HelperStart {
  wasm: CompiledWasm;
  bytes: Uint8Array;
  claims: SharedArrayBuffer;
  pageCount: number;
  ocrMode: OcrMode;
}

/** What the helper sends: a page's read, or that it could not read that page (and stopped). */
export type HelperMessage = { page: number; read: PdfPageRead } | { page: number; failed: true };

/** The pages of an open PDF, asked for in order (1, 2, …). */
export interface PdfPages {
  page(n: number): Promise<PdfPageRead>;
  /** How many pages the helper thread read (0 without one): for tests and benchmarks. */
  readonly helperPages: number;
  close(): Promise<void>;
}

/** A worker thread's entry file, and the arguments it is started with. */
export interface HelperEntry {
  file: string;
  argv: string[];
}

export interface PdfPagesOptions {
  /** Whether to start a helper; default: for a big enough PDF on a machine with a spare core. */
  helper?: boolean;
  /** The helper's entry; default: this build's (tests give others). */
  entry?: HelperEntry;
  /**
   * Awaited between pages read here while one of the helper's is awaited (its messages arrive at the
   * event loop's turns); default: a clock of its own (eventLoopTurns.ts).
   */
  turn?: () => Promise<void>;
}

/** The pages of `doc` (opened from `bytes`), read with a helper thread when the document is big enough to gain from it. */
export function pdfPages(doc: PdfiumDocument, bytes: Uint8Array, ocrMode: OcrMode, options: PdfPagesOptions = {}): PdfPages {
  const helper = options.helper ?? (doc.pageCount >= HELPER_MIN_PAGES && bytes.length <= HELPER_MAX_BYTES && availableParallelism() > 1);
  const entry = helper ? (options.entry ?? helperEntry()) : null;
  if (!entry) return { page: async (n) => readPdfPage(doc, n, ocrMode), helperPages: 0, close: async () => undefined };
  return new PagesWithHelper(doc, bytes, ocrMode, entry, options.turn ?? eventLoopTurns());
}

/**
 * The helper's entry. Built, the compiled file next to this code (the CLI's bundle, out/main) or one
 * folder up (Rollup puts code imported with import() in out/main/chunks); null when a build lacks it.
 * From the sources (tests, benchmarks, tsx), the CLI's build of it when that build is current
 * (bin/cliBuild.js, bin/phare.js's rule), else the TypeScript file through tsx, whose start in a
 * thread (~0.5 s) costs more than the helper saves.
 */
function helperEntry(): HelperEntry | null {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const root = new URL('../../../../', here);
    const built = fileURLToPath(new URL('out/cli/pdfPageHelperThread.js', root));
    if (currentCliBuild(root) && existsSync(built)) return { file: built, argv: [] };
    return { file: fileURLToPath(new URL('scripts/tsx-worker.mjs', root)), argv: [new URL('./pdfPageHelperThread.ts', here).href] };
  }
  for (const candidate of ['./pdfPageHelperThread.js', '../pdfPageHelperThread.js']) {
    const file = fileURLToPath(new URL(candidate, here));
    if (existsSync(file)) return { file, argv: [] };
  }
  return null;
}

class PagesWithHelper implements PdfPages {
  private readonly claims: PageClaims;
  /** Pages read (by either thread) and not yet asked for; a page whose reading failed here holds its error. */
  private readonly ready = new Map<number, PdfPageRead | { error: unknown }>();
  /** Pages the helper took and could not read: read here when their turn comes. */
  private readonly failedThere = new Set<number>();
  private worker: Worker | null = null;
  private helperDone = false;
  private closed = false;
  private wake: (() => void) | null = null;
  helperPages = 0;

  constructor(
    private readonly doc: PdfiumDocument,
    bytes: Uint8Array,
    private readonly ocrMode: OcrMode,
    entry: HelperEntry,
    private readonly turn: () => Promise<void>,
  ) {
    this.claims = new PageClaims(doc.pageCount);
    this.claims.allow(LOOKAHEAD_PAGES);
    // The module is compiled by now (the document is open): this resolves at the next turn.
    void pdfiumWasm().then(
      (wasm) => this.start(entry, { wasm, bytes, claims: this.claims.buffer, pageCount: doc.pageCount, ocrMode }),
      () => this.helperEnded(),
    );
  }

  private start(entry: HelperEntry, data: HelperStart): void {
    if (this.closed) return;
    try {
      this.worker = new Worker(entry.file, { argv: entry.argv, workerData: data });
    } catch {
      this.helperEnded();
      return;
    }
    this.worker.on('message', (message: HelperMessage) => {
      if ('failed' in message) this.failedThere.add(message.page);
      else {
        this.ready.set(message.page, message.read);
        this.helperPages++;
      }
      this.notify();
    });
    this.worker.on('error', () => this.helperEnded());
    this.worker.on('exit', () => this.helperEnded());
  }

  private helperEnded(): void {
    this.helperDone = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async page(n: number): Promise<PdfPageRead> {
    this.claims.allow(n + LOOKAHEAD_PAGES);
    for (;;) {
      const got = this.ready.get(n);
      if (got) {
        this.ready.delete(n);
        if ('error' in got) throw got.error;
        return got;
      }
      // The helper took it and will not deliver it: read here (an error is then this thread's own).
      if (this.failedThere.has(n) || (this.helperDone && this.claims.taken(n))) return readPdfPage(this.doc, n, this.ocrMode);
      const next = this.claims.take();
      if (typeof next === 'number') {
        this.ready.set(next, this.readHere(next));
        await this.turn();
        continue;
      }
      // Page n is the helper's, being read: its message (or its end) wakes this up.
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private readHere(n: number): PdfPageRead | { error: unknown } {
    try {
      return readPdfPage(this.doc, n, this.ocrMode);
    } catch (error) {
      // Thrown when page n's turn comes, after the pages before it (as without a helper).
      return { error };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.claims.stop();
    this.ready.clear();
    await this.worker?.terminate();
  }
}
