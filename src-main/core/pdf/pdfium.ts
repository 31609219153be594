/**
 * PDFium (Chrome's PDF engine, compiled to WebAssembly by `@hyzyla/pdfium`, MIT) for everything the
 * core reads from a PDF: its text with positions, its title and outline, and its pages drawn for OCR.
 *
 * Why PDFium and not pdf.js (which the renderer's viewer still uses): on the corpus's text PDFs its
 * text came out 1.0-2.6x poppler's pdftotext time where pdf.js's getTextContent took 2.5-4.5x, and it
 * has no second of first-use warm-up; on scans it decodes and scales pictures natively into one grey
 * bitmap the size asked for, where pdf.js decoded a 9000 x 9000 px scan at full size in JavaScript
 * (1.8 GB of RSS for one page against 630 MB).
 *
 * The wrapper's own classes allocate per call and copy page bitmaps twice; this file talks to the
 * module's exports directly (they are plain C functions: pointers and numbers) through the few
 * signatures it declares below. Everything here is synchronous once the library is loaded.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PDFiumLibrary } from '@hyzyla/pdfium';

/** The PDFium C functions this project calls (see PDFium's public headers for their contracts). */
export interface PdfiumExports {
  malloc(size: number): number;
  free(ptr: number): void;
  FPDF_LoadMemDocument(data: number, size: number, password: number): number;
  FPDF_GetLastError(): number;
  FPDF_CloseDocument(doc: number): void;
  FPDF_GetPageCount(doc: number): number;
  FPDF_LoadPage(doc: number, index: number): number;
  FPDF_ClosePage(page: number): void;
  FPDF_GetPageWidthF(page: number): number;
  FPDF_GetPageHeightF(page: number): number;
  FPDF_GetMetaText(doc: number, tag: number, buffer: number, length: number): number;
  FPDF_RenderPageBitmap(bitmap: number, page: number, x: number, y: number, width: number, height: number, rotate: number, flags: number): void;
  FPDFBitmap_CreateEx(width: number, height: number, format: number, buffer: number, stride: number): number;
  FPDFBitmap_FillRect(bitmap: number, left: number, top: number, width: number, height: number, color: number): void;
  FPDFBitmap_Destroy(bitmap: number): void;
  FPDFText_LoadPage(page: number): number;
  FPDFText_ClosePage(textPage: number): void;
  FPDFText_CountChars(textPage: number): number;
  FPDFText_GetUnicode(textPage: number, index: number): number;
  FPDFText_IsGenerated(textPage: number, index: number): number;
  FPDFText_GetFontSize(textPage: number, index: number): number;
  FPDFText_GetMatrix(textPage: number, index: number, matrix: number): number;
  FPDFText_GetTextObject(textPage: number, index: number): number;
  FPDFText_GetCharOrigin(textPage: number, index: number, x: number, y: number): number;
  FPDFText_GetLooseCharBox(textPage: number, index: number, rect: number): number;
  FPDFBookmark_GetFirstChild(doc: number, bookmark: number): number;
  FPDFBookmark_GetNextSibling(doc: number, bookmark: number): number;
  FPDFBookmark_GetTitle(bookmark: number, buffer: number, length: number): number;
  FPDFBookmark_GetDest(doc: number, bookmark: number): number;
  FPDFBookmark_GetAction(bookmark: number): number;
  FPDFAction_GetDest(doc: number, action: number): number;
  FPDFDest_GetDestPageIndex(doc: number, dest: number): number;
}

export interface PdfiumModule {
  wasmExports: PdfiumExports;
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  HEAPF64: Float64Array;
}

/** FPDF_GetLastError codes (fpdfview.h). */
const FPDF_ERR_PASSWORD = 4;
const FPDF_ERR_SECURITY = 5;

/** Why PDFium could not open a document. */
export class PdfiumOpenError extends Error {
  constructor(
    readonly reason: 'encrypted' | 'damaged',
    code: number,
  ) {
    super(reason === 'encrypted' ? `password required or unsupported encryption (PDFium error ${code})` : `not a PDF or damaged (PDFium error ${code})`);
    this.name = 'PdfiumOpenError';
  }
}

/** PDFium is released this long after its last document closes (its WebAssembly memory never shrinks). */
const IDLE_RELEASE_MS = 60_000;

/** A compiled WebAssembly module (opaque here: the project's TypeScript libraries do not declare Node's WebAssembly). */
export interface CompiledWasm {
  readonly compiledWasm?: never;
}

/** The two calls of Node's WebAssembly used here. */
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledWasm>; instantiate(module: CompiledWasm, imports: unknown): Promise<unknown> } }).WebAssembly;

let wasm: Promise<CompiledWasm> | null = null;
let library: Promise<PDFiumLibrary> | null = null;
let openDocuments = 0;
let idleTimer: NodeJS.Timeout | null = null;

/**
 * PDFium's WebAssembly, compiled: once per process, and handed to the page helper's thread
 * (ingest/extract/pdfPageHelper.ts), which then shares V8's compiled code rather than compiling it
 * again (~0.4 s of CPU for a first document's pages).
 */
export function pdfiumWasm(): Promise<CompiledWasm> {
  wasm ??= readFile(createRequire(import.meta.url).resolve('@hyzyla/pdfium/pdfium.wasm'))
    .then((bytes) => wasmApi.compile(bytes))
    .catch((error: unknown) => {
      wasm = null;
      throw error;
    });
  return wasm;
}

/** In a thread given PDFium's compiled module by the one that compiled it: this one uses it. */
export function usePdfiumWasm(module: CompiledWasm): void {
  wasm = Promise.resolve(module);
}

/** One PDFium instance for the process while documents are open, made from the compiled module. */
function pdfiumLibrary(): Promise<PDFiumLibrary> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  library ??= new Promise<PDFiumLibrary>((resolve, reject) => {
    // Emscripten waits for `done` forever: a failed instantiation must reject the init itself.
    const instantiateWasm = (imports: unknown, done: (instance: unknown) => void) => {
      pdfiumWasm()
        .then((module) => wasmApi.instantiate(module, imports))
        .then(done, reject);
      return {};
    };
    // The wrapper's type says the callback takes a module; Emscripten passes it the instance.
    PDFiumLibrary.init({ instantiateWasm: instantiateWasm as never }).then(resolve, reject);
  }).catch((error: unknown) => {
    library = null;
    throw error;
  });
  return library;
}

/**
 * A trap inside PDFium (a broken file driving it out of bounds, an abort) can leave its heap in any
 * state: that instance is dropped, and the next document gets a fresh one. Documents still open on
 * it fail on their own.
 */
function dropAfterTrap(error: unknown): void {
  // WebAssembly.RuntimeError for a trap, an Error "Aborted(...)" for an Emscripten abort.
  const trapped = error instanceof Error && (error.name === 'RuntimeError' || /^Aborted\(/.test(error.message));
  if (!trapped) return;
  library = null;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
}

/** After a big document its heap keeps its high-water mark: once nothing is open for a while, it goes. */
function releaseWhenIdle(): void {
  if (openDocuments > 0 || !library || idleTimer) return;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (openDocuments > 0 || !library) return;
    const released = library;
    library = null;
    // Its compiled code goes too (a helper thread still holding it keeps its own reference).
    wasm = null;
    void released.then((lib) => lib.destroy()).catch(() => undefined);
  }, IDLE_RELEASE_MS);
  idleTimer.unref();
}

/** An open PDF. Page handles it gives out are valid until `close`. */
export interface PdfiumDocument {
  readonly module: PdfiumModule;
  /** The document handle for the exports. */
  readonly handle: number;
  readonly pageCount: number;
  /** Runs `use` with page `n` (1-based) loaded, and closes the page after. */
  withPage<T>(n: number, use: (page: number) => T): T;
  close(): void;
}

/** Opens `bytes` in PDFium (copied into its memory). Throws PdfiumOpenError for a locked or broken file. */
export async function openPdfium(bytes: Uint8Array): Promise<PdfiumDocument> {
  openDocuments++;
  let data = 0;
  let module: PdfiumModule | null = null;
  try {
    // The wrapper keeps the Emscripten module private; only its exports and heap views are used.
    module = ((await pdfiumLibrary()) as unknown as { module: PdfiumModule }).module;
    const pdf = module.wasmExports;
    data = pdf.malloc(Math.max(1, bytes.length));
    if (!data) throw new PdfiumOpenError('damaged', 0);
    module.HEAPU8.set(bytes, data);
    const handle = pdf.FPDF_LoadMemDocument(data, bytes.length, 0);
    if (!handle) {
      const code = pdf.FPDF_GetLastError();
      throw new PdfiumOpenError(code === FPDF_ERR_PASSWORD || code === FPDF_ERR_SECURITY ? 'encrypted' : 'damaged', code);
    }
    const opened = module;
    const buffer = data;
    let closed = false;
    return {
      module: opened,
      handle,
      pageCount: pdf.FPDF_GetPageCount(handle),
      withPage(n, use) {
        if (closed) throw new Error('PDF closed');
        let page = 0;
        try {
          page = pdf.FPDF_LoadPage(handle, n - 1);
          if (!page) throw new PdfiumOpenError('damaged', pdf.FPDF_GetLastError());
          return use(page);
        } catch (error) {
          dropAfterTrap(error);
          throw error;
        } finally {
          // After a trap the module may trap again: the first error is the one that tells.
          if (page) ignoreErrors(() => pdf.FPDF_ClosePage(page));
        }
      },
      close() {
        if (closed) return;
        closed = true;
        ignoreErrors(() => {
          pdf.FPDF_CloseDocument(handle);
          pdf.free(buffer);
        });
        openDocuments--;
        releaseWhenIdle();
      },
    };
  } catch (error) {
    dropAfterTrap(error);
    if (data && module) module.wasmExports.free(data);
    openDocuments--;
    releaseWhenIdle();
    throw error;
  }
}

function ignoreErrors(action: () => void): void {
  try {
    action();
  } catch {
    // See the callers.
  }
}

/** A string PDFium wrote as UTF-16LE into `buffer`, `bytes` long with its terminator. */
function readUtf16(module: PdfiumModule, buffer: number, bytes: number): string {
  if (bytes <= 2) return '';
  return Buffer.from(module.HEAPU8.buffer, buffer, bytes - 2).toString('utf16le');
}

/**
 * Calls a PDFium getter that fills a caller's buffer (`fill(buffer, length)` returns the bytes it
 * needs, terminator included): once to learn the length, once to read.
 */
export function readPdfiumString(module: PdfiumModule, fill: (buffer: number, length: number) => number): string {
  const pdf = module.wasmExports;
  const needed = fill(0, 0);
  if (needed <= 2) return '';
  const buffer = pdf.malloc(needed);
  try {
    const written = fill(buffer, needed);
    return readUtf16(module, buffer, Math.min(written, needed));
  } finally {
    pdf.free(buffer);
  }
}
