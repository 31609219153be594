/**
 * What PDFium gives for one page of a PDF before anything else is done with it: its text runs, and
 * whether OCR should read it. The same function runs on the thread that builds the document and on
 * its page helper (pdfPageHelper.ts), so the two read a page identically.
 */
import type { OcrMode } from '../../../../src-shared/domain';
import { decidePageOcr, textPictureResolution, type PageOcrDecision } from '../../ocr/pageOcrDecision';
import type { PdfiumDocument } from '../../pdf/pdfium';
import { pagePictures } from '../../pdf/pdfiumPictures';
import { pageTextRuns, type PdfTextRun } from '../../pdf/pdfiumText';

export interface PdfPageRead {
  runs: PdfTextRun[];
  decision: PageOcrDecision;
}

/** Page `n` (1-based) of `doc`. Throws what PDFium throws for a page it cannot load. */
export function readPdfPage(doc: PdfiumDocument, n: number, ocrMode: OcrMode): PdfPageRead {
  return doc.withPage(n, (page) => {
    const runs = pageTextRuns(doc.module, page);
    // The page's pictures are listed only when its text layer leaves the question open.
    const decision = decidePageOcr(ocrMode, runs.map((r) => r.str).join(' '), () => {
      const pdf = doc.module.wasmExports;
      return textPictureResolution(pagePictures(doc.module, page), pdf.FPDF_GetPageWidthF(page) * pdf.FPDF_GetPageHeightF(page));
    });
    return { runs, decision };
  });
}
