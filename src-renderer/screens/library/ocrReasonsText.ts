/**
 * Which pages of a document were read by OCR and why, in words: the document row's note (short
 * reasons) and the detail view's field (full reasons). Page lists are folded into ranges
 * ("2-5, 9") and cut after a few items, so a 500-page scan stays one line.
 */
import type { TFunction } from 'i18next';
import type { DocumentRecord, OcrReason } from '../../../src-shared/domain';

/** Ranges shown at most per reason before "…". */
const MAX_RANGES = 6;

/** "1-3, 7, 9-10" for [1, 2, 3, 7, 9, 10]; at most MAX_RANGES ranges, then "…". */
export function pageRanges(pages: readonly number[]): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    ranges.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.length > MAX_RANGES ? `${ranges.slice(0, MAX_RANGES).join(', ')}, …` : ranges.join(', ');
}

/** The reason in words: short for a row, full for the detail view. */
export function ocrReasonText(t: TFunction, reason: OcrReason, form: 'short' | 'full'): string {
  return t(form === 'short' ? `library.ocrReasonShort.${reason}` : `library.ocrReason.${reason}`);
}

/**
 * "page 1: no text layer; pages 3-4: unreadable text layer", or null when the document has no
 * reasons recorded (ingested before they were) or no page read by OCR.
 */
export function ocrReasonsText(t: TFunction, d: Pick<DocumentRecord, 'ocrReasons'>, form: 'short' | 'full'): string | null {
  if (!d.ocrReasons?.length) return null;
  return d.ocrReasons
    .map((r) => t('library.ocrPagesItem', { count: r.pages.length, list: pageRanges(r.pages), reason: ocrReasonText(t, r.reason, form) }))
    .join('; ');
}

/** The document row's note for a document with pages read by OCR. */
export function ocrRowNote(t: TFunction, d: Pick<DocumentRecord, 'ocrPages' | 'pages' | 'ocrReasons'>): string {
  const count = t('library.ocr', { ocr: d.ocrPages, pages: d.pages });
  const why = ocrReasonsText(t, d, 'short');
  return why ? `${count} — ${why}` : count;
}
