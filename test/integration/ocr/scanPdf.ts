/**
 * Writes a one-page PDF by hand: a scanned picture (8-bit grey, Flate) filling the page, and,
 * optionally, an invisible text layer (render mode 3, as OCR'd or broken scans have) with the given
 * text. That is how the tests get PDFs whose text layer is missing, garbage, or good.
 */
import { deflateSync } from 'node:zlib';
import type { GrayImage } from '../../../src-main/core/ocr/grayImage';
import { pdfFile, pdfStream } from '../../helpers/pdfFile';

export function scanPdf(image: GrayImage, hiddenText: string | null, dpi = 150): Buffer {
  const width = (image.width * 72) / dpi;
  const height = (image.height * 72) / dpi;
  const pixels = deflateSync(image.data);
  const text = hiddenText === null ? '' : `BT /F1 10 Tf 3 Tr 20 ${height / 2} Td (${hiddenText.replace(/[\\()]/g, (c) => `\\${c}`)}) Tj ET\n`;
  const content = Buffer.from(`q ${width} 0 0 ${height} 0 0 cm /Im0 Do Q\n${text}`, 'latin1');
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /XObject << /Im0 4 0 R >> /Font << /F1 6 0 R >> >> /Contents 5 0 R >>`,
    ),
    pdfStream(pixels, `/Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`),
    pdfStream(content),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
  ];
  return pdfFile(objects);
}
