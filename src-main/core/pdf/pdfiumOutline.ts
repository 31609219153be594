/**
 * A PDF's title (document information) and outline (bookmarks) through PDFium. Both only add context
 * to chunks: anything broken in them is ignored, never an error.
 */
import { readPdfiumString, type PdfiumDocument } from './pdfium';

export interface OutlineEntry {
  title: string;
  /** 1-based page the entry points to. */
  page: number;
  /** Titles of the entries above it, outermost first, then its own. */
  path: string[];
}

/** Entries read at most (a broken outline can loop or be enormous). */
const MAX_ENTRIES = 2000;
/** Depth of the outline read. */
const MAX_DEPTH = 6;

/** The document information's Title, or '' (folded spaces are left to the caller). */
export function metadataTitle(doc: PdfiumDocument): string {
  const pdf = doc.module.wasmExports;
  const tag = pdf.malloc(6);
  try {
    doc.module.HEAPU8.set(Buffer.from('Title\0', 'latin1'), tag);
    return readPdfiumString(doc.module, (buffer, length) => pdf.FPDF_GetMetaText(doc.handle, tag, buffer, length));
  } catch {
    return '';
  } finally {
    pdf.free(tag);
  }
}

/** The outline entries that point to a page, in document order. */
export function outlineEntries(doc: PdfiumDocument): OutlineEntry[] {
  const pdf = doc.module.wasmExports;
  const entries: OutlineEntry[] = [];
  const seen = new Set<number>();
  const walk = (parent: number, parents: string[], depth: number) => {
    for (let node = pdf.FPDFBookmark_GetFirstChild(doc.handle, parent); node && !seen.has(node); node = pdf.FPDFBookmark_GetNextSibling(doc.handle, node)) {
      seen.add(node);
      if (entries.length >= MAX_ENTRIES) return;
      const title = readPdfiumString(doc.module, (buffer, length) => pdf.FPDFBookmark_GetTitle(node, buffer, length))
        .replace(/\s+/g, ' ')
        .trim();
      const path = title ? [...parents, title] : parents;
      const page = destinationPage(doc, node);
      if (page !== null && title) entries.push({ title, page, path });
      if (depth < MAX_DEPTH) walk(node, path, depth + 1);
    }
  };
  try {
    walk(0, [], 0);
  } catch {
    // A broken outline gives what was read before the break.
  }
  return entries;
}

/** The page an outline entry goes to: its destination, or the destination of its GoTo action. */
function destinationPage(doc: PdfiumDocument, bookmark: number): number | null {
  const pdf = doc.module.wasmExports;
  let dest = pdf.FPDFBookmark_GetDest(doc.handle, bookmark);
  if (!dest) {
    const action = pdf.FPDFBookmark_GetAction(bookmark);
    if (action) dest = pdf.FPDFAction_GetDest(doc.handle, action);
  }
  if (!dest) return null;
  const index = pdf.FPDFDest_GetDestPageIndex(doc.handle, dest);
  return index >= 0 && index < doc.pageCount ? index + 1 : null;
}
