/**
 * PDF text extraction with PDFium (pdf/pdfium.ts says why not pdf.js). Page numbers are the PDF's
 * physical pages (1-based), so a citation opens the page the reader sees in a viewer. Each page's text
 * runs become paragraphs in reading order (pdfParagraphs.ts). The outline (bookmarks), when there is
 * one, gives each page its heading path.
 *
 * OCR: in mode `auto`, a page whose text layer is garbage, or empty (a few characters at most) while it
 * draws a picture that could hold text, is drawn (at ~300 dpi, or twice its pictures' own resolution
 * when that is less) and read by OCR (ocr/pageOcrDecision.ts);
 * every page in mode `always`; none in mode `never`. Each OCR'd page records why it was read.
 *
 * OCR pages run beside the text pages, not in front of them: a page to read is drawn and handed to
 * the OCR pool (worker threads), and the loop goes on with the next pages' text while it is read; the
 * reads are awaited only once every page's text is out, and the result keeps page order. A text PDF
 * with one picture page therefore costs about its text time or that page's OCR time, whichever is
 * longer. At most pool size + 1 drawn pages wait for the pool (memory on long scans).
 *
 * A big PDF's pages are read by PDFium on two threads (pdfPageHelper.ts): this one, and a helper
 * thread that reads pages ahead of it; they come back here in page order.
 */
import type { OcrReason, PageText } from '../../../../src-shared/domain';
import { PhareError } from '../../../../src-shared/errors';
import type { PausePoint } from '../pauseGate';
import { DEFAULT_OCR, type OcrOptions } from '../../ocr/ocrOptions';
import { sharedOcrPool } from '../../ocr/ocrPool';
import { ocrParagraphs } from '../../ocr/ocrText';
import type { PageOcrDecision } from '../../ocr/pageOcrDecision';
import { recognizePage, type PageOcr } from '../../ocr/recognizePage';
import { renderPageGray } from '../../ocr/pdfiumPages';
import { judgeTextLayer, measureText } from '../../ocr/textQuality';
import { openPdfium, PdfiumOpenError, type PdfiumDocument } from '../../pdf/pdfium';
import { metadataTitle, outlineEntries } from '../../pdf/pdfiumOutline';
import type { PdfTextRun } from '../../pdf/pdfiumText';
import { eventLoopTurns } from './eventLoopTurns';
import { PageBuilder, foldSpaces } from './pageBuilder';
import { pdfPages } from './pdfPageHelper';
import { pageParagraphs } from './pdfParagraphs';
import { MIME_TYPES, type ExtractedDocument, type TextBlock } from './types';

export interface PdfExtractOptions {
  /** File name for error messages. */
  file: string;
  signal?: AbortSignal;
  /** Called as pages progress: `done` of `pages`, fractional while OCR reads a page (OCR'd pages finish later than the others). */
  onPage?: (done: number, pages: number) => void;
  ocr?: OcrOptions;
  /** Waited on before each page: a paused job draws and reads no new page (reads already sent finish). */
  pause?: PausePoint;
}

export async function extractPdf(bytes: Uint8Array, options: PdfExtractOptions): Promise<ExtractedDocument> {
  let doc: PdfiumDocument;
  try {
    doc = await openPdfium(bytes);
  } catch (error) {
    throw pdfError(error, options.file);
  }
  const ocr = options.ocr ?? DEFAULT_OCR;
  const pool = ocr.pool ?? sharedOcrPool();
  const pageCount = doc.pageCount;
  /** OCR reads in flight, by page, with why each page is read; at most a few ahead of the page being drawn. */
  const reading = new Map<number, { read: Promise<PageOcr>; reason: OcrReason }>();
  /** The reads not finished yet (each holds its page image). */
  const pending = new Set<Promise<void>>();
  /** Shared with the page reads: one clock for the event loop's turns (eventLoopTurns.ts). */
  const turn = eventLoopTurns();
  const pageReads = pdfPages(doc, bytes, ocr.mode, { turn });
  try {
    const title = documentTitle(doc);
    const outline = outlineByPage(doc);
    const built: { page: PageText; blocks: TextBlock[] }[] = [];
    let done = 0;
    /** Pages being read by OCR: how much of each is read (tesseract reports it during recognition). */
    const partial = new Map<number, number>();
    const tell = () => options.onPage?.(done + [...partial.values()].reduce((a, b) => a + b, 0), pageCount);
    const finished = (page?: number) => {
      if (page !== undefined) partial.delete(page);
      done++;
      tell();
    };
    for (let n = 1; n <= pageCount; n++) {
      if (options.signal?.aborted) throw new PhareError('CANCELLED');
      if (options.pause) await options.pause.wait(options.signal);
      let runs: PdfTextRun[];
      let decision: PageOcrDecision;
      try {
        ({ runs, decision } = await pageReads.page(n));
      } catch (error) {
        throw pdfError(error, options.file);
      }
      let image: ReturnType<typeof renderPageGray> | null = null;
      if (decision.read) {
        // The worker's start (seconds: its language models) runs while the page is drawn.
        pool.warm(ocr.languages);
        try {
          image = renderPageGray(doc, n, decision.dpi);
        } catch (error) {
          throw new PhareError('OCR_FAILED', { file: options.file, page: n, detail: error instanceof Error ? error.message : String(error) }, { cause: error });
        }
      }
      const builder = new PageBuilder(n);
      const headingPath = outline(n);
      for (const paragraph of pageParagraphs(runs)) builder.add('paragraph', paragraph, headingPath);
      built.push({ page: { page: n, text: builder.pageText }, blocks: builder.blocks });
      if (!image || !decision.read) {
        finished();
        await turn();
        continue;
      }
      const pageNumber = n;
      partial.set(pageNumber, 0);
      const onProgress = (f: number) => {
        if (!partial.has(pageNumber)) return;
        partial.set(pageNumber, f);
        tell();
      };
      const read = recognizePage(pool, image.image, { languages: ocr.languages, dpi: image.dpi, signal: options.signal, onProgress }).catch((error: unknown) => {
        if (error instanceof PhareError) throw error;
        throw new PhareError('OCR_FAILED', { file: options.file, page: pageNumber, detail: error instanceof Error ? error.message : String(error) }, { cause: error });
      });
      const settled = read.then(() => finished(pageNumber), () => undefined).finally(() => pending.delete(settled));
      pending.add(settled);
      reading.set(n, { read, reason: decision.reason });
      // Bounded look-ahead: the next page is drawn only when the pool has room for it, so at most
      // pool size + 1 drawn pages are held in memory however long the scan is.
      while (pending.size > pool.size) await Promise.race(pending);
    }
    // Every page is read: the helper thread (if any) goes before the OCR reads are awaited.
    await pageReads.close();
    const pages: PageText[] = [];
    const blocks: TextBlock[] = [];
    for (const entry of built) {
      const read = reading.get(entry.page.page);
      const ocrPage = read ? ocrBuilt(entry.page.page, await read.read, read.reason, outline(entry.page.page), entry) : null;
      const chosen = ocrPage ?? entry;
      pages.push(chosen.page);
      blocks.push(...chosen.blocks);
    }
    if (blocks.length === 0) throw new PhareError('NO_TEXT', { file: options.file });
    return { format: 'pdf', mime: MIME_TYPES.pdf, title, pages, blocks };
  } finally {
    // Reads still running (a failure elsewhere) are awaited so no worker is left busy for nothing.
    await Promise.allSettled([...reading.values()].map((r) => r.read));
    await pageReads.close();
    doc.close();
  }
}

/**
 * The page as OCR read it, or null to keep the text layer: when OCR found nothing while the layer
 * has text, or (a layer judged garbage) when OCR reads fewer words than the layer has.
 */
function ocrBuilt(
  n: number,
  read: PageOcr,
  reason: OcrReason,
  headingPath: string[],
  layer: { page: PageText; blocks: TextBlock[] },
): { page: PageText; blocks: TextBlock[] } | null {
  const builder = new PageBuilder(n);
  for (const paragraph of ocrParagraphs(read.text)) builder.add('paragraph', paragraph, headingPath);
  if (builder.blocks.length === 0 && layer.blocks.length > 0) return null;
  if (layer.blocks.length > 0 && judgeTextLayer(layer.page.text) === 'ok') {
    // Mode `always` on a good layer: OCR is kept unless it clearly reads worse.
    if (measureText(builder.pageText).validWords < measureText(layer.page.text).validWords * 0.5) return null;
  } else if (layer.blocks.length > 0 && measureText(builder.pageText).validWords < measureText(layer.page.text).validWords) {
    return null;
  }
  return { page: { page: n, text: builder.pageText, ocr: true, confidence: read.confidence, ocrReason: reason }, blocks: builder.blocks };
}

function pdfError(error: unknown, file: string): PhareError {
  if (error instanceof PhareError) return error;
  if (error instanceof PdfiumOpenError && error.reason === 'encrypted') return new PhareError('ENCRYPTED_FILE', { file }, { cause: error });
  const detail = error instanceof Error ? error.message : String(error);
  return new PhareError('CORRUPT_FILE', { file, format: 'PDF', detail }, { cause: error });
}

const JUNK_TITLE = /^(untitled|sans titre|document\d*|microsoft word - .*|.*\.(docx?|pdf|tex|dvi))$/i;

function documentTitle(doc: PdfiumDocument): string | null {
  const title = foldSpaces(metadataTitle(doc));
  return title && !JUNK_TITLE.test(title) ? title : null;
}

/** For each page, the path of the last outline entry starting on or before it. */
function outlineByPage(doc: PdfiumDocument): (page: number) => string[] {
  // Stable sort keeps document order for entries on the same page: the last one wins.
  const starts = outlineEntries(doc).sort((a, b) => a.page - b.page);
  return (page) => {
    let path: string[] = [];
    for (const s of starts) {
      if (s.page > page) break;
      path = s.path;
    }
    return path;
  };
}
