/**
 * Pictures of text (PNG, JPEG, TIFF, WebP, BMP, GIF): every page is read by OCR, turned upright
 * first when needed (ocr/recognizePage.ts). A multi-page TIFF gives one page per frame. Bytes that
 * are not a readable picture are a CORRUPT_FILE; a picture too large to decode within bounded
 * memory is FILE_TOO_LARGE; mode `never` leaves nothing to read (NO_TEXT).
 */
import type { PageText } from '../../../../src-shared/domain';
import { PhareError } from '../../../../src-shared/errors';
import { decodeImagePages, imagePageCount, ImageDecodeError, ImageTooLargeError, MAX_DECODE_PIXELS } from '../../ocr/decodeImage';
import { DEFAULT_OCR, type OcrOptions } from '../../ocr/ocrOptions';
import { sharedOcrPool } from '../../ocr/ocrPool';
import { ocrParagraphs } from '../../ocr/ocrText';
import { recognizePage } from '../../ocr/recognizePage';
import { PageBuilder } from './pageBuilder';
import type { ExtractedDocument, TextBlock } from './types';

export interface ImageExtractOptions {
  file: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  ocr?: OcrOptions;
}

export async function extractImage(bytes: Uint8Array, options: ImageExtractOptions): Promise<ExtractedDocument> {
  const ocr = options.ocr ?? DEFAULT_OCR;
  const { mime, name } = imageType(bytes);
  if (!mime) throw new PhareError('CORRUPT_FILE', { file: options.file, format: 'image', detail: 'not a picture (PNG, JPEG, TIFF, WebP, BMP or GIF)' });
  if (ocr.mode === 'never') throw new PhareError('NO_TEXT', { file: options.file });
  const pool = ocr.pool ?? sharedOcrPool();
  const count = imagePageCount(bytes);
  const pages: PageText[] = [];
  const blocks: TextBlock[] = [];
  try {
    let n = 0;
    for await (const decoded of decodeImagePages(bytes)) {
      if (options.signal?.aborted) throw new PhareError('CANCELLED');
      n++;
      const before = n - 1;
      const read = await recognizePage(pool, decoded.image, {
        languages: ocr.languages,
        dpi: decoded.dpi || undefined,
        signal: options.signal,
        // Progress during recognition, not only once a page is read (a page takes seconds).
        onProgress: (f) => options.onProgress?.(Math.min(1, (before + f) / count)),
      }).catch(
        (error: unknown) => {
          if (error instanceof PhareError) throw error;
          throw new PhareError('OCR_FAILED', { file: options.file, page: n, detail: error instanceof Error ? error.message : String(error) }, { cause: error });
        },
      );
      const builder = new PageBuilder(n);
      for (const paragraph of ocrParagraphs(read.text)) builder.add('paragraph', paragraph, []);
      pages.push({ page: n, text: builder.pageText, ocr: true, confidence: read.confidence, ocrReason: 'picture-file' });
      blocks.push(...builder.blocks);
      options.onProgress?.(Math.min(1, n / count));
    }
  } catch (error) {
    if (error instanceof ImageDecodeError) throw new PhareError('CORRUPT_FILE', { file: options.file, format: name, detail: error.message }, { cause: error });
    if (error instanceof ImageTooLargeError) {
      throw new PhareError('FILE_TOO_LARGE', {
        file: options.file,
        size: `${error.width} x ${error.height} px`,
        limit: `${Math.round(MAX_DECODE_PIXELS / 1e6)} Mpx`,
      });
    }
    throw error;
  }
  if (blocks.length === 0) throw new PhareError('NO_TEXT', { file: options.file });
  return { format: 'image', mime, title: null, pages, blocks };
}

/** The picture type from its first bytes. */
export function imageType(b: Uint8Array): { mime: string | null; name: string } {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG') return { mime: 'image/png', name: 'PNG' };
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { mime: 'image/jpeg', name: 'JPEG' };
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return { mime: 'image/tiff', name: 'TIFF' };
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { mime: 'image/webp', name: 'WebP' };
  if (ascii(0, 2) === 'BM') return { mime: 'image/bmp', name: 'BMP' };
  if (ascii(0, 4) === 'GIF8') return { mime: 'image/gif', name: 'GIF' };
  return { mime: null, name: 'image' };
}
