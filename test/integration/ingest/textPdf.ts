/**
 * Writes a PDF by hand whose pages hold lines of text (Helvetica) at given positions, drawn in the
 * order given. The order is the point: some producers draw a two-column page row by row across
 * both columns, and the tests need such a file, which the corpus does not have.
 */
import { pdfFile, pdfStream } from '../../helpers/pdfFile';
export interface PdfLine {
  x: number;
  /** Baseline, from the bottom of the page. */
  y: number;
  text: string;
  size?: number;
}

export function textPdf(pages: PdfLine[][], width = 612, height = 792): Buffer {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const pageIds = pages.map((_, i) => 4 + 2 * i);
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
  ];
  for (const [i, lines] of pages.entries()) {
    const content = Buffer.from(lines.map((l) => `BT /F1 ${l.size ?? 10} Tf ${l.x} ${l.y} Td (${escape(l.text)}) Tj ET\n`).join(''), 'latin1');
    objects.push(
      Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i] + 1} 0 R >>`),
      pdfStream(content),
    );
  }
  return pdfFile(objects);
}
