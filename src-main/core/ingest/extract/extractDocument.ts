/**
 * Picks the extractor for a file once its format has been checked, and cleans what it extracted
 * (every format, before chunking: see clean/cleanDocument).
 *
 * The extractors of binary formats are imported when a file of their format comes: they bring PDFium,
 * mammoth, the image decoders and tesseract.js, which a process that reads the library and ingests
 * nothing (a CLI `phare docs list`, say) should not pay for at its start.
 */
import { cleanDocument } from '../clean/cleanDocument';
import { extractMarkdown } from './markdown';
import { extractText } from './text';
import type { DocumentFormat, ExtractedDocument } from './types';
import { PhareError } from '../../../../src-shared/errors';
import type { OcrOptions } from '../../ocr/ocrOptions';
import type { PausePoint } from '../pauseGate';

export interface ExtractOptions {
  file: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** OCR mode and languages (default: auto, French and English). */
  ocr?: OcrOptions;
  /** Where a paused job's file waits inside a long extraction (between PDF pages). */
  pause?: PausePoint;
}

export async function extractDocument(format: DocumentFormat, bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
  let doc: ExtractedDocument;
  switch (format) {
    case 'pdf':
      doc = await (await import('./pdf')).extractPdf(bytes, {
        file: options.file,
        signal: options.signal,
        onPage: (n, total) => options.onProgress?.(n / total),
        ocr: options.ocr,
        pause: options.pause,
      });
      break;
    case 'docx':
      doc = await (await import('./docx')).extractDocx(bytes, options.file);
      break;
    case 'pptx':
      doc = await (await import('./pptx')).extractPptx(bytes, options.file);
      break;
    case 'xlsx':
      doc = await (await import('./xlsx')).extractXlsx(bytes, options.file);
      break;
    case 'html':
      doc = (await import('./html')).extractHtml(bytes);
      break;
    case 'markdown':
      doc = extractMarkdown(bytes);
      break;
    case 'text':
      doc = extractText(bytes);
      break;
    case 'image':
      doc = await (await import('./image')).extractImage(bytes, options);
      break;
  }
  doc = cleanDocument(doc);
  if (!doc.blocks.some((b) => doc.pages[b.page - 1]?.text.slice(b.start, b.end).trim())) {
    throw new PhareError('NO_TEXT', { file: options.file });
  }
  return doc;
}
