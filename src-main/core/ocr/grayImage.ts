/**
 * The page image OCR works on: 8-bit grey, one byte a pixel. Tesseract binarises a grey image
 * itself, so colour is not needed; grey is a quarter of the memory of RGBA, and rotating or shrinking
 * it is a plain loop. It goes to tesseract.js as a PGM file (a header and the raw bytes), which its
 * image reader takes without the cost of compressing to PNG first.
 */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export type Rotation = 0 | 90 | 180 | 270;

/** RGBA pixels (canvas ImageData) to grey, transparent pixels taken as white paper. */
export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) {
    const alpha = rgba[p + 3];
    // ITU-R BT.601 luma, integer weights summing to 256.
    const luma = (rgba[p] * 77 + rgba[p + 1] * 150 + rgba[p + 2] * 29) >> 8;
    data[i] = alpha === 255 ? luma : 255 - (((255 - luma) * alpha) >> 8);
  }
  return { width, height, data };
}

/** The image turned clockwise by `rotation` degrees. */
export function rotate(image: GrayImage, rotation: Rotation): GrayImage {
  if (rotation === 0) return image;
  const { width: w, height: h, data } = image;
  const out = new Uint8Array(w * h);
  if (rotation === 180) {
    for (let i = 0, j = w * h - 1; i < out.length; i++, j--) out[i] = data[j];
    return { width: w, height: h, data: out };
  }
  // 90 or 270: the output is h wide and w high.
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const target = rotation === 90 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y;
      out[target] = data[row + x];
    }
  }
  return { width: h, height: w, data: out };
}

/**
 * Shrinks by an integer factor so that the image has at most `maxPixels` pixels (box filter: each
 * output pixel is the mean of a factor x factor block). Returned as is when already small enough.
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

/** Binary PGM (P5): what the worker decodes. */
export function toPgm(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header, 0);
  out.set(image.data, header.length);
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
