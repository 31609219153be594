/**
 * JPEGs straight to grey (decodeJpeg.ts) against the canvas path they replace: the same picture, the
 * same way up (EXIF orientation), about the same grey levels; the cases it leaves to the canvas
 * (mirrored orientation, refused data) still decode.
 */
import { readFileSync } from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { decodeImagePages, headerDimensions, ImageDecodeError } from '../../../src-main/core/ocr/decodeImage';
import { jpegOrientation, jpegToGray } from '../../../src-main/core/ocr/decodeJpeg';
import { rotate, type GrayImage } from '../../../src-main/core/ocr/grayImage';
import { corpusFile } from '../../helpers/paths';

/** A JPEG of a page-like picture: dark text-like bars on white, asymmetric so a turn shows. */
function testJpeg(width = 300, height = 200): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000000';
  ctx.fillRect(10, 10, 120, 20);
  ctx.fillRect(10, 50, 260, 12);
  ctx.fillRect(10, 80, 200, 12);
  return canvas.encodeSync('jpeg', 95);
}

/** The JPEG with an APP1 Exif segment whose only entry is Orientation, right after SOI. */
function withOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x0112, 10);
  tiff.writeUInt16LE(3, 12); // SHORT
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt16LE(orientation, 18);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, body, jpeg.subarray(2)]);
}

async function decoded(bytes: Uint8Array): Promise<GrayImage> {
  for await (const page of decodeImagePages(bytes)) return page.image;
  throw new Error('no page');
}

/** The canvas path's reading of the same bytes (Skia applies EXIF orientation itself). */
async function canvasReading(bytes: Buffer): Promise<GrayImage> {
  const { loadImage } = await import('@napi-rs/canvas');
  const picture = await loadImage(bytes);
  const canvas = createCanvas(picture.width, picture.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(picture, 0, 0);
  const rgba = ctx.getImageData(0, 0, picture.width, picture.height).data;
  const data = new Uint8Array(picture.width * picture.height);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]);
  return { width: picture.width, height: picture.height, data };
}

function meanDifference(a: GrayImage, b: GrayImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

describe('JPEG to grey', () => {
  it('reads a corpus scan as the canvas path does', async () => {
    const bytes = new Uint8Array(readFileSync(corpusFile('ocr', 'fr', 'tapus_07.jpg')));
    const size = headerDimensions(bytes)!;
    // The fast path itself (decodeImagePages would fall back to the canvas if it refused).
    const fast = (await jpegToGray(bytes, size, 1e9))!;
    expect(fast).not.toBeNull();
    // And it is the one decodeImagePages takes for this picture.
    expect((await decoded(bytes)).data).toEqual(fast.data);
    const reference = await canvasReading(Buffer.from(bytes));
    expect([fast.width, fast.height]).toEqual([reference.width, reference.height]);
    // The scans carry an Adobe RGB profile that only Skia converts: a few levels apart on average
    // (the same scan turned upside down is dozens apart).
    expect(meanDifference(fast, reference)).toBeLessThan(6);
  });

  for (const orientation of [3, 6, 8]) {
    it(`turns a picture with EXIF orientation ${orientation} the way Skia shows it`, async () => {
      const bytes = withOrientation(testJpeg(), orientation);
      expect(jpegOrientation(new Uint8Array(bytes))).toBe(orientation);
      const fast = await jpegToGray(new Uint8Array(bytes), { width: 300, height: 200 }, 1e9);
      expect(fast).not.toBeNull();
      const reference = await canvasReading(bytes);
      expect([fast!.width, fast!.height]).toEqual([reference.width, reference.height]);
      expect(meanDifference(fast!, reference)).toBeLessThan(3);
      // Not the same picture turned another way.
      expect(meanDifference(rotate(fast!, 180), reference)).toBeGreaterThan(20);
    });
  }

  it('leaves a mirrored orientation and pictures over the limit to the canvas path, which reads them', async () => {
    const mirrored = withOrientation(testJpeg(), 2);
    expect(await jpegToGray(new Uint8Array(mirrored), { width: 300, height: 200 }, 1e9)).toBeNull();
    expect(await jpegToGray(new Uint8Array(testJpeg()), { width: 300, height: 200 }, 1000)).toBeNull();
    const page = await decoded(new Uint8Array(mirrored));
    expect([page.width, page.height]).toEqual([300, 200]);
  });

  it('gives data that is not a JPEG back to the canvas path, which refuses it', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10]), Buffer.alloc(64, 0x41), Buffer.from([0xff, 0xd9])]);
    expect(await jpegToGray(new Uint8Array(fake), { width: 16, height: 16 }, 1e9)).toBeNull();
    await expect(decoded(new Uint8Array(fake))).rejects.toBeInstanceOf(ImageDecodeError);
  });

  it('takes a broken EXIF segment for none', () => {
    const broken = withOrientation(testJpeg(), 6);
    broken.writeUInt32LE(0xfffffff0, 4 + 4 + 6 + 4); // IFD offset far past the end
    expect(jpegOrientation(new Uint8Array(broken))).toBe(1);
  });
});
