/**
 * OCR of one page image, upright or not. tesseract.js cannot detect orientation without the
 * legacy engine and `osd.traineddata`, which no installed package ships, so orientation is found by
 * reading: the page is read as it is first; when that reads badly (low confidence or few
 * word-shaped tokens), a reduced copy is read as it is and turned, and the page is read again, at
 * full size, the way that read best. The turns tried are only those the direction of its lines
 * allows (lineDirection.ts): 180 degrees for lines that run across, 90 and 270 for lines that run
 * down, all three when that cannot be told. An upright page, the usual case, costs one read.
 */
import { inkRatio, rotate, shrinkToPixels, type GrayImage, type Rotation } from './grayImage';
import { lineDirection } from './lineDirection';
import type { OcrPool } from './ocrPool';
import { measureText, readingScore } from './textQuality';

export interface PageOcr {
  text: string;
  /** Mean word confidence 0..100, or null for a blank page (nothing to read, nothing doubtful). */
  confidence: number | null;
  /** Clockwise turn applied to read the page. */
  rotation: Rotation;
}

export interface RecognizeOptions {
  languages: readonly string[];
  dpi?: number;
  signal?: AbortSignal;
}

/** Below this share of dark pixels a page is taken as blank. */
const BLANK_INK_RATIO = 0.002;
/** A first read with at least this confidence and this share of word-shaped tokens is accepted as upright. */
const UPRIGHT_CONFIDENCE = 60;
const UPRIGHT_VALID_WORDS = 0.6;
/** Size of the copies read to find the orientation (about a 150 dpi A4 page). */
const PROBE_PIXELS = 2_500_000;
/** Another orientation must read this much better than the page as it is to be chosen. */
const ROTATION_MARGIN = 1.5;

export async function recognizePage(pool: OcrPool, image: GrayImage, options: RecognizeOptions): Promise<PageOcr> {
  if (inkRatio(image) < BLANK_INK_RATIO) return { text: '', confidence: null, rotation: 0 };
  const read = (img: GrayImage, dpi: number | undefined) => pool.recognize({ image: img, languages: options.languages, dpi, signal: options.signal });

  const upright = await read(image, options.dpi);
  const m = measureText(upright.text);
  if (upright.confidence >= UPRIGHT_CONFIDENCE && (m.words === 0 || m.validWords / m.words >= UPRIGHT_VALID_WORDS)) {
    return { text: upright.text, confidence: upright.confidence, rotation: 0 };
  }

  const probe = shrinkToPixels(image, PROBE_PIXELS);
  const factor = image.width / probe.width;
  const probeDpi = options.dpi ? options.dpi / factor : undefined;
  const direction = lineDirection(image);
  const rotations: Rotation[] = direction === 'horizontal' ? [0, 180] : direction === 'vertical' ? [0, 90, 270] : [0, 90, 180, 270];
  const probes = await Promise.all(
    rotations.map(async (rotation) => {
      const result = rotation === 0 && probe === image ? upright : await read(rotate(probe, rotation), probeDpi);
      return { rotation, result, score: readingScore(result.text, result.confidence) };
    }),
  );
  const straight = probes[0].score;
  const best = probes.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.rotation === 0 || best.score <= straight * ROTATION_MARGIN) {
    return { text: upright.text, confidence: upright.confidence, rotation: 0 };
  }
  // A small page was probed at full size: its probe is the read.
  const turned = probe === image ? best.result : await read(rotate(image, best.rotation), options.dpi);
  // The turned read must also beat the first full-size read, or the page stays as it was.
  if (readingScore(turned.text, turned.confidence) <= readingScore(upright.text, upright.confidence)) {
    return { text: upright.text, confidence: upright.confidence, rotation: 0 };
  }
  return { text: turned.text, confidence: turned.confidence, rotation: best.rotation };
}
