/**
 * OCR of one page image, upright or not. tesseract.js cannot detect orientation without the
 * legacy engine and `osd.traineddata`, which no installed package ships, so orientation is found by
 * reading: the page is read as it is first, and only when that reads badly (low confidence or few
 * word-shaped tokens) is it read turned. Which turns, from the direction of its lines
 * (lineDirection.ts, milliseconds): lines across leave only 180 degrees, lines down 90 then 270;
 * each is read at full size and kept if it reads clearly better. When the direction cannot be told,
 * a reduced copy is read at 0, 90, 180 and 270 degrees and the page is read again, at full size, the
 * way that read best. An upright page, the usual case, costs one read; a turned one two or three.
 * The orientation is judged on tesseract's whole text; the page keeps the readable part of the chosen
 * read (readableText.ts).
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
  /**
   * Share of the page read, 0..1, while tesseract reads it. The first read (the only one for an upright
   * page) covers most of it; the reads of a turned page fill the rest. Never goes back.
   */
  onProgress?: (fraction: number) => void;
}

/** Share of a page's progress given to its first read; further reads (a turned page) share the rest. */
const FIRST_READ_SHARE = 0.8;

/** Below this share of dark pixels a page is taken as blank. */
const BLANK_INK_RATIO = 0.002;
/** A first read with at least this confidence and this share of word-shaped tokens is accepted as upright. */
const UPRIGHT_CONFIDENCE = 60;
const UPRIGHT_VALID_WORDS = 0.6;
/** Size of the copies read to find the orientation (about a 150 dpi A4 page). */
const PROBE_PIXELS = 1_000_000;
/** Another orientation must read this much better than the page as it is to be chosen. */
const ROTATION_MARGIN = 1.5;

export async function recognizePage(pool: OcrPool, image: GrayImage, options: RecognizeOptions): Promise<PageOcr> {
  if (inkRatio(image) < BLANK_INK_RATIO) return { text: '', confidence: null, rotation: 0 };
  let reported = 0;
  const report = (fraction: number) => {
    if (fraction <= reported) return;
    reported = fraction;
    options.onProgress?.(fraction);
  };
  /** Maps a read's own 0..1 into [from, to] of the page. */
  const span = (from: number, to: number) => (f: number) => report(from + (to - from) * f);
  const read = (img: GrayImage, dpi: number | undefined, onProgress?: (f: number) => void) =>
    pool.recognize({ image: img, languages: options.languages, dpi, signal: options.signal, onProgress });

  const upright = await read(image, options.dpi, span(0, FIRST_READ_SHARE));
  if (readsWell(upright)) return { text: upright.readable, confidence: upright.confidence, rotation: 0 };

  const direction = lineDirection(image);
  if (direction !== 'unknown') {
    // Lines across: only upside down is left. Lines down: tesseract's layout analysis already reads
    // lines that run one way down the page (the first read would have been good), so 90 degrees
    // is tried first and 270 only if 90 does not read well. Two or three full reads, no probes.
    const turns: Rotation[] = direction === 'horizontal' ? [180] : [90, 270];
    let best = { rotation: 0 as Rotation, result: upright, score: readingScore(upright.text, upright.confidence) * ROTATION_MARGIN };
    const share = (1 - FIRST_READ_SHARE) / turns.length;
    for (const [k, rotation] of turns.entries()) {
      const from = FIRST_READ_SHARE + k * share;
      const result = await read(rotate(image, rotation), options.dpi, span(from, from + share));
      const score = readingScore(result.text, result.confidence);
      if (score > best.score) best = { rotation, result, score };
      if (best.rotation !== 0 && readsWell(best.result)) break;
    }
    return { text: best.result.readable, confidence: best.result.confidence, rotation: best.rotation };
  }

  const probe = shrinkToPixels(image, PROBE_PIXELS);
  const factor = image.width / probe.width;
  const probeDpi = options.dpi ? options.dpi / factor : undefined;
  const rotations: Rotation[] = [0, 90, 180, 270];
  const probes = await Promise.all(
    rotations.map(async (rotation) => {
      const result = rotation === 0 && probe === image ? upright : await read(rotate(probe, rotation), probeDpi);
      return { rotation, result, score: readingScore(result.text, result.confidence) };
    }),
  );
  const straight = probes[0].score;
  const best = probes.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.rotation === 0 || best.score <= straight * ROTATION_MARGIN) {
    return { text: upright.readable, confidence: upright.confidence, rotation: 0 };
  }
  // A small page was probed at full size: its probe is the read.
  const turned = probe === image ? best.result : await read(rotate(image, best.rotation), options.dpi, span(FIRST_READ_SHARE, 1));
  // The turned read must also beat the first full-size read, or the page stays as it was.
  if (readingScore(turned.text, turned.confidence) <= readingScore(upright.text, upright.confidence)) {
    return { text: upright.readable, confidence: upright.confidence, rotation: 0 };
  }
  return { text: turned.readable, confidence: turned.confidence, rotation: best.rotation };
}

/** Confident, and mostly word-shaped tokens: a reading of a page the right way up. */
function readsWell(result: { text: string; confidence: number }): boolean {
  const m = measureText(result.text);
  return result.confidence >= UPRIGHT_CONFIDENCE && (m.words === 0 || m.validWords / m.words >= UPRIGHT_VALID_WORDS);
}
