/**
 * Loads pdf.js for Node once. The legacy build is the one that runs in Node; the worker file is set
 * explicitly (as a file URL) so the "fake worker" pdf.js uses in Node is found wherever the code is
 * bundled; fonts and character maps are local folders (with a trailing slash, which pdf.js requires)
 * so nothing is ever fetched.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loading: Promise<PdfJs> | null = null;
let root: string | null = null;

export function pdfjsRoot(): string {
  if (!root) root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return root;
}

export function loadPdfJs(): Promise<PdfJs> {
  if (!loading) {
    loading = import('pdfjs-dist/legacy/build/pdf.mjs').then((pdfjs) => {
      pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(join(pdfjsRoot(), 'legacy/build/pdf.worker.mjs')).href;
      return pdfjs;
    });
  }
  return loading;
}

/** Options every getDocument call in the core uses. */
export function pdfDocumentOptions(data: Uint8Array) {
  const base = pdfjsRoot();
  return {
    data,
    standardFontDataUrl: join(base, 'standard_fonts') + '/',
    cMapUrl: join(base, 'cmaps') + '/',
    cMapPacked: true,
    wasmUrl: join(base, 'wasm') + '/',
    isEvalSupported: false,
    useSystemFonts: false,
    // Errors only: warnings about fonts and broken objects would flood the logs of a batch.
    verbosity: 0,
  };
}
