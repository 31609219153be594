/**
 * Whether a PDF page is worth reading by OCR, and why: decided from what PDFium already has in hand
 * (the page's text layer and the list of its pictures), before anything is drawn.
 *
 * In mode `auto` a page is read when
 * - its text layer is garbage (fonts without a usable character map: the glyphs are on the page,
 *   OCR reads them), or
 * - its text layer is empty or a few characters (ocr/textQuality.ts) AND it draws a picture that
 *   could hold text (a scan, a screenshot, a photographed page).
 * A page with a few characters and nothing else (a cover with a title, a blank page between
 * chapters, a page of vector drawings) is not read: OCR would find nothing there that is not already
 * in its text layer, and on a 2-core laptop one such page cost seconds for a whole document. Mode
 * `always` reads every page, `never` none.
 */
import type { OcrMode, OcrReason } from '../../../src-shared/domain';
import type { PagePicture } from '../pdf/pdfiumPictures';
import { OCR_DPI } from './pdfiumPages';
import { judgeTextLayer } from './textQuality';

export type PageOcrDecision = { read: true; reason: OcrReason; dpi: number } | { read: false };

/**
 * A picture that could hold a word of text: at least this many pixels along its longer and shorter
 * sides (a word at a readable size is some 60 x 15 pixels)...
 */
const MIN_TEXT_PICTURE_PIXELS = { long: 64, short: 16 };
/** ...and drawn at least this large on the page, in points (an inch by a line of 10-point text). */
const MIN_TEXT_PICTURE_POINTS = { long: 72, short: 14 };
/**
 * Scans cut into narrow strips (some scanners and converters do): pictures that are each too thin to
 * pass alone but together cover this share of the page count as one.
 */
const STRIPS_PAGE_SHARE = 0.25;
/**
 * A page whose only text is in pictures is drawn at twice the sharpest such picture's own resolution,
 * between these bounds: drawing a 72 ppi picture at 300 dpi gives tesseract 17 times the pixels and no
 * detail it did not have (the corpus's 72 ppi scanned page: the same text and confidence at 150 dpi
 * as at 300, in half the time; Debian Reference's cover picture: a third of the time).
 */
const MIN_PICTURE_DPI = 150;
const PICTURE_DPI_FACTOR = 2;

export function pictureCouldHoldText(p: PagePicture): boolean {
  const pixelsLong = Math.max(p.pixelWidth, p.pixelHeight);
  const pixelsShort = Math.min(p.pixelWidth, p.pixelHeight);
  const long = Math.max(p.width, p.height);
  const short = Math.min(p.width, p.height);
  return (
    pixelsLong >= MIN_TEXT_PICTURE_PIXELS.long &&
    pixelsShort >= MIN_TEXT_PICTURE_PIXELS.short &&
    long >= MIN_TEXT_PICTURE_POINTS.long &&
    short >= MIN_TEXT_PICTURE_POINTS.short
  );
}

/** A picture's own resolution where it is drawn, in pixels per inch. */
function picturePpi(p: PagePicture): number {
  const drawn = Math.max(p.width, p.height);
  return drawn > 0 ? (Math.max(p.pixelWidth, p.pixelHeight) * 72) / drawn : 0;
}

/**
 * The resolution of the sharpest picture of the page that could hold text (or of its strips, which
 * together could), in pixels per inch; null when no picture could hold text. `pageArea` in square points.
 */
export function textPictureResolution(pictures: readonly PagePicture[], pageArea: number): number | null {
  const whole = pictures.filter(pictureCouldHoldText);
  if (whole.length) return Math.max(...whole.map(picturePpi));
  const strips = pictures.filter((p) => Math.max(p.pixelWidth, p.pixelHeight) >= MIN_TEXT_PICTURE_PIXELS.long);
  const stripArea = strips.reduce((sum, p) => sum + p.width * p.height, 0);
  return pageArea > 0 && stripArea >= pageArea * STRIPS_PAGE_SHARE ? Math.max(...strips.map(picturePpi)) : null;
}

/** The resolution to draw a page at whose text is in pictures of `ppi`. */
export function pictureDpi(ppi: number): number {
  return Math.round(Math.min(OCR_DPI, Math.max(MIN_PICTURE_DPI, ppi * PICTURE_DPI_FACTOR)));
}

/**
 * The decision for one page, with the resolution to draw it at. `textPictures` (the resolution of the
 * page's pictures that could hold text, or null) is asked only when the answer depends on it: a page
 * with a good text layer never has its objects listed. Pages read for their text layer's glyphs
 * (garbled, or mode `always`) are drawn at OCR_DPI: their text is drawn sharp at any resolution.
 */
export function decidePageOcr(mode: OcrMode, layerText: string, textPictures: () => number | null): PageOcrDecision {
  if (mode === 'never') return { read: false };
  if (mode === 'always') return { read: true, reason: 'ocr-always', dpi: OCR_DPI };
  const verdict = judgeTextLayer(layerText);
  if (verdict === 'garbage') return { read: true, reason: 'garbled-text-layer', dpi: OCR_DPI };
  if (verdict !== 'empty') return { read: false };
  const ppi = textPictures();
  return ppi === null ? { read: false } : { read: true, reason: 'no-text-layer', dpi: pictureDpi(ppi) };
}
