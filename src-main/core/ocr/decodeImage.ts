/**
 * Image files to page images for OCR, with the pixels the tesseract command line would read from the
 * same file: PNG, JPEG, WebP, BMP and GIF through @napi-rs/canvas (Skia's decoders: libjpeg-turbo for
 * JPEG, as Leptonica uses for the CLI), TIFF through UTIF (Skia has no TIFF decoder), including
 * multi-page TIFF (one page per frame, decoded one at a time). A colour picture keeps its colour
 * (grayImage.ts says why). An embedded ICC colour profile is not applied: Leptonica ignores it, and
 * tesseract's models were trained on pixels read that way (measured on the corpus's scans, which carry
 * an Adobe RGB profile: see docs/benchmarks.md, "OCR"). Memory stays bounded: a picture larger than
 * MAX_DECODE_PIXELS is refused before its pixels are decoded where the format allows it, and pages are
 * shrunk to at most MAX_OCR_PIXELS (more pixels than an A3 page at 350 dpi do not read better).
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { grayFromRgba, MAX_OCR_PIXELS, shrinkToPixels, type GrayImage } from './grayImage';

/** Past this, a picture is refused (its RGBA pixels alone would take 400 MB). */
export const MAX_DECODE_PIXELS = 100_000_000;
/** Canvas rows drawn at a time when shrinking, so the RGBA copy of a large picture is never whole. */
const STRIP_ROWS = 512;

export interface DecodedPage {
  image: GrayImage;
  /** Resolution of the page as given to OCR (after shrinking), or 0 when the file does not say. */
  dpi: number;
}

export class ImageDecodeError extends Error {}
export class ImageTooLargeError extends Error {
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    super(`${width} x ${height} pixels`);
  }
}

/** How many pages an image file has (frames of a TIFF; 1 otherwise), without decoding pixels. */
export function imagePageCount(bytes: Uint8Array): number {
  if (!isTiff(bytes)) return 1;
  try {
    return Math.max(1, tiffPages(UTIF.decode(arrayBufferOf(bytes))).length);
  } catch {
    return 1;
  }
}

/** The pages of an image file, one at a time. Throws ImageDecodeError when the bytes are not a readable picture. */
export async function* decodeImagePages(bytes: Uint8Array): AsyncGenerator<DecodedPage> {
  if (isTiff(bytes)) {
    yield* decodeTiff(bytes);
    return;
  }
  const truncated = truncation(bytes);
  if (truncated) throw new ImageDecodeError(truncated);
  const dims = headerDimensions(bytes);
  if (dims && dims.width * dims.height > MAX_DECODE_PIXELS) throw new ImageTooLargeError(dims.width, dims.height);
  let picture: Awaited<ReturnType<typeof loadImage>>;
  try {
    picture = await loadImage(withoutColourProfile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
  } catch (error) {
    throw new ImageDecodeError(error instanceof Error ? error.message : String(error));
  }
  const { width, height } = picture;
  if (!width || !height) throw new ImageDecodeError('the picture has no pixels');
  if (width * height > MAX_DECODE_PIXELS) throw new ImageTooLargeError(width, height);
  const scale = Math.min(1, Math.sqrt(MAX_OCR_PIXELS / (width * height)));
  const outWidth = Math.max(1, Math.floor(width * scale));
  const outHeight = Math.max(1, Math.floor(height * scale));
  const gray = new Uint8Array(outWidth * outHeight);
  // Colour only at the picture's own size: a shrunk picture is no longer what the CLI would read.
  let rgb: Uint8Array | undefined = scale === 1 ? new Uint8Array(outWidth * outHeight * 3) : undefined;
  let coloured = false;
  const strip = createCanvas(outWidth, Math.min(STRIP_ROWS, outHeight));
  const ctx = strip.getContext('2d');
  for (let top = 0; top < outHeight; top += STRIP_ROWS) {
    const rows = Math.min(STRIP_ROWS, outHeight - top);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, outWidth, rows);
    ctx.drawImage(picture, 0, -top, outWidth, outHeight);
    // The canvas's own pixels (RGBA, opaque on the white fill, so the same bytes as getImageData)
    // without getImageData's per-pixel conversion (measured: ~0.1 s less on a 9-Mpx scan).
    const rgba = strip.data();
    const part = grayFromRgba(rgba, outWidth, rows, rgb?.subarray(top * outWidth * 3, (top + rows) * outWidth * 3));
    gray.set(part.data, top * outWidth);
    coloured ||= part.coloured;
  }
  // A grey picture in an RGB file (R = G = B everywhere) reads the same from its grey.
  if (!coloured) rgb = undefined;
  const dpi = fileDpi(bytes);
  yield { image: rgb ? { width: outWidth, height: outHeight, data: gray, rgb } : { width: outWidth, height: outHeight, data: gray }, dpi: dpi * scale };
}

/**
 * The JPEG without its ICC profile (APP2 "ICC_PROFILE" segments), so that Skia decodes the stored
 * pixels as Leptonica does, without converting them to sRGB. Other files are returned as they are.
 */
export function withoutColourProfile(bytes: Buffer): Buffer {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return bytes;
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let p = 2;
  let found = false;
  // Markers up to the start of the scan (SOS, 0xDA): the metadata segments are all before it.
  while (p + 4 <= bytes.length && bytes[p] === 0xff && bytes[p + 1] !== 0xda) {
    const end = p + 2 + bytes.readUInt16BE(p + 2);
    if (bytes[p + 1] === 0xe2 && bytes.toString('latin1', p + 4, p + 16) === 'ICC_PROFILE\0') found = true;
    else kept.push(bytes.subarray(p, end));
    p = end;
  }
  if (!found) return bytes;
  kept.push(bytes.subarray(p));
  return Buffer.concat(kept);
}

async function* decodeTiff(bytes: Uint8Array): AsyncGenerator<DecodedPage> {
  const buffer = arrayBufferOf(bytes);
  let ifds: UTIF.IFD[];
  try {
    ifds = UTIF.decode(buffer);
  } catch (error) {
    throw new ImageDecodeError(error instanceof Error ? error.message : String(error));
  }
  const pages = tiffPages(ifds);
  if (pages.length === 0) throw new ImageDecodeError('no image in the TIFF file');
  for (const ifd of pages) {
    const width = Number(first(ifd.t256));
    const height = Number(first(ifd.t257));
    if (width * height > MAX_DECODE_PIXELS) throw new ImageTooLargeError(width, height);
    let rgba: Uint8Array;
    try {
      UTIF.decodeImage(buffer, ifd);
      rgba = UTIF.toRGBA8(ifd);
    } catch (error) {
      throw new ImageDecodeError(error instanceof Error ? error.message : String(error));
    }
    if (rgba.length < width * height * 4) throw new ImageDecodeError('truncated TIFF image data');
    ifd.data = new Uint8Array(0); // the raw strip data is not needed any more
    const rgb = new Uint8Array(width * height * 3);
    const { coloured, ...grey } = grayFromRgba(rgba, width, height, rgb);
    const image = shrinkToPixels(coloured ? { ...grey, rgb } : grey, MAX_OCR_PIXELS);
    const unit = Number(first(ifd.t296) ?? 2); // 2 = inch, 3 = centimetre
    const resolution = Number(first(ifd.t282) ?? 0);
    const dpi = resolution > 0 ? (unit === 3 ? resolution * 2.54 : unit === 2 ? resolution : 0) : 0;
    yield { image, dpi: dpi * (image.width / width) };
  }
}

/** Reduced-resolution copies (thumbnails, NewSubfileType bit 0) are not pages. */
function tiffPages(ifds: UTIF.IFD[]): UTIF.IFD[] {
  return ifds.filter((ifd) => ifd.t256 && ifd.t257 && !(Number(first(ifd.t254)) & 1));
}

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function isTiff(b: Uint8Array): boolean {
  return (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a);
}

/**
 * Skia draws what it could decode of a cut-off PNG or JPEG (the rest blank): a truncated file would
 * then pass as a blank page. Their end markers say whether the file is whole.
 */
function truncation(b: Uint8Array): string | null {
  const tail = Buffer.from(b.buffer, b.byteOffset, b.byteLength).subarray(Math.max(0, b.byteLength - 4096));
  if (b[0] === 0x89 && b[1] === 0x50 && !tail.includes('IEND', 0, 'latin1')) return 'truncated PNG (no IEND chunk)';
  if (b[0] === 0xff && b[1] === 0xd8 && !tail.includes(Buffer.from([0xff, 0xd9]))) return 'truncated JPEG (no end-of-image marker)';
  return null;
}

/** Width and height from the header of a PNG, BMP, GIF or JPEG, before any pixel is decoded. */
export function headerDimensions(b: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50) return { width: view.getUint32(16), height: view.getUint32(20) };
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49) return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let p = 2;
    while (p + 9 < b.length) {
      if (b[p] !== 0xff) return null;
      const marker = b[p + 1];
      const length = view.getUint16(p + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: view.getUint16(p + 7), height: view.getUint16(p + 5) };
      }
      p += 2 + length;
    }
  }
  return null;
}

/** The resolution a PNG (pHYs) or JPEG (JFIF) declares, or 0. */
export function fileDpi(b: Uint8Array): number {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length > 8 && b[0] === 0x89 && b[1] === 0x50) {
    let p = 8;
    while (p + 12 <= b.length) {
      const length = view.getUint32(p);
      const type = String.fromCharCode(b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
      if (type === 'pHYs' && length >= 9 && b[p + 16] === 1) return Math.round(view.getUint32(p + 8) * 0.0254);
      if (type === 'IDAT' || type === 'IEND') return 0;
      p += 12 + length;
    }
    return 0;
  }
  if (b.length > 18 && b[0] === 0xff && b[1] === 0xd8 && b[6] === 0x4a && b[7] === 0x46 && b[8] === 0x49 && b[9] === 0x46) {
    const units = b[13];
    const x = view.getUint16(14);
    if (units === 1) return x;
    if (units === 2) return Math.round(x * 2.54);
  }
  return 0;
}
