/**
 * Which way the text lines of a page run, from its ink alone (no reading). Lines of text make the
 * ink summed along each row rise and fall line after line (text, then the gap between lines), while
 * the ink summed along each column is smoothed out by the many lines it crosses; turned by 90 degrees,
 * the reverse. This costs milliseconds and tells a sideways page from an upright or upside-down one,
 * so orientation is then looked for by reading only the turns that can be right.
 *
 * The contrast depends on how large the text is against the pixels (at full resolution the strokes
 * of letters make columns vary too), so the profiles are compared at a few reductions, and a
 * direction is only called when every reduction leans its way and one clearly does. Anything else
 * (pictures, handwriting, a few large words) is 'unknown'.
 */
import { shrinkBy, type GrayImage } from './grayImage';

export type LineDirection = 'horizontal' | 'vertical' | 'unknown';

/** Reductions tried, largest image first; one is used only while the short side keeps this many pixels. */
const FACTORS = [1, 2, 4, 8, 16];
const MIN_SIDE = 96;
/** Past this size the first reductions are skipped: body text is still many pixels high at 1/4. */
const MAX_PROFILE_PIXELS = 1_500_000;
/** Dark borders of scans and punched holes sit in the margins: the outer share of each side is left out. */
const MARGIN = 0.05;
/** One reduction must show this much more variation across lines than along them... */
const DECISIVE = 1.5;
/** ...and none may lean the other way by more than this. */
const TOLERATED = 1.25;

export function lineDirection(image: GrayImage): LineDirection {
  const ratios: number[] = [];
  // Each reduction is made from the previous one (a box of boxes is a box): one pass over the page.
  let level: GrayImage | null = null;
  for (const factor of FACTORS) {
    if (Math.min(image.width, image.height) / factor < MIN_SIDE) break;
    if ((image.width / factor) * (image.height / factor) > MAX_PROFILE_PIXELS) continue;
    level = level ? shrinkBy(level, 2) : shrinkBy(image, factor);
    const ratio = profileRatio(level);
    if (ratio !== null) ratios.push(ratio);
  }
  if (ratios.length === 0) return 'unknown';
  const most = Math.max(...ratios);
  const least = Math.min(...ratios);
  if (most >= DECISIVE && least >= 1 / TOLERATED) return 'horizontal';
  if (least <= 1 / DECISIVE && most <= TOLERATED) return 'vertical';
  return 'unknown';
}

/** Variation of the row profile over that of the column profile; null for a blank image. */
function profileRatio({ width, height, data }: GrayImage): number | null {
  const x0 = Math.floor(width * MARGIN);
  const x1 = Math.ceil(width * (1 - MARGIN));
  const y0 = Math.floor(height * MARGIN);
  const y1 = Math.ceil(height * (1 - MARGIN));
  const rows = new Float64Array(y1 - y0);
  const columns = new Float64Array(x1 - x0);
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    for (let x = x0; x < x1; x++) {
      const ink = 255 - data[row + x];
      rows[y - y0] += ink;
      columns[x - x0] += ink;
    }
  }
  const across = variation(rows);
  const along = variation(columns);
  return across > 0 && along > 0 ? across / along : null;
}

/**
 * How much a profile changes from one entry to the next, relative to its mean: high for the
 * alternation of lines and gaps, low for a profile smoothed over many lines.
 */
function variation(profile: Float64Array): number {
  let sum = 0;
  let steps = 0;
  for (let i = 0; i < profile.length; i++) {
    sum += profile[i];
    if (i > 0) steps += Math.abs(profile[i] - profile[i - 1]);
  }
  const mean = sum / profile.length;
  return mean > 0 ? steps / (profile.length - 1) / mean : 0;
}
