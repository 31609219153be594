/**
 * The file types Phare can ingest, by extension: one table for the core's format detection and for
 * the renderer's file picker, so the picker never offers what ingestion would refuse.
 */
export type DocumentFormat = 'pdf' | 'docx' | 'pptx' | 'xlsx' | 'html' | 'markdown' | 'text';

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
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(DOCUMENT_FORMAT_BY_EXTENSION);
