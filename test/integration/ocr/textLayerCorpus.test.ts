/**
 * No false alarms on real text PDFs: every page of the corpus's text PDFs (French guide with its
 * dot-leader tables of contents, two-column papers, forms) keeps its text layer in mode auto, so
 * none of them is sent to OCR; the scanned ones are.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeTextLayer } from '../../../src-main/core/ocr/textQuality';
import { openPdfium } from '../../../src-main/core/pdf/pdfium';
import { pageTextRuns } from '../../../src-main/core/pdf/pdfiumText';
import { corpusFile } from '../../helpers/paths';

async function verdicts(name: string): Promise<string[]> {
  const doc = await openPdfium(new Uint8Array(readFileSync(corpusFile('pdf', name))));
  try {
    const out: string[] = [];
    for (let n = 1; n <= doc.pageCount; n++) {
      const runs = doc.withPage(n, (page) => pageTextRuns(doc.module, page));
      out.push(judgeTextLayer(runs.map((r) => r.str).join(' ')));
    }
    return out;
  } finally {
    doc.close();
  }
}

describe('text layer verdicts on the corpus', () => {
  for (const name of ['deb_maint-guide-fr_maint-guide.fr.pdf', 'pdfjs_tracemonkey.pdf', 'pdfjs_pdkids.pdf', 'llama_598us1r3_j4ek.pdf', 'pdfjs_prefilled_f1040.pdf']) {
    it(`${name}: every page keeps its text layer`, async () => {
      const result = await verdicts(name);
      expect(result.map((v, i) => `${i + 1}:${v}`).filter((v) => !v.endsWith(':ok'))).toEqual([]);
    });
  }

  it('the scanned PDFs have no usable layer', async () => {
    for (const name of ['ocrmypdf_scanned_linn.pdf', 'ocrmypdf_scanned_francais.pdf']) expect(await verdicts(name)).not.toContain('ok');
  });
});
