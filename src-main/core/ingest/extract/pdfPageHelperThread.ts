/**
 * The page helper's thread (pdfPageHelper.ts starts it): opens its own copy of the PDF on PDFium's
 * already compiled module, then takes pages from the shared claims and sends each one's read back,
 * until none is left. A page it cannot read ends its work: the builder reads that page itself and
 * meets the error there, as it would have without a helper.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPdfium, usePdfiumWasm } from '../../pdf/pdfium';
import { PageClaims } from './pdfPageClaims';
import type { HelperMessage, HelperStart } from './pdfPageHelper';
import { readPdfPage } from './pdfPageRead';

const start = workerData as HelperStart;
const send = (message: HelperMessage) => parentPort?.postMessage(message);

usePdfiumWasm(start.wasm);
const claims = new PageClaims(start.pageCount, start.claims);
const doc = await openPdfium(start.bytes).catch(() => null);
if (doc) {
  try {
    for (;;) {
      const n = claims.take();
      if (n === 'done') break;
      if (n === 'wait') {
        claims.waitForMore();
        continue;
      }
      try {
        send({ page: n, read: readPdfPage(doc, n, start.ocrMode) });
      } catch {
        // PDFium may be in any state after a trap: stop here.
        send({ page: n, failed: true });
        break;
      }
    }
  } finally {
    doc.close();
  }
}
