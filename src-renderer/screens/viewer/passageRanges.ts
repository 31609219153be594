/**
 * Where a cited chunk lies on each page of a document's text. Chunk offsets are in the texts of its
 * first and last page (the chunker cuts exact slices): the first page from `charStart`, the pages
 * between whole, the last page up to `charEnd`. When the stored offsets do not match the text (an
 * older library, a re-ingested document), the chunk's text is searched for instead.
 */
import type { ChunkRecord, PageText } from '../../../src-shared/domain';

export interface Range {
  start: number;
  end: number;
}

export function passageRange(chunk: ChunkRecord, page: PageText): Range | null {
  if (page.page < chunk.pageStart || page.page > chunk.pageEnd) return null;
  const text = page.text;
  const start = page.page === chunk.pageStart ? chunk.charStart : 0;
  const end = page.page === chunk.pageEnd ? chunk.charEnd : text.length;
  const firstPiece = chunk.text.split('\n\n')[0];
  if (page.page === chunk.pageStart && text.slice(start, start + 40) !== firstPiece.slice(0, 40)) {
    const found = text.indexOf(firstPiece.slice(0, 80));
    if (found >= 0) return { start: found, end: Math.min(text.length, found + (chunk.pageEnd === chunk.pageStart ? chunk.text.length : text.length)) };
  }
  if (start >= end || end > text.length) return null;
  return { start, end };
}
