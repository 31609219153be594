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

/**
 * Built-ins that the legacy build's polyfills (core-js) replace although Node has them: a JS
 * `Array.prototype.push` (every push in the process, pdf.js's text items included, ran through it:
 * about a tenth of a text PDF's extraction time), wrappers around `JSON.parse` and `JSON.stringify`,
 * and `Function.prototype.toString`. Node's own are put back once pdf.js is loaded; what Node lacks
 * (Promise.withResolvers, Uint8Array.prototype.toHex...) stays polyfilled.
 */
const NATIVES: ReadonlyArray<readonly [Record<string, unknown>, string]> = [
  [Array.prototype as unknown as Record<string, unknown>, 'push'],
  [JSON as unknown as Record<string, unknown>, 'parse'],
  [JSON as unknown as Record<string, unknown>, 'stringify'],
  [Function.prototype as unknown as Record<string, unknown>, 'toString'],
];

export function loadPdfJs(): Promise<PdfJs> {
  if (!loading) {
    loading = (async () => {
      const natives = NATIVES.map(([owner, key]) => [owner, key, owner[key]] as const);
      try {
        const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
        const workerSrc = pathToFileURL(join(pdfjsRoot(), 'legacy/build/pdf.worker.mjs')).href;
        pdfjs.GlobalWorkerOptions.workerSrc = workerSrc;
        // The worker module registers itself (globalThis.pdfjsWorker), and the "fake worker" pdf.js
        // runs in Node uses it: loaded here, its polyfills are installed before the built-ins are put back.
        await import(/* @vite-ignore */ workerSrc);
        return pdfjs;
      } finally {
        for (const [owner, key, native] of natives) owner[key] = native;
      }
    })();
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
