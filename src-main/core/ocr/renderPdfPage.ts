/**
 * Renders a PDF page for OCR with pdf.js onto an @napi-rs/canvas canvas (the copy pdf.js uses), at OCR_DPI unless the page is so large that this would exceed
 * MAX_OCR_PIXELS (posters, plans), in which case the resolution is lowered to fit.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pdfjsRoot } from '../ingest/extract/pdfjs';
import { grayFromRgba, type GrayImage } from './grayImage';
import { MAX_OCR_PIXELS } from './decodeImage';

type CanvasModule = typeof import('@napi-rs/canvas');
let canvasModule: CanvasModule | null = null;

/**
 * The @napi-rs/canvas that pdf.js itself loads: pdf.js may depend on its own copy, and its paths
 * (Path2D) are only understood by canvases of that same copy ("not a valid CanvasFillRule" otherwise).
 */
function pdfjsCanvas(): CanvasModule {
  if (!canvasModule) canvasModule = createRequire(join(pdfjsRoot(), 'package.json'))('@napi-rs/canvas') as CanvasModule;
  return canvasModule;
}

/** Tesseract reads best around 300 dpi (its models are trained on text of that size). */
export const OCR_DPI = 300;

/** The subset of pdf.js's PDFPageProxy this needs. */
export interface RenderablePage {
  getViewport(options: { scale: number }): { width: number; height: number };
  render(params: Record<string, unknown>): { promise: Promise<void> };
}

export async function renderPageGray(page: RenderablePage, dpi = OCR_DPI): Promise<{ image: GrayImage; dpi: number }> {
  const { createCanvas } = pdfjsCanvas();
  const points = page.getViewport({ scale: 1 });
  let scale = dpi / 72;
  const pixels = points.width * scale * points.height * scale;
  if (pixels > MAX_OCR_PIXELS) scale *= Math.sqrt(MAX_OCR_PIXELS / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await page.render({ canvasContext: ctx, canvas, viewport, background: '#ffffff' }).promise;
  const rgba = ctx.getImageData(0, 0, width, height).data;
  return { image: grayFromRgba(rgba, width, height), dpi: scale * 72 };
}
