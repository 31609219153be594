/**
 * What a document records about its OCR: how many pages were read by OCR and why, their mean
 * confidence, and which pages read poorly enough that a reader should check them against the original.
 */
import type { DocumentRecord, OcrMode, OcrPagesReason, PageText } from '../../../src-shared/domain';

/**
 * tesseract's mean word confidence under which a page is flagged. Measured on the corpus's
 * typewritten French pages: pages read at 70-90 had a character error rate of 7-38%, the pages
 * under 60 were mostly unreadable (CER > 60%).
 */
export const LOW_CONFIDENCE_THRESHOLD = 60;

export type OcrFields = Pick<DocumentRecord, 'ocrPages' | 'ocrMeanConfidence' | 'lowConfidencePages' | 'ocrMode' | 'ocrReasons'>;

export function ocrSummary(pages: readonly PageText[], mode: OcrMode): OcrFields {
  const read = pages.filter((p) => p.ocr);
  const rated = read.filter((p): p is PageText & { confidence: number } => typeof p.confidence === 'number');
  const mean = rated.length ? rated.reduce((sum, p) => sum + p.confidence, 0) / rated.length : null;
  return {
    ocrPages: read.length,
    ocrMeanConfidence: mean === null ? null : Math.round(mean * 10) / 10,
    lowConfidencePages: rated.filter((p) => p.confidence < LOW_CONFIDENCE_THRESHOLD).map((p) => p.page),
    ocrMode: mode,
    ocrReasons: reasonsOf(read),
  };
}

/** The OCR'd pages grouped by reason, in the order reasons first occur. */
function reasonsOf(read: readonly PageText[]): OcrPagesReason[] {
  const groups = new Map<OcrPagesReason['reason'], number[]>();
  for (const p of read) {
    // A page stored before reasons were recorded has none: it is counted, not explained.
    if (!p.ocrReason) continue;
    const pages = groups.get(p.ocrReason) ?? [];
    pages.push(p.page);
    groups.set(p.ocrReason, pages);
  }
  return [...groups].map(([reason, pages]) => ({ reason, pages }));
}
