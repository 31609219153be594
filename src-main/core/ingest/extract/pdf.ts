/**
 * PDF text extraction with pdf.js. Page numbers are the PDF's physical pages (1-based), so a citation
 * opens the page the reader sees in a viewer. Lines are rebuilt from text items, joined into
 * paragraphs where the vertical gap is larger than the usual line spacing, and words hyphenated
 * across lines are rejoined (otherwise "recom-" and "mendation" never match a search for the word).
 * The outline (bookmarks), when there is one, gives each page its heading path.
 *
 * OCR: a page whose text layer is empty or garbage (ocr/textQuality.ts) is rendered at ~300 dpi and
 * read by OCR in mode `auto`; every page in mode `always`; none in mode `never`. Pages are rendered
 * one at a time here and read by the OCR pool in parallel, a few pages ahead at most (memory).
 */
import type { PageText } from '../../../../src-shared/domain';
import { PhareError } from '../../../../src-shared/errors';
import { DEFAULT_OCR, type OcrOptions } from '../../ocr/ocrOptions';
import { sharedOcrPool } from '../../ocr/ocrPool';
import { ocrParagraphs } from '../../ocr/ocrText';
import { recognizePage, type PageOcr } from '../../ocr/recognizePage';
import { lazyPdfPageRenderer, type PdfPageRenderer } from '../../ocr/pdfiumPages';
import { judgeTextLayer, measureText } from '../../ocr/textQuality';
// "recom-" + "mendation" -> "recommendation", but "peut-" + "être" keeps its hyphen.
import { joinLines } from '../clean/hyphenation';
import { PageBuilder, foldSpaces } from './pageBuilder';
import { inReadingOrder } from './pdfReadingOrder';
import { loadPdfJs, pdfDocumentOptions } from './pdfjs';
import { MIME_TYPES, type ExtractedDocument, type TextBlock } from './types';

interface Line {
  text: string;
  y: number;
  x: number;
  height: number;
}

interface RawItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
  height: number;
}

export interface PdfExtractOptions {
  /** File name for error messages. */
  file: string;
  signal?: AbortSignal;
  /** Called as pages are finished (`done` of `pages`; OCR'd pages finish later than the others). */
  onPage?: (done: number, pages: number) => void;
  ocr?: OcrOptions;
}

export async function extractPdf(bytes: Uint8Array, options: PdfExtractOptions): Promise<ExtractedDocument> {
  const pdfjs = await loadPdfJs();
  // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy as a plain Uint8Array.
  const task = pdfjs.getDocument(pdfDocumentOptions(new Uint8Array(bytes)));
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw pdfError(error, options.file);
  }
  const ocr = options.ocr ?? DEFAULT_OCR;
  const pool = ocr.pool ?? sharedOcrPool();
  // Pages that need OCR are drawn by PDFium (bounded memory on big scans), opened only if one does.
  const renderer = lazyPdfPageRenderer(bytes);
  /** OCR reads in flight, by page; at most a few ahead of the page being rendered. */
  const reading = new Map<number, Promise<PageOcr>>();
  /** The reads not finished yet (each holds its page image). */
  const pending = new Set<Promise<void>>();
  try {
    const title = await metadataTitle(doc);
    const outline = await outlineByPage(doc);
    const built: { page: PageText; blocks: TextBlock[] }[] = [];
    let done = 0;
    const finished = () => options.onPage?.(++done, doc.numPages);
    for (let n = 1; n <= doc.numPages; n++) {
      if (options.signal?.aborted) throw new PhareError('CANCELLED');
      const page = await doc.getPage(n);
      let items: RawItem[];
      let needsOcr = false;
      try {
        const content = await page.getTextContent();
        items = content.items.filter((i): i is typeof i & RawItem => 'str' in i) as RawItem[];
        const layerText = items.map((i) => i.str).join(' ');
        needsOcr = ocr.mode === 'always' || (ocr.mode === 'auto' && judgeTextLayer(layerText) !== 'ok');
      } catch (error) {
        throw pdfError(error, options.file);
      } finally {
        page.cleanup();
      }
      let image: Awaited<ReturnType<PdfPageRenderer['renderGray']>> | null = null;
      if (needsOcr) {
        try {
          image = await renderer.renderGray(n);
        } catch (error) {
          throw new PhareError('OCR_FAILED', { file: options.file, page: n, detail: error instanceof Error ? error.message : String(error) }, { cause: error });
        }
      }
      const builder = new PageBuilder(n);
      const headingPath = outline(n);
      for (const paragraph of toParagraphs(toLines(items))) builder.add('paragraph', paragraph, headingPath);
      built.push({ page: { page: n, text: builder.pageText }, blocks: builder.blocks });
      if (!image) {
        finished();
        continue;
      }
      const pageNumber = n;
      const read = recognizePage(pool, image.image, { languages: ocr.languages, dpi: image.dpi, signal: options.signal }).catch((error: unknown) => {
        if (error instanceof PhareError) throw error;
        throw new PhareError('OCR_FAILED', { file: options.file, page: pageNumber, detail: error instanceof Error ? error.message : String(error) }, { cause: error });
      });
      const settled = read.then(finished, () => undefined).finally(() => pending.delete(settled));
      pending.add(settled);
      reading.set(n, read);
      // Bounded look-ahead: the next page is rendered only when the pool has room for it, so at most
      // pool size + 1 rendered pages are held in memory however long the scan is.
      while (pending.size > pool.size) await Promise.race(pending);
    }
    const pages: PageText[] = [];
    const blocks: TextBlock[] = [];
    for (const entry of built) {
      const read = reading.get(entry.page.page);
      const ocrPage = read ? ocrBuilt(entry.page.page, await read, outline(entry.page.page), entry) : null;
      const chosen = ocrPage ?? entry;
      pages.push(chosen.page);
      blocks.push(...chosen.blocks);
    }
    if (blocks.length === 0) throw new PhareError('NO_TEXT', { file: options.file });
    return { format: 'pdf', mime: MIME_TYPES.pdf, title, pages, blocks };
  } finally {
    // Reads still running (a failure elsewhere) are awaited so no worker is left busy for nothing.
    await Promise.allSettled(reading.values());
    renderer.close();
    await doc.destroy().catch(() => undefined);
  }
}

/**
 * The page as OCR read it, or null to keep the text layer: when OCR found nothing while the layer
 * has text, or (a layer judged garbage) when OCR reads fewer words than the layer has.
 */
function ocrBuilt(n: number, read: PageOcr, headingPath: string[], layer: { page: PageText; blocks: TextBlock[] }): { page: PageText; blocks: TextBlock[] } | null {
  const builder = new PageBuilder(n);
  for (const paragraph of ocrParagraphs(read.text)) builder.add('paragraph', paragraph, headingPath);
  if (builder.blocks.length === 0 && layer.blocks.length > 0) return null;
  if (layer.blocks.length > 0 && judgeTextLayer(layer.page.text) === 'ok') {
    // Mode `always` on a good layer: OCR is kept unless it clearly reads worse.
    if (measureText(builder.pageText).validWords < measureText(layer.page.text).validWords * 0.5) return null;
  } else if (layer.blocks.length > 0 && measureText(builder.pageText).validWords < measureText(layer.page.text).validWords) {
    return null;
  }
  return { page: { page: n, text: builder.pageText, ocr: true, confidence: read.confidence }, blocks: builder.blocks };
}

function pdfError(error: unknown, file: string): PhareError {
  if (error instanceof PhareError) return error;
  const name = error && typeof error === 'object' && 'name' in error ? String((error as { name: unknown }).name) : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return new PhareError('ENCRYPTED_FILE', { file }, { cause: error });
  return new PhareError('CORRUPT_FILE', { file, format: 'PDF', detail }, { cause: error });
}

function toLines(items: RawItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  for (const item of inReadingOrder(items)) {
    const x = Number(item.transform[4]) || 0;
    const y = Number(item.transform[5]) || 0;
    const height = Math.abs(Number(item.height)) || Math.abs(Number(item.transform[3])) || 0;
    // A new line when pdf.js says so, or when the baseline moves by more than half a line height
    // (some producers never set hasEOL).
    if (current && item.str && Math.abs(y - current.y) > Math.max(current.height, height, 1) * 0.5) {
      lines.push(current);
      current = null;
    }
    if (!current) current = { text: '', x, y, height };
    current.text += item.str;
    current.height = Math.max(current.height, height);
    if (item.hasEOL) {
      lines.push(current);
      current = null;
    }
  }
  if (current) lines.push(current);
  return lines.map((l) => ({ ...l, text: foldSpaces(l.text) })).filter((l) => l.text.length > 0);
}

function toParagraphs(lines: Line[]): string[] {
  if (lines.length === 0) return [];
  // The usual distance between consecutive baselines on this page: the median of the downward gaps.
  const gaps = lines
    .slice(1)
    .map((l, i) => lines[i].y - l.y)
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  const spacing = gaps.length ? gaps[Math.floor(gaps.length / 2)] : 0;
  const paragraphs: string[] = [];
  let current = lines[0].text;
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1];
    const line = lines[i];
    const gap = prev.y - line.y;
    // A larger gap than usual, or a jump upwards (next column, next box), starts a paragraph.
    const breaks = gap <= 0 || (spacing > 0 && gap > spacing * 1.45) || gap > Math.max(prev.height, line.height) * 2.2;
    if (breaks) {
      paragraphs.push(current);
      current = line.text;
    } else {
      current = joinLines(current, line.text);
    }
  }
  paragraphs.push(current);
  return paragraphs;
}

const JUNK_TITLE = /^(untitled|sans titre|document\d*|microsoft word - .*|.*\.(docx?|pdf|tex|dvi))$/i;

async function metadataTitle(doc: { getMetadata(): Promise<{ info: unknown }> }): Promise<string | null> {
  try {
    const { info } = await doc.getMetadata();
    const raw = info && typeof info === 'object' && 'Title' in info ? String((info as { Title: unknown }).Title ?? '') : '';
    const title = foldSpaces(raw);
    return title && !JUNK_TITLE.test(title) ? title : null;
  } catch {
    return null;
  }
}

interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineNode[];
}

interface OutlineDoc {
  getOutline(): Promise<OutlineNode[] | null>;
  getDestination(id: string): Promise<unknown[] | null>;
  getPageIndex(ref: never): Promise<number>;
}

/**
 * For each page, the path of the last outline entry starting on or before it. A broken outline is
 * ignored: it only adds context to chunks.
 */
async function outlineByPage(doc: OutlineDoc): Promise<(page: number) => string[]> {
  const starts: { page: number; path: string[] }[] = [];
  try {
    const outline = await doc.getOutline();
    const walk = async (nodes: OutlineNode[], parents: string[], depth: number) => {
      for (const node of nodes) {
        const title = foldSpaces(node.title ?? '');
        const path = title ? [...parents, title] : parents;
        const page = await destinationPage(doc, node.dest);
        if (page !== null && title) starts.push({ page, path });
        if (node.items?.length && depth < 6) await walk(node.items, path, depth + 1);
        if (starts.length > 2000) return;
      }
    };
    if (outline?.length) await walk(outline, [], 0);
  } catch {
    return () => [];
  }
  // Stable sort keeps document order for entries on the same page: the last one wins.
  starts.sort((a, b) => a.page - b.page);
  return (page) => {
    let path: string[] = [];
    for (const s of starts) {
      if (s.page > page) break;
      path = s.path;
    }
    return path;
  };
}

async function destinationPage(doc: OutlineDoc, dest: OutlineNode['dest']): Promise<number | null> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return null;
    const ref = explicit[0];
    if (typeof ref === 'number') return ref + 1;
    if (ref && typeof ref === 'object') return (await doc.getPageIndex(ref as never)) + 1;
    return null;
  } catch {
    return null;
  }
}
