/** Test pictures made from corpus images: other formats (WebP, BMP) and other orientations. */
import { readFileSync } from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import { decodeImagePages } from '../../../src-main/core/ocr/decodeImage';
import { rotate, type GrayImage, type Rotation } from '../../../src-main/core/ocr/grayImage';

export async function firstPage(file: string): Promise<GrayImage> {
  for await (const page of decodeImagePages(new Uint8Array(readFileSync(file)))) return page.image;
  throw new Error(`no page in ${file}`);
}

export function turned(image: GrayImage, rotation: Rotation): GrayImage {
  return rotate(image, rotation);
}

function rgba(image: GrayImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0; i < image.data.length; i++) {
    out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = image.data[i];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** WebP through Skia's encoder (lossless quality). */
export async function webp(image: GrayImage): Promise<Buffer> {
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  const data = ctx.createImageData(image.width, image.height);
  data.data.set(rgba(image));
  ctx.putImageData(data, 0, 0);
  return canvas.encode('webp', 100);
}

/** A 24-bit bottom-up BMP, written by hand (Skia does not encode BMP). */
export function bmp(image: GrayImage): Buffer {
  const rowSize = Math.ceil((image.width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + rowSize * image.height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(image.width, 18);
  out.writeInt32LE(image.height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(rowSize * image.height, 34);
  for (let y = 0; y < image.height; y++) {
    const row = 54 + (image.height - 1 - y) * rowSize;
    for (let x = 0; x < image.width; x++) out.fill(image.data[y * image.width + x], row + x * 3, row + x * 3 + 3);
  }
  return out;
}
