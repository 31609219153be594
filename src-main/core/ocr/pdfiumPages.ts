/**
 * Draws PDF pages for OCR with PDFium, straight to 8-bit grey at the size asked for.
 *
 * pdf.js (the renderer before) was the peak of an ingestion's memory on a scanned page: it decoded
 * the page's picture at full size in JavaScript, then drew it through a full-size canvas of its own
 * (the corpus's 9000 x 9000 px scan: about 700 MB for the decode and 310 MB for that canvas, 1.8 GB of
 * RSS in all). PDFium decodes and scales natively into one bitmap: the six pages of that PDF at 300
 * dpi peaked at 630 MB of RSS.
 */
import type { PdfiumDocument } from '../pdf/pdfium';
import { MAX_OCR_PIXELS, type GrayImage } from './grayImage';

/** Tesseract reads best around 300 dpi (its models are trained on text of that size). */
export const OCR_DPI = 300;

/** FPDFBitmap_CreateEx format: one byte a pixel. */
const BITMAP_GRAY = 1;
/** FPDF_RenderPageBitmap flags (fpdfview.h): annotations drawn (filled-in forms, stamps), grey output. */
const FPDF_ANNOT = 0x01;
const FPDF_LCD_TEXT = 0x02;
const FPDF_GRAYSCALE = 0x08;
const WHITE = 0xffffffff;

/** Page `n` (1-based) in grey at `dpi`, or fewer pixels when that would exceed MAX_OCR_PIXELS (posters, plans). */
export function renderPageGray(doc: PdfiumDocument, n: number, dpi = OCR_DPI): { image: GrayImage; dpi: number } {
  const pdf = doc.module.wasmExports;
  return doc.withPage(n, (page) => {
    const width = pdf.FPDF_GetPageWidthF(page);
    const height = pdf.FPDF_GetPageHeightF(page);
    let scale = dpi / 72;
    const pixels = width * scale * height * scale;
    if (pixels > MAX_OCR_PIXELS) scale *= Math.sqrt(MAX_OCR_PIXELS / pixels);
    const w = Math.max(1, Math.floor(width * scale));
    const h = Math.max(1, Math.floor(height * scale));
    const buffer = pdf.malloc(w * h);
    if (!buffer) throw new Error(`no memory for a ${w} x ${h} page`);
    let bitmap = 0;
    try {
      bitmap = pdf.FPDFBitmap_CreateEx(w, h, BITMAP_GRAY, buffer, w);
      if (!bitmap) throw new Error(`no bitmap for a ${w} x ${h} page`);
      pdf.FPDFBitmap_FillRect(bitmap, 0, 0, w, h, WHITE);
      pdf.FPDF_RenderPageBitmap(bitmap, page, 0, 0, w, h, 0, FPDF_ANNOT | FPDF_LCD_TEXT | FPDF_GRAYSCALE);
      // A copy: the WebAssembly memory is reused by the next page.
      const data = doc.module.HEAPU8.slice(buffer, buffer + w * h);
      return { image: { width: w, height: h, data }, dpi: scale * 72 };
    } finally {
      if (bitmap) pdf.FPDFBitmap_Destroy(bitmap);
      pdf.free(buffer);
    }
  });
}
