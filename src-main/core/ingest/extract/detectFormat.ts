/**
 * Which extractor a file needs: the extension says what the user thinks it is, the first bytes say
 * what it is. Both must agree; a ZIP archive named `.pdf` gets a FORMAT_MISMATCH naming both, rather
 * than a parser's cryptic failure.
 */
import { extname } from 'node:path';
import { PhareError } from '../../../../src-shared/errors';
import { DOCUMENT_FORMAT_BY_EXTENSION, type DocumentFormat } from '../../../../src-shared/documentFormats';
import { detectUtf16WithoutBom } from './decodeText';

const FORMAT_NAMES: Record<DocumentFormat, string> = {
  pdf: 'PDF',
  docx: 'DOCX',
  pptx: 'PPTX',
  xlsx: 'XLSX',
  html: 'HTML',
  markdown: 'Markdown',
  text: 'text',
  image: 'image',
};
/** Office formats: a ZIP whose main part is here. */
const OFFICE_MAIN_PART: Partial<Record<DocumentFormat, string>> = {
  docx: 'word/document.xml',
  pptx: 'ppt/presentation.xml',
  xlsx: 'xl/workbook.xml',
};

/** The format the extension promises, or UNSUPPORTED_FORMAT (checked before the file is read). */
export function formatFromExtension(fileName: string): DocumentFormat {
  const format = DOCUMENT_FORMAT_BY_EXTENSION[extname(fileName).toLowerCase()];
  if (!format) throw new PhareError('UNSUPPORTED_FORMAT', { file: fileName });
  return format;
}

type Sniffed = 'pdf' | 'docx' | 'pptx' | 'xlsx' | 'zip' | 'ole' | 'ole-encrypted' | 'image' | 'text' | 'binary';

export function sniff(bytes: Uint8Array): { kind: Sniffed; name: string } {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024));
  // PDF readers accept junk before the header, within the first kilobyte.
  if (head.includes('%PDF-', 0, 'latin1')) return { kind: 'pdf', name: 'PDF' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // Entry names are stored uncompressed in a ZIP; an Office file has its main part under word/,
    // ppt/ or xl/.
    const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (all.includes('word/', 0, 'latin1')) return { kind: 'docx', name: 'DOCX' };
    if (all.includes('ppt/', 0, 'latin1')) return { kind: 'pptx', name: 'PPTX' };
    if (all.includes('xl/', 0, 'latin1')) return { kind: 'xlsx', name: 'XLSX' };
    return { kind: 'zip', name: 'ZIP' };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // A password-protected DOCX is an OLE container holding an "EncryptionInfo" stream (UTF-16 name).
    const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (all.includes(Buffer.from('EncryptionInfo', 'utf16le'))) return { kind: 'ole-encrypted', name: 'DOCX' };
    return { kind: 'ole', name: 'DOC/XLS (OLE)' };
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return { kind: 'image', name: 'PNG' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'image', name: 'JPEG' };
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return { kind: 'image', name: 'GIF' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { kind: 'image', name: 'TIFF' };
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes.subarray(8), [0x57, 0x45, 0x42, 0x50])) return { kind: 'image', name: 'WebP' };
  // BMP: "BM", reserved zeros and a known header size (a text starting with "BM" is not taken for one).
  if (startsWith(bytes, [0x42, 0x4d]) && bytes.length > 18 && startsWith(bytes.subarray(6), [0, 0, 0, 0]) && [12, 40, 52, 56, 108, 124].includes(bytes[14]) && bytes[15] === 0) {
    return { kind: 'image', name: 'BMP' };
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return { kind: 'text', name: 'text' };
  if (detectUtf16WithoutBom(bytes)) return { kind: 'text', name: 'text' };
  // Other text has no NUL bytes.
  const sample = bytes.subarray(0, 8192);
  return sample.includes(0) ? { kind: 'binary', name: 'application/octet-stream' } : { kind: 'text', name: 'text' };
}

/** Checks the content against the extension's format; returns the format to extract with. */
export function checkFormat(fileName: string, expected: DocumentFormat, bytes: Uint8Array): DocumentFormat {
  const { kind, name } = sniff(bytes);
  if (kind === 'ole-encrypted' && OFFICE_MAIN_PART[expected]) throw new PhareError('ENCRYPTED_FILE', { file: fileName });
  const matches =
    (expected === 'pdf' && kind === 'pdf') ||
    (expected === 'docx' && kind === 'docx') ||
    (expected === 'pptx' && kind === 'pptx') ||
    (expected === 'xlsx' && kind === 'xlsx') ||
    ((expected === 'text' || expected === 'markdown' || expected === 'html') && kind === 'text') ||
    (expected === 'image' && kind === 'image');
  if (matches) return expected;
  // An image that is not an image: the file is broken (or misnamed), and says what it holds.
  if (expected === 'image') throw new PhareError('CORRUPT_FILE', { file: fileName, format: 'image', detail: `not a picture; its content is ${name}` });
  const mainPart = OFFICE_MAIN_PART[expected];
  if (mainPart && kind === 'zip') {
    // A ZIP without the format's main part: the right container, the wrong content.
    throw new PhareError('CORRUPT_FILE', { file: fileName, format: FORMAT_NAMES[expected], detail: `no ${mainPart} part` });
  }
  throw new PhareError('FORMAT_MISMATCH', { file: fileName, expected: FORMAT_NAMES[expected], actual: name });
}

/**
 * The same check on the first bytes only, before the rest of the file is read: a gigabyte of zeros
 * named `.pdf` is refused without reading it. An Office file's part names may lie beyond the head,
 * so any ZIP passes here and the full check decides.
 */
export function checkHead(fileName: string, expected: DocumentFormat, head: Uint8Array): void {
  const { kind } = sniff(head);
  if (OFFICE_MAIN_PART[expected] && (kind === 'zip' || kind === 'docx' || kind === 'pptx' || kind === 'xlsx')) return;
  checkFormat(fileName, expected, head);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}
