/**
 * The page image OCR works on: 8-bit grey, one byte a pixel, for everything we measure on the page
 * (ink, line direction, orientation probes), and the colour pixels beside it when a picture file has
 * colour. Tesseract reads colour differently from grey: it thresholds each of the red, green and blue
 * channels with its own Otsu threshold (a pixel is ink when one channel says so) and gives its line
 * recogniser Leptonica's luminance (0.3 R + 0.5 G + 0.2 B); a grey image made beforehand loses the
 * first and, with other weights, the second. So a colour picture goes to tesseract in colour, as the
 * tesseract command line reads it (see decodeImage.ts). It goes to tesseract.js as a PNM file (PGM
 * or PPM: a header and the raw bytes), which its image reader takes without compressing to PNG first.
 */
/**
 * Pages are shrunk to at most this many pixels before OCR: an A3 page at 300 dpi (tesseract's
 * resolution) is 17.4 Mpx, so only oversized pages are. Each OCR worker's memory grows with the
 * largest page it read; measured on the corpus's 30-inch scan (ocrmypdf_scanned_multipage.pdf):
 * at 24 Mpx the ingestion peaked at 1.38 GB of RSS against 1.54 GB at 36 Mpx, and read as well
 * (mean confidence 88.6 against 88.2). Here, not in decodeImage.ts: a PDF's pages are drawn by
 * PDFium, and the PDF extraction does not load the picture decoders (@napi-rs/canvas) for it.
 */
export const MAX_OCR_PIXELS = 24_000_000;

export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
  /** R, G, B bytes a pixel, when the picture has colour (absent for grey pictures and rendered PDF pages). */
  rgb?: Uint8Array;
}

export type Rotation = 0 | 90 | 180 | 270;

/**
 * Leptonica's luminance (pixConvertRGBToLuminance: 0.3 R + 0.5 G + 0.2 B, rounded): the grey that
 * tesseract's line recogniser computes from a colour page, so our grey is the one it reads.
 */
export function luminance(r: number, g: number, b: number): number {
  return Math.floor(0.3 * r + 0.5 * g + 0.2 * b + 0.5);
}

/**
 * RGBA pixels (canvas ImageData) to grey, transparent pixels taken as white paper (composited the
 * way tesseract removes an alpha channel: over white). With `rgb` (width x height x 3 bytes), the
 * colour pixels are written there too; the return says whether any pixel had colour.
 */
export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, rgb?: Uint8Array): GrayImage & { coloured: boolean } {
  const data = new Uint8Array(width * height);
  let coloured = false;
  for (let i = 0, p = 0; i < data.length; i++, p += 4) {
    const alpha = rgba[p + 3];
    let r = rgba[p];
    let g = rgba[p + 1];
    let b = rgba[p + 2];
    if (alpha !== 255) {
      r = 255 - (((255 - r) * alpha) >> 8);
      g = 255 - (((255 - g) * alpha) >> 8);
      b = 255 - (((255 - b) * alpha) >> 8);
    }
    if (r !== g || g !== b) coloured = true;
    data[i] = luminance(r, g, b);
    if (rgb) {
      rgb[i * 3] = r;
      rgb[i * 3 + 1] = g;
      rgb[i * 3 + 2] = b;
    }
  }
  return { width, height, data, coloured };
}

/** The image turned clockwise by `rotation` degrees (its colour pixels too). */
export function rotate(image: GrayImage, rotation: Rotation): GrayImage {
  if (rotation === 0) return image;
  const { width: w, height: h } = image;
  const turned = rotation === 180 ? { width: w, height: h } : { width: h, height: w };
  const data = rotatePlane(image.data, w, h, 1, rotation);
  return image.rgb ? { ...turned, data, rgb: rotatePlane(image.rgb, w, h, 3, rotation) } : { ...turned, data };
}

/** Pixels of `channels` bytes each, turned clockwise. */
function rotatePlane(data: Uint8Array, w: number, h: number, channels: number, rotation: 90 | 180 | 270): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      // 180: same size; 90 or 270: the output is h wide and w high.
      const target = rotation === 180 ? (h - 1 - y) * w + (w - 1 - x) : rotation === 90 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y;
      if (channels === 1) out[target] = data[row + x];
      else for (let c = 0; c < channels; c++) out[target * channels + c] = data[(row + x) * channels + c];
    }
  }
  return out;
}

/**
 * Shrinks by an integer factor so that the image has at most `maxPixels` pixels (box filter: each
 * output pixel is the mean of a factor x factor block). Returned as is when already small enough.
 * A shrunk image is grey only (an oversized picture, or a probe for the orientation).
 */
export function shrinkToPixels(image: GrayImage, maxPixels: number): GrayImage {
  const factor = Math.ceil(Math.sqrt((image.width * image.height) / maxPixels));
  return factor <= 1 ? image : shrinkBy(image, factor);
}

export function shrinkBy(image: GrayImage, factor: number): GrayImage {
  const width = Math.max(1, Math.floor(image.width / factor));
  const height = Math.max(1, Math.floor(image.height / factor));
  const out = new Uint8Array(width * height);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * image.width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += image.data[row + dx];
      }
      out[y * width + x] = Math.round(sum / area);
    }
  }
  return { width, height, data: out };
}

/** Binary PPM (P6) of the colour pixels when there are some, else PGM (P5): what the worker decodes. */
export function toPnm(image: GrayImage): Uint8Array {
  const pixels = image.rgb ?? image.data;
  const header = new TextEncoder().encode(`${image.rgb ? 'P6' : 'P5'}\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + pixels.length);
  out.set(header, 0);
  out.set(pixels, header.length);
  return out;
}

/** Share of dark pixels: a blank page (or a blank strip) has almost none, and is not worth OCR. */
export function inkRatio(image: GrayImage, threshold = 128): number {
  if (image.data.length === 0) return 0;
  // A sample of pixels is enough for a ratio; a full scan of a 300 dpi page costs ~10 ms for nothing.
  const step = Math.max(1, Math.floor(image.data.length / 200_000));
  let dark = 0;
  let seen = 0;
  for (let i = 0; i < image.data.length; i += step, seen++) if (image.data[i] < threshold) dark++;
  return dark / seen;
}
