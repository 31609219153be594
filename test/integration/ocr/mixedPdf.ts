/**
 * Writes a PDF by hand whose pages each hold lines of text (Helvetica), a picture (8-bit grey, Flate)
 * drawn where asked, both, or nothing: text PDFs with a cover of a few characters, a page of a
 * picture with a caption, a blank page. The corpus has no such small files.
 */
import { deflateSync } from 'node:zlib';
import type { GrayImage } from '../../../src-main/core/ocr/grayImage';
import { pdfFile, pdfStream } from '../../helpers/pdfFile';

export interface MixedPage {
  lines?: Array<{ x: number; y: number; text: string; size?: number }>;
  /** Drawn with its lower-left corner at (x, y), `width` x `height` points. */
  picture?: { image: GrayImage; x: number; y: number; width: number; height: number };
}

export function mixedPdf(pages: MixedPage[], width = 612, height = 792): Buffer {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const objects: Buffer[] = [Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'), Buffer.alloc(0), Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')];
  const pageIds: number[] = [];
  for (const page of pages) {
    const pageId = objects.length + 1;
    pageIds.push(pageId);
    const contentId = pageId + 1;
    const imageId = pageId + 2;
    const p = page.picture;
    const draw = p ? `q ${p.width} 0 0 ${p.height} ${p.x} ${p.y} cm /Im0 Do Q\n` : '';
    const text = (page.lines ?? []).map((l) => `BT /F1 ${l.size ?? 11} Tf ${l.x} ${l.y} Td (${escape(l.text)}) Tj ET\n`).join('');
    const xobject = p ? ` /XObject << /Im0 ${imageId} 0 R >>` : '';
    objects.push(
      Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 3 0 R >>${xobject} >> /Contents ${contentId} 0 R >>`),
      pdfStream(Buffer.from(draw + text, 'latin1')),
    );
    if (p) {
      objects.push(
        pdfStream(deflateSync(p.image.data), `/Type /XObject /Subtype /Image /Width ${p.image.width} /Height ${p.image.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`),
      );
    }
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  return pdfFile(objects);
}

/** A page of prose: `count` lines of ordinary English sentences (a text layer judged good). */
export function prosePage(n: number, count = 30): MixedPage {
  const sentence = `Section ${n} explains how the library keeps every document and the passages that answer a question.`;
  return { lines: Array.from({ length: count }, (_, i) => ({ x: 56, y: 740 - i * 22, text: `${sentence} Line ${i + 1}.` })) };
}
