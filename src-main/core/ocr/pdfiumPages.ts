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

let library: Promise<PDFiumLibrary> | null = null;

/** One PDFium instance for the process (its WebAssembly module is compiled once). */
function pdfium(): Promise<PDFiumLibrary> {
  library ??= PDFiumLibrary.init().catch((error: unknown) => {
    library = null;
    throw error;
  });
  return library;
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
      opened ??= pdfium().then((lib) => lib.loadDocument(bytes));
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
      closed = true;
      if (opened) void opened.then((doc) => doc.destroy()).catch(() => undefined);
    },
  };
}
