/**
 * The PDFium layer on its own: errors for locked and broken files, and a fresh instance after a trap
 * inside PDFium, so one bad file cannot break the documents after it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPdfium, PdfiumOpenError } from '../../../src-main/core/pdf/pdfium';
import { metadataTitle, outlineEntries } from '../../../src-main/core/pdf/pdfiumOutline';
import { pageTextRuns } from '../../../src-main/core/pdf/pdfiumText';
import { corpusFile } from '../../helpers/paths';
import { encryptedPdfBytes } from '../ingest/encryptedPdf';

const tracemonkey = () => new Uint8Array(readFileSync(corpusFile('pdf', 'pdfjs_tracemonkey.pdf')));
const pageText = async (bytes: Uint8Array, n = 1) => {
  const doc = await openPdfium(bytes);
  try {
    return doc.withPage(n, (page) => pageTextRuns(doc.module, page)).map((r) => r.str).join('');
  } finally {
    doc.close();
  }
};
const corpusPdf = (name: string) => new Uint8Array(readFileSync(corpusFile('pdf', name)));

describe('PDFium documents', () => {
  it('tells a locked file from a broken one', async () => {
    await expect(openPdfium(new Uint8Array(encryptedPdfBytes()))).rejects.toMatchObject({ name: 'PdfiumOpenError', reason: 'encrypted' });
    await expect(openPdfium(new TextEncoder().encode('not a pdf at all'))).rejects.toBeInstanceOf(PdfiumOpenError);
    await expect(openPdfium(new Uint8Array(0))).rejects.toMatchObject({ reason: 'damaged' });
  });

  it('reads the title and the outline of the French guide', async () => {
    const doc = await openPdfium(new Uint8Array(readFileSync(corpusFile('pdf', 'deb_maint-guide-fr_maint-guide.fr.pdf'))));
    try {
      expect(metadataTitle(doc)).toBe('Guide du nouveau responsable Debian');
      const entries = outlineEntries(doc);
      expect(entries.length).toBeGreaterThan(20);
      expect(entries.every((e, i) => i === 0 || e.page >= 1)).toBe(true);
      expect(entries.some((e) => e.path.length >= 2 && e.path.at(-1) === e.title)).toBe(true);
    } finally {
      doc.close();
    }
  });

  it('spaces words as the page shows them, not as PDFium guesses', async () => {
    // Letter-spaced capitals stay one word; kerned pairs PDFium put a space in ("V olume") are whole.
    const supremeCourt = await pageText(corpusPdf('llama_598us1r3_j4ek.pdf'));
    expect(supremeCourt).toContain('PRELIMINARY PRINT');
    expect(supremeCourt).toContain('Volume 598');
    // An "ffi" ligature expanded by PDFium ("f", then "f" and "i" on one box) is not cut.
    expect(await pageText(tracemonkey())).toContain('are more difficult to com');
    // A change of font with a small gap and no space character is a word space ("dquilt sous").
    expect(await pageText(corpusPdf('deb_maint-guide-fr_maint-guide.fr.pdf'), 20)).toContain('commande dquilt sous');
  });

  it('starts a fresh PDFium after a trap inside it', async () => {
    const before = await pageText(tracemonkey());
    expect(before).toContain('Trace-based Just-in-Time Type Specialization');
    const doc = await openPdfium(tracemonkey());
    // Reading far outside the WebAssembly memory traps, as a PDFium bug on a broken file would.
    let trap: unknown = null;
    try {
      doc.withPage(1, () => doc.module.wasmExports.FPDFText_CountChars(0x7ffffff0));
    } catch (error) {
      trap = error;
    }
    expect(trap).toMatchObject({ name: 'RuntimeError' });
    doc.close();
    const next = await openPdfium(tracemonkey());
    try {
      expect(next.module).not.toBe(doc.module);
    } finally {
      next.close();
    }
    expect(await pageText(tracemonkey())).toBe(before);
  });
});
