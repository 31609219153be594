/**
 * `library.detail`: what the document detail view and `phare docs show` display. Pages are listed
 * without their text (a 500-page document would make a heavy answer; `library.text` gives the text),
 * with the OCR flag, tesseract's confidence and why the page was read by OCR; chunks come in reading order with their page spans.
 */
import type { DocumentDetail } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import type { LibraryStore } from './libraryStore';

export async function documentDetail(store: LibraryStore, id: string): Promise<DocumentDetail> {
  const document = await store.getDocument(id);
  if (!document) throw new PhareError('NOT_FOUND', { what: `document ${id}` });
  const [pages, chunks] = await Promise.all([store.getPages(id), store.listChunks(id)]);
  return {
    document,
    pages: pages.map((p) => ({ page: p.page, chars: p.text.length, ocr: p.ocr ?? false, confidence: p.confidence ?? null, ocrReason: p.ocrReason ?? null })),
    // The collection column is the store's business; the contract's ChunkRecord does not carry it.
    chunks: chunks.map(({ collection: _collection, ...chunk }) => chunk),
    validation: document.validation,
  };
}
