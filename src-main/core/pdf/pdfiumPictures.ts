/**
 * The pictures a PDF page draws, as PDFium lists its page objects: how large each is drawn on the
 * page and how many pixels it has. The OCR decision (ocr/pageOcrDecision.ts) asks whether any of
 * them could hold text before a page without a text layer is drawn and read.
 *
 * Pictures inside form XObjects (a page's content reused as a stamp, many producers' way of placing
 * a scan) are found too: their bounds are in the form's space and are carried to the page's through
 * the forms' matrices. A hostile page with millions of objects is not walked to its end: past
 * MAX_OBJECTS the pictures found so far are the answer.
 */
import type { PdfiumModule } from './pdfium';

export interface PagePicture {
  /** Drawn size on the page, in points (1/72 inch). */
  width: number;
  height: number;
  /** The picture's own size in pixels. */
  pixelWidth: number;
  pixelHeight: number;
}

/** The PDFium calls this file makes (fpdf_edit.h), beyond those pdfium.ts declares. */
interface PageObjectExports {
  malloc(size: number): number;
  free(ptr: number): void;
  FPDFPage_CountObjects(page: number): number;
  FPDFPage_GetObject(page: number, index: number): number;
  FPDFPageObj_GetType(object: number): number;
  FPDFPageObj_GetBounds(object: number, left: number, bottom: number, right: number, top: number): number;
  FPDFPageObj_GetMatrix(object: number, matrix: number): number;
  FPDFImageObj_GetImagePixelSize(object: number, width: number, height: number): number;
  FPDFFormObj_CountObjects(form: number): number;
  FPDFFormObj_GetObject(form: number, index: number): number;
}

/** FPDF_PAGEOBJ_* (fpdf_edit.h). */
const PAGEOBJ_IMAGE = 3;
const PAGEOBJ_FORM = 5;
/** Objects looked at on one page at most (a page of a few million vector strokes is a drawing, not a scan). */
const MAX_OBJECTS = 50_000;
/** Forms nested deeper than this are not opened (a loop of forms is a broken file). */
const MAX_FORM_DEPTH = 8;

/** [a, b, c, d, e, f]: a point (x, y) goes to (a x + c y + e, b x + d y + f). */
type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(inner: Matrix, outer: Matrix): Matrix {
  const [a, b, c, d, e, f] = inner;
  const [A, B, C, D, E, F] = outer;
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}

/** The pictures of a loaded page (`page` is an FPDF_PAGE handle). */
export function pagePictures(module: PdfiumModule, page: number): PagePicture[] {
  const pdf = module.wasmExports as unknown as PageObjectExports;
  // Scratch memory: four floats (bounds), six floats (matrix), two unsigned ints (pixel size).
  const scratch = pdf.malloc(64);
  if (!scratch) return [];
  const pictures: PagePicture[] = [];
  let seen = 0;
  try {
    const visit = (count: number, objectAt: (i: number) => number, transform: Matrix, depth: number) => {
      for (let i = 0; i < count && seen < MAX_OBJECTS; i++) {
        seen++;
        const object = objectAt(i);
        if (!object) continue;
        const type = pdf.FPDFPageObj_GetType(object);
        if (type === PAGEOBJ_IMAGE) {
          const picture = readPicture(module, pdf, object, scratch, transform);
          if (picture) pictures.push(picture);
        } else if (type === PAGEOBJ_FORM && depth < MAX_FORM_DEPTH) {
          if (!pdf.FPDFPageObj_GetMatrix(object, scratch)) continue;
          // The heap views are read after the calls: a growing heap replaces them.
          const f32 = module.HEAPF32;
          const m = scratch >> 2;
          const form: Matrix = [f32[m], f32[m + 1], f32[m + 2], f32[m + 3], f32[m + 4], f32[m + 5]];
          visit(pdf.FPDFFormObj_CountObjects(object), (k) => pdf.FPDFFormObj_GetObject(object, k), multiply(form, transform), depth + 1);
        }
      }
    };
    visit(pdf.FPDFPage_CountObjects(page), (i) => pdf.FPDFPage_GetObject(page, i), IDENTITY, 0);
    return pictures;
  } finally {
    pdf.free(scratch);
  }
}

function readPicture(module: PdfiumModule, pdf: PageObjectExports, object: number, scratch: number, transform: Matrix): PagePicture | null {
  if (!pdf.FPDFPageObj_GetBounds(object, scratch, scratch + 4, scratch + 8, scratch + 12)) return null;
  if (!pdf.FPDFImageObj_GetImagePixelSize(object, scratch + 16, scratch + 20)) return null;
  const f32 = module.HEAPF32;
  const u8 = module.HEAPU8;
  const b = scratch >> 2;
  const [left, bottom, right, top] = [f32[b], f32[b + 1], f32[b + 2], f32[b + 3]];
  const view = new DataView(u8.buffer, u8.byteOffset + scratch + 16, 8);
  const pixelWidth = view.getUint32(0, true);
  const pixelHeight = view.getUint32(4, true);
  // The bounds' corners carried to page space (identity for a picture drawn by the page itself).
  const [a, bb, c, d, e, f] = transform;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [
    [left, bottom],
    [right, bottom],
    [left, top],
    [right, top],
  ]) {
    xs.push(a * x + c * y + e);
    ys.push(bb * x + d * y + f);
  }
  const width = Math.max(...xs) - Math.min(...xs);
  const height = Math.max(...ys) - Math.min(...ys);
  if (!Number.isFinite(width) || !Number.isFinite(height)) return null;
  return { width, height, pixelWidth, pixelHeight };
}
