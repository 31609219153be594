/**
 * Renders PDF pages for OCR with PDFium (WebAssembly, @hyzyla/pdfium), straight to 8-bit grey.
 *
 * pdf.js (which still reads every text layer) was the renderer before, and on a scanned page it was
 * the peak of an ingestion's memory: it decodes the page's picture at full size in JavaScript, then
 * draws it through a full-size canvas of its own (the corpus's 9000 x 9000 px scan: about 700 MB for
 * the decode and 310 MB for that canvas, 1.8 GB of RSS in all). PDFium decodes and scales natively
 * into one bitmap the size asked for: the six pages of that PDF at 300 dpi peaked at 630 MB of RSS.
 *
 * A document is opened in PDFium only when one of its pages first needs OCR: text PDFs never pay.
 */
import { PDFiumLibrary, type PDFiumDocument } from '@hyzyla/pdfium';
import { MAX_OCR_PIXELS } from './decodeImage';
import type { GrayImage } from './grayImage';

/** Tesseract reads best around 300 dpi (its models are trained on text of that size). */
export const OCR_DPI = 300;

/** PDFium is released this long after its last document closes (its WebAssembly memory never shrinks). */
const IDLE_RELEASE_MS = 60_000;

let library: Promise<PDFiumLibrary> | null = null;
let openDocuments = 0;
let idleTimer: NodeJS.Timeout | null = null;

/** One PDFium instance for the process while documents are being read (its module is compiled once). */
function pdfium(): Promise<PDFiumLibrary> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  library ??= PDFiumLibrary.init().catch((error: unknown) => {
    library = null;
    throw error;
  });
  return library;
}

/** After a scan its heap holds the largest page drawn: once nothing is open for a while, it goes. */
function releaseWhenIdle(): void {
  if (openDocuments > 0 || !library || idleTimer) return;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (openDocuments > 0 || !library) return;
    const released = library;
    library = null;
    void released.then((lib) => lib.destroy()).catch(() => undefined);
  }, IDLE_RELEASE_MS);
  idleTimer.unref();
}

export interface PdfPageRenderer {
  /** Page `n` (1-based) in grey at `dpi`, or fewer pixels when that would exceed MAX_OCR_PIXELS (posters, plans). */
  renderGray(n: number, dpi?: number): Promise<{ image: GrayImage; dpi: number }>;
  close(): void;
}

/** Opens `bytes` in PDFium on the first page rendered; `close` frees it (a no-op when nothing was rendered). */
export function lazyPdfPageRenderer(bytes: Uint8Array): PdfPageRenderer {
  let opened: Promise<PDFiumDocument> | null = null;
  let closed = false;
  return {
    async renderGray(n, dpi = OCR_DPI) {
      if (closed) throw new Error('page renderer closed');
      if (!opened) {
        openDocuments++;
        opened = pdfium().then((lib) => lib.loadDocument(bytes));
      }
      const doc = await opened;
      const page = doc.getPage(n - 1);
      const { originalWidth, originalHeight } = page.getOriginalSize();
      let scale = dpi / 72;
      const pixels = originalWidth * scale * originalHeight * scale;
      if (pixels > MAX_OCR_PIXELS) scale *= Math.sqrt(MAX_OCR_PIXELS / pixels);
      const rendered = await page.render({ scale, colorSpace: 'Gray', render: 'bitmap' });
      return { image: { width: rendered.width, height: rendered.height, data: rendered.data }, dpi: scale * 72 };
    },
    close() {
      if (closed) return;
      closed = true;
      if (!opened) return;
      void opened
        .then((doc) => doc.destroy())
        .catch(() => undefined)
        .finally(() => {
          openDocuments--;
          releaseWhenIdle();
        });
    },
  };
}
