/**
 * DOCX through mammoth. Mammoth's HTML keeps what we need (headings h1-h6, paragraphs, list items,
 * table cells) and drops layout; images are not converted at all (they would be inlined as base64).
 * A DOCX has no fixed pages, so the whole document is page 1.
 */
import mammoth from 'mammoth';
import { PhareError } from '../../../../src-shared/errors';
import { PageBuilder, foldSpaces } from './pageBuilder';
import { MIME_TYPES, type ExtractedDocument } from './types';

const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'tr', 'table', 'ul', 'ol', 'blockquote', 'pre', 'br']);

export async function extractDocx(bytes: Uint8Array, file: string): Promise<ExtractedDocument> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new PhareError('CORRUPT_FILE', { file, format: 'DOCX', detail }, { cause: error });
  }

  const page = new PageBuilder(1);
  const headings: { level: number; title: string }[] = [];
  let title: string | null = null;
  let text = '';
  let headingLevel = 0;
  let cellDepth = 0;
  const flush = () => {
    const content = foldSpaces(decodeEntities(text));
    text = '';
    if (!content) return;
    if (headingLevel > 0) {
      while (headings.length && headings[headings.length - 1].level >= headingLevel) headings.pop();
      headings.push({ level: headingLevel, title: content });
      if (title === null && headingLevel === 1) title = content;
      page.add('heading', content, headings.map((h) => h.title));
    } else {
      page.add('paragraph', content, headings.map((h) => h.title));
    }
  };

  // Mammoth's output is regular: tags and text, no comments or scripts. Every block-level tag,
  // opening or closing, ends the current block; a table row keeps its cells on one line.
  const token = /<(\/?)([a-zA-Z0-9]+)[^>]*>|([^<]+)/g;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    if (m[3] !== undefined) {
      text += m[3];
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    if (tag === 'td' || tag === 'th') {
      // Cells of a row read as one line "a | b | c" so a row stays one unit of meaning.
      cellDepth += closing ? -1 : 1;
      if (closing) text += ' | ';
      continue;
    }
    if (!BLOCK_TAGS.has(tag)) continue;
    if (cellDepth > 0 && tag !== 'tr' && tag !== 'table') {
      // Paragraphs and lists inside a cell do not end the row.
      text += ' ';
      continue;
    }
    if (tag === 'tr' && closing) text = text.replace(/\s*\|\s*$/, '');
    flush();
    headingLevel = !closing && /^h[1-6]$/.test(tag) ? Number(tag[1]) : 0;
  }
  flush();

  if (page.blocks.length === 0) throw new PhareError('NO_TEXT', { file });
  return { format: 'docx', mime: MIME_TYPES.docx, title, pages: [{ page: 1, text: page.pageText }], blocks: page.blocks };
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    if (lower === 'nbsp') return '\u00a0';
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : '';
  });
}
