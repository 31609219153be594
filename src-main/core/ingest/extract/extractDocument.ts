/**
 * Picks the extractor for a file once its format has been checked, and cleans what it extracted
 * (every format, before chunking: see clean/cleanDocument).
 */
import { cleanDocument } from '../clean/cleanDocument';
import { extractDocx } from './docx';
import { extractHtml } from './html';
import { extractImage } from './image';
import { extractMarkdown } from './markdown';
import { extractPdf } from './pdf';
import { extractPptx } from './pptx';
import { extractText } from './text';
import type { DocumentFormat, ExtractedDocument } from './types';
import { extractXlsx } from './xlsx';
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
      doc = await extractPdf(bytes, {
        file: options.file,
        signal: options.signal,
        onPage: (n, total) => options.onProgress?.(n / total),
        ocr: options.ocr,
        pause: options.pause,
      });
      break;
    case 'docx':
      doc = await extractDocx(bytes, options.file);
      break;
    case 'pptx':
      doc = await extractPptx(bytes, options.file);
      break;
    case 'xlsx':
      doc = await extractXlsx(bytes, options.file);
      break;
    case 'html':
      doc = extractHtml(bytes);
      break;
    case 'markdown':
      doc = extractMarkdown(bytes);
      break;
    case 'text':
      doc = extractText(bytes);
      break;
    case 'image':
      doc = await extractImage(bytes, options);
      break;
  }
  doc = cleanDocument(doc);
  if (!doc.blocks.some((b) => doc.pages[b.page - 1]?.text.slice(b.start, b.end).trim())) {
    throw new PhareError('NO_TEXT', { file: options.file });
  }
  return doc;
}
