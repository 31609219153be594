/**
 * The file types Phare can ingest, by extension: one table for the core's format detection and for
 * the renderer's file picker, so the picker never offers what ingestion would refuse.
 */
export type DocumentFormat = 'pdf' | 'docx' | 'pptx' | 'xlsx' | 'html' | 'markdown' | 'text' | 'image';

export const DOCUMENT_FORMAT_BY_EXTENSION: Readonly<Record<string, DocumentFormat>> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.pptx': 'pptx',
  '.xlsx': 'xlsx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  // Pictures of text, read by OCR.
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.tif': 'image',
  '.tiff': 'image',
  '.webp': 'image',
  '.bmp': 'image',
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(DOCUMENT_FORMAT_BY_EXTENSION);
