/**
 * ZIP archives built in memory for the bad-input tests: Office files whose parts are what the test
 * needs, including zip bombs (a few hundred kilobytes that inflate to a gigabyte). A bomb is made of
 * one deflate block of a megabyte of zeros, ended by a full flush so it depends on nothing before
 * it, repeated: no gigabyte is ever held or compressed to build it.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** Deflated data (raw deflate); written as is. */
  deflated: Buffer;
  /** The true CRC-32 and size of the inflated data. */
  crc: number;
  size: number;
  /** What the archive declares; defaults to the true size. */
  declaredSize?: number;
}

export function deflatedPart(name: string, content: string | Buffer): ZipPart {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { name, deflated: deflateRawSync(data), crc: crc32(data), size: data.length };
}

/** A part that inflates to `megabytes` MB of zeros, from about 1 KB per megabyte. */
export function zerosPart(name: string, megabytes: number, declaredSize?: number): ZipPart {
  const mb = Buffer.alloc(1024 * 1024);
  const block = deflateRawSync(mb, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  // The final, empty, fixed-Huffman block that ends the stream.
  const end = Buffer.from([0x03, 0x00]);
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crc32(mb, crc);
  const deflated = Buffer.concat([...Array.from({ length: megabytes }, () => block), end]);
  return { name, deflated, crc, size: megabytes * mb.length, declaredSize };
}

/** The archive: local headers and data, then the central directory. */
export function zipArchive(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const size = part.declaredSize ?? part.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, part.deflated);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.crc >>> 0, 16);
    central.writeUInt32LE(part.deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + part.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/></Types>';

/** A `.docx` whose document part is a bomb: honest (declares its gigabyte) or lying (declares 10 KB). */
export function zipBombDocx(kind: 'declared' | 'lying', megabytes = 1024): Buffer {
  return zipArchive([
    deflatedPart('[Content_Types].xml', CONTENT_TYPES),
    zerosPart('word/document.xml', megabytes, kind === 'lying' ? 10_000 : undefined),
  ]);
}
