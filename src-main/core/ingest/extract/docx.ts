/**
 * DOCX through mammoth. Mammoth's HTML keeps what we need (headings h1-h6, paragraphs, lists, tables,
 * footnotes, endnotes and, with a style mapping, comments) and drops layout; images are not converted
 * at all (they would be inlined as base64). A DOCX has no fixed pages, so the whole document is page 1.
 * The archive is checked first (zipArchive): mammoth inflates parts in memory with no size limit.
 *
 * Structure kept as text: list items start with "-" or their number, table rows read as
 * "cell | cell | cell", footnotes and endnotes as "[n] text" after the body (mammoth's own order and
 * numbering, matching the "[n]" markers left in the text), comments as "Comment [initials]: text".
 */
import mammoth from 'mammoth';
import { PhareError } from '../../../../src-shared/errors';
import { PageBuilder, foldSpaces } from './pageBuilder';
import { MIME_TYPES, type ExtractedDocument } from './types';
import { openZipArchive } from './zipArchive';

const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'tr', 'table', 'ul', 'ol', 'blockquote', 'pre', 'br', 'dl', 'dd']);

export async function extractDocx(bytes: Uint8Array, file: string): Promise<ExtractedDocument> {
  const zip = await openZipArchive(bytes, { file, format: 'DOCX' });
  try {
    if (!zip.has('word/document.xml')) throw new PhareError('CORRUPT_FILE', { file, format: 'DOCX', detail: 'no word/document.xml part' });
    await zip.verifyAll();
  } finally {
    zip.close();
  }

  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        // Comments are left out unless their reference is mapped to something.
        styleMap: ['comment-reference => sup'],
      },
    );
    html = result.value;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new PhareError('CORRUPT_FILE', { file, format: 'DOCX', detail }, { cause: error });
  }

  const { title, page } = htmlToPage(html);
  if (page.blocks.length === 0) throw new PhareError('NO_TEXT', { file });
  return { format: 'docx', mime: MIME_TYPES.docx, title, pages: [{ page: 1, text: page.pageText }], blocks: page.blocks };
}

/** Turns mammoth's regular HTML (tags and text, no scripts or comments) into blocks of page 1. */
function htmlToPage(html: string): { title: string | null; page: PageBuilder } {
  const page = new PageBuilder(1);
  const headings: { level: number; title: string }[] = [];
  let title: string | null = null;
  let text = '';
  let headingLevel = 0;
  let cellDepth = 0;
  /** Open lists, innermost last: the next number of an ordered one, null for bullets. */
  const lists: (number | null)[] = [];
  let notes = { footnote: 0, endnote: 0 };
  /** The text so far is only a list marker, note number or comment label: the paragraph inside continues it. */
  let onlyPrefix = false;
  const startWith = (prefix: string) => {
    text = prefix;
    onlyPrefix = true;
  };
  const flush = () => {
    const content = foldSpaces(decodeEntities(text));
    const empty = onlyPrefix;
    text = '';
    onlyPrefix = false;
    if (!content || empty) return;
    if (headingLevel > 0) {
      while (headings.length && headings[headings.length - 1].level >= headingLevel) headings.pop();
      headings.push({ level: headingLevel, title: content });
      if (title === null && headingLevel === 1) title = content;
      page.add('heading', content, headings.map((h) => h.title));
    } else {
      page.add('paragraph', content, headings.map((h) => h.title));
    }
  };

  const token = /<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    if (m[4] !== undefined) {
      text += m[4];
      if (m[4].trim()) onlyPrefix = false;
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    const id = /\bid="([^"]*)"/.exec(m[3])?.[1] ?? '';
    if (tag === 'a' && !closing && /^#(foot|end)note-ref-|^#comment-ref-/.test(/\bhref="([^"]*)"/.exec(m[3])?.[1] ?? '')) {
      // The "↑" link back from a note to its reference: skip its text.
      const close = html.indexOf('</a>', token.lastIndex);
      if (close !== -1) token.lastIndex = close + 4;
      continue;
    }
    if (tag === 'td' || tag === 'th') {
      // Cells of a row read as one line "a | b | c" so a row stays one unit of meaning.
      cellDepth += closing ? -1 : 1;
      if (closing) text += ' | ';
      continue;
    }
    if (tag === 'dt') {
      // "Comment [MW1]" and the comment's text (the dd that follows) make one paragraph.
      if (!closing) flush();
      else startWith(`${text}: `);
      continue;
    }
    if (!BLOCK_TAGS.has(tag)) continue;
    if (cellDepth > 0 && tag !== 'tr' && tag !== 'table') {
      // Paragraphs and lists inside a cell do not end the row.
      text += ' ';
      continue;
    }
    if (tag === 'tr' && closing) text = text.replace(/\s*\|\s*$/, '').replace(/^(\s*\|\s*)+$/, '');
    if (!closing && onlyPrefix && (tag === 'p' || tag === 'dd')) continue;
    flush();
    headingLevel = !closing && /^h[1-6]$/.test(tag) ? Number(tag[1]) : 0;
    if (tag === 'ul' || tag === 'ol') {
      if (closing) lists.pop();
      else lists.push(tag === 'ol' ? 1 : null);
    } else if (tag === 'li' && !closing) {
      const note = /^(foot|end)note-/.exec(id);
      if (note) {
        const kind = note[1] === 'foot' ? 'footnote' : 'endnote';
        notes = { ...notes, [kind]: notes[kind] + 1 };
        startWith(`[${notes[kind]}] `);
      } else if (lists.length) {
        const n = lists[lists.length - 1];
        startWith(n === null ? '- ' : `${n}. `);
        if (n !== null) lists[lists.length - 1] = n + 1;
      }
    }
  }
  flush();
  return { title, page };
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
