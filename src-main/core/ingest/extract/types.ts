/**
 * What every extractor produces: the text of each page, and the document's structure as blocks that
 * point into that text. The chunker works on blocks, so chunk offsets always refer to the page text
 * that `library.text` returns and a citation can be highlighted in it.
 */
import type { PageText } from '../../../../src-shared/domain';
import type { DocumentFormat } from '../../../../src-shared/documentFormats';

export type { DocumentFormat };

export interface TextBlock {
  /** 1-based page number. */
  page: number;
  /** Offsets of the block in its page's text (end exclusive). */
  start: number;
  end: number;
  kind: 'heading' | 'paragraph';
  /** Headings above this block, outermost first (a heading block includes itself). */
  headingPath: string[];
}

export interface ExtractedDocument {
  format: DocumentFormat;
  mime: string;
  /** Title found in the document (metadata, first heading, first line), or null. */
  title: string | null;
  pages: PageText[];
  blocks: TextBlock[];
}

export const MIME_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
  // The extractor gives the exact type (image/png, image/tiff...).
  image: 'image/*',
};
