/**
 * PDF text extraction with pdf.js. Page numbers are the PDF's physical pages (1-based), so a citation
 * opens the page the reader sees in a viewer. Lines are rebuilt from text items, joined into
 * paragraphs where the vertical gap is larger than the usual line spacing, and words hyphenated
 * across lines are rejoined (otherwise "recom-" and "mendation" never match a search for the word).
 * The outline (bookmarks), when there is one, gives each page its heading path.
 */
import { PhareError } from '../../../../src-shared/errors';
// "recom-" + "mendation" -> "recommendation", but "peut-" + "être" keeps its hyphen.
import { joinLines } from '../clean/hyphenation';
import { PageBuilder, foldSpaces } from './pageBuilder';
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
  onPage?: (page: number, pages: number) => void;
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
  try {
    const title = await metadataTitle(doc);
    const outline = await outlineByPage(doc);
    const pages: { page: number; text: string }[] = [];
    const blocks: TextBlock[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      if (options.signal?.aborted) throw new PhareError('CANCELLED');
      const page = await doc.getPage(n);
      let items: RawItem[];
      try {
        const content = await page.getTextContent();
        items = content.items.filter((i): i is typeof i & RawItem => 'str' in i) as RawItem[];
      } catch (error) {
        throw pdfError(error, options.file);
      } finally {
        page.cleanup();
      }
      const builder = new PageBuilder(n);
      const headingPath = outline(n);
      for (const paragraph of toParagraphs(toLines(items))) builder.add('paragraph', paragraph, headingPath);
      pages.push({ page: n, text: builder.pageText });
      blocks.push(...builder.blocks);
      options.onPage?.(n, doc.numPages);
    }
    if (blocks.length === 0) throw new PhareError('NO_TEXT', { file: options.file });
    return { format: 'pdf', mime: MIME_TYPES.pdf, title, pages, blocks };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
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
  for (const item of items) {
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
