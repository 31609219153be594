/**
 * Draws Phare's application icon (a lighthouse: "phare" in French) and writes the set the installers
 * use into `resources/icons/`: `icon.png` (1024 px, the source electron-builder may convert), PNG sizes
 * for Linux (`png/<n>x<n>.png`, the names electron-builder's Linux icon folder expects), `icon.ico`
 * (Windows: PNG-compressed entries, read since Windows Vista) and `icon.icns` (macOS: PNG entries).
 * Run with `npx tsx scripts/make-icons.ts` after changing the drawing; the files are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

/** Fills the polygon through `points` ([x, y] pairs on the 1024 grid). */
function fillPolygon(ctx: SKRSContext2D, points: Array<[number, number]>, color: string): void {
  ctx.fillStyle = color;
  ctx.beginPath();
  for (const [i, [x, y]] of points.entries()) {
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.closePath();
  ctx.fill();
}

/** Draws the icon on a square of `size` pixels, designed on a 1024 grid. */
function drawIcon(size: number): Buffer {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  ctx.scale(size / 1024, size / 1024);

  // Night sky in a rounded square (macOS-style margins: the shape fills 824 of 1024).
  const inset = 100;
  const side = 1024 - 2 * inset;
  const sky = ctx.createLinearGradient(0, inset, 0, inset + side);
  sky.addColorStop(0, '#0b2545');
  sky.addColorStop(1, '#13315c');
  ctx.beginPath();
  ctx.roundRect(inset, inset, side, side, 185);
  ctx.fillStyle = sky;
  ctx.fill();
  ctx.save();
  ctx.clip();

  // Two beams from the lantern.
  for (const direction of [-1, 1]) {
    fillPolygon(ctx, [[512, 330], [512 + direction * 460, 210], [512 + direction * 460, 400]], 'rgba(255, 214, 102, 0.35)');
  }

  // Sea.
  ctx.fillStyle = '#1d4e89';
  ctx.fillRect(inset, 790, side, side);

  // Tower: a tapering white body with two red bands.
  fillPolygon(ctx, [[430, 400], [594, 400], [640, 800], [384, 800]], '#f4f1ea');
  fillPolygon(ctx, [[419, 500], [605, 500], [616, 580], [408, 580]], '#d64545');
  fillPolygon(ctx, [[401, 660], [623, 660], [633, 740], [391, 740]], '#d64545');

  // Gallery, lantern and roof.
  ctx.fillStyle = '#f4f1ea';
  ctx.fillRect(405, 378, 214, 30);
  ctx.fillStyle = '#ffd666';
  ctx.fillRect(450, 285, 124, 93);
  fillPolygon(ctx, [[430, 290], [512, 215], [594, 290]], '#d64545');

  // Door.
  ctx.fillStyle = '#0b2545';
  ctx.beginPath();
  ctx.roundRect(487, 720, 50, 80, [25, 25, 0, 0]);
  ctx.fill();
  ctx.restore();
  return canvas.toBuffer('image/png');
}

/** An ICO file whose entries are PNG images (width and height bytes are 0 for 256). */
function ico(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/** An ICNS file with PNG entries: ic07 128 px, ic08 256, ic09 512, ic10 1024 (512@2x). */
function icns(images: Array<{ type: string; png: Buffer }>): Buffer {
  const chunks = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

function main(): void {
  const folder = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'resources', 'icons'));
  mkdirSync(join(folder, 'png'), { recursive: true });
  const png = new Map<number, Buffer>();
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) png.set(size, drawIcon(size));
  writeFileSync(join(folder, 'icon.png'), png.get(1024)!);
  for (const size of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(join(folder, 'png', `${size}x${size}.png`), png.get(size)!);
  writeFileSync(join(folder, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: png.get(size)! }))));
  writeFileSync(
    join(folder, 'icon.icns'),
    icns([
      { type: 'ic07', png: png.get(128)! },
      { type: 'ic08', png: png.get(256)! },
      { type: 'ic09', png: png.get(512)! },
      { type: 'ic10', png: png.get(1024)! },
    ]),
  );
  console.log(`icons written to ${folder}`);
}

main();
