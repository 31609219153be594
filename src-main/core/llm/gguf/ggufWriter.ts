/**
 * A small generic GGUF v3 writer: typed metadata key/values, F32 tensors, alignment.
 * It exists so tests (and anyone without internet) can have real, loadable model files that the
 * project writes itself; see tinyModels.ts. `writeGguf` builds whole files in memory (fine for
 * fixtures); `writeGgufStreamed` takes tensors of any ggml type as byte producers and streams them
 * to disk, for real-size files (a 1B model in Q8_0 is over 1 GB; see realSizeModel.ts).
 */
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VERSION,
  GgmlType,
  GgufValueType,
  type GgufScalarTypeName,
} from './ggufFormat';

export type GgufScalar =
  | { type: 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64'; value: number }
  | { type: 'uint64' | 'int64'; value: bigint | number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string };

export type GgufValue =
  | GgufScalar
  | { type: 'array'; itemType: GgufScalarTypeName; value: ReadonlyArray<number | bigint | boolean | string> };

/** Shorthands, so metadata tables read like the GGUF spec. */
export const gguf = {
  u32: (value: number): GgufValue => ({ type: 'uint32', value }),
  i32: (value: number): GgufValue => ({ type: 'int32', value }),
  u64: (value: number | bigint): GgufValue => ({ type: 'uint64', value }),
  f32: (value: number): GgufValue => ({ type: 'float32', value }),
  bool: (value: boolean): GgufValue => ({ type: 'bool', value }),
  str: (value: string): GgufValue => ({ type: 'string', value }),
  array: (itemType: GgufScalarTypeName, value: ReadonlyArray<number | bigint | boolean | string>): GgufValue => ({
    type: 'array',
    itemType,
    value,
  }),
};

export interface GgufTensor {
  name: string;
  /** ggml order: dims[0] is the contiguous (innermost) dimension. */
  dims: number[];
  data: Float32Array;
}

export interface GgufDocument {
  /** Written in this order; `general.alignment` is added when `alignment` differs from the default. */
  metadata: Array<[key: string, value: GgufValue]>;
  tensors: GgufTensor[];
  alignment?: number;
}

/** Appends little-endian values to a growing list of buffers. */
class ByteSink {
  private readonly parts: Buffer[] = [];
  length = 0;

  push(buffer: Buffer): void {
    this.parts.push(buffer);
    this.length += buffer.length;
  }
  u8(v: number): void {
    const b = Buffer.alloc(1);
    b.writeUInt8(v);
    this.push(b);
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  u64(v: number | bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  padTo(alignment: number): void {
    const rest = this.length % alignment;
    if (rest !== 0) this.push(Buffer.alloc(alignment - rest));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.parts, this.length);
  }
}

function writeScalar(sink: ByteSink, type: GgufScalarTypeName, value: number | bigint | boolean | string): void {
  const b = Buffer.alloc(8);
  switch (type) {
    case 'string':
      sink.string(String(value));
      return;
    case 'bool':
      sink.u8(value ? 1 : 0);
      return;
    case 'uint8':
      b.writeUInt8(Number(value));
      sink.push(b.subarray(0, 1));
      return;
    case 'int8':
      b.writeInt8(Number(value));
      sink.push(b.subarray(0, 1));
      return;
    case 'uint16':
      b.writeUInt16LE(Number(value));
      sink.push(b.subarray(0, 2));
      return;
    case 'int16':
      b.writeInt16LE(Number(value));
      sink.push(b.subarray(0, 2));
      return;
    case 'uint32':
      b.writeUInt32LE(Number(value));
      sink.push(b.subarray(0, 4));
      return;
    case 'int32':
      b.writeInt32LE(Number(value));
      sink.push(b.subarray(0, 4));
      return;
    case 'float32':
      b.writeFloatLE(Number(value));
      sink.push(b.subarray(0, 4));
      return;
    case 'uint64':
      b.writeBigUInt64LE(BigInt(value as number | bigint));
      sink.push(b);
      return;
    case 'int64':
      b.writeBigInt64LE(BigInt(value as number | bigint));
      sink.push(b);
      return;
    case 'float64':
      b.writeDoubleLE(Number(value));
      sink.push(b);
      return;
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  sink.u32(GgufValueType[value.type]);
  if (value.type === 'array') {
    sink.u32(GgufValueType[value.itemType]);
    sink.u64(value.value.length);
    for (const item of value.value) writeScalar(sink, value.itemType, item);
  } else {
    writeScalar(sink, value.type, value.value);
  }
}

function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/** What the header says of a tensor: its name, shape, ggml type and byte size (which fixes the offsets). */
interface TensorInfo {
  name: string;
  dims: number[];
  type: number;
  byteLength: number;
}

/**
 * The header (magic, counts, metadata, tensor infos) padded to the alignment, and each tensor's
 * offset from the start of the data section that follows it.
 */
function encodeHeader(
  metadataIn: Array<[string, GgufValue]>,
  tensors: readonly TensorInfo[],
  alignment: number,
): { header: Buffer; offsets: number[]; dataLength: number } {
  const metadata = [...metadataIn];
  if (alignment !== GGUF_DEFAULT_ALIGNMENT && !metadata.some(([key]) => key === 'general.alignment')) {
    metadata.push(['general.alignment', gguf.u32(alignment)]);
  }
  const sink = new ByteSink();
  sink.u32(GGUF_MAGIC);
  sink.u32(GGUF_VERSION);
  sink.u64(tensors.length);
  sink.u64(metadata.length);
  for (const [key, value] of metadata) {
    sink.string(key);
    writeValue(sink, value);
  }
  // Tensor infos carry offsets relative to the start of the (aligned) data section.
  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of tensors) {
    offset = alignUp(offset, alignment);
    offsets.push(offset);
    sink.string(tensor.name);
    sink.u32(tensor.dims.length);
    for (const dim of tensor.dims) sink.u64(dim);
    sink.u32(tensor.type);
    sink.u64(offset);
    offset += tensor.byteLength;
  }
  sink.padTo(alignment);
  return { header: sink.toBuffer(), offsets, dataLength: offset };
}

/** Encodes a GGUF v3 file. Throws on a tensor whose data does not match its dimensions. */
export function encodeGguf(doc: GgufDocument): Buffer {
  const alignment = doc.alignment ?? GGUF_DEFAULT_ALIGNMENT;
  for (const tensor of doc.tensors) {
    const elements = tensor.dims.reduce((a, b) => a * b, 1);
    if (elements !== tensor.data.length) {
      throw new Error(`GGUF tensor ${tensor.name}: ${tensor.data.length} values for dims [${tensor.dims.join(', ')}]`);
    }
  }
  const infos = doc.tensors.map((t) => ({ name: t.name, dims: t.dims, type: GgmlType.F32, byteLength: t.data.byteLength }));
  const { header, offsets } = encodeHeader(doc.metadata, infos, alignment);
  const sink = new ByteSink();
  sink.push(header);
  doc.tensors.forEach((tensor, i) => {
    const padding = header.length + offsets[i] - sink.length;
    if (padding > 0) sink.push(Buffer.alloc(padding));
    sink.push(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  });
  return sink.toBuffer();
}

/** A tensor of any ggml type whose bytes are produced on demand, in order, chunk by chunk. */
export interface GgufStreamedTensor {
  name: string;
  /** ggml order: dims[0] is the contiguous (innermost) dimension. */
  dims: number[];
  /** A ggml type id (GgmlType, or 8 for Q8_0...). */
  type: number;
  /** Exact byte size of the data; the writer checks the produced bytes against it. */
  byteLength: number;
  chunks(): Iterable<Uint8Array>;
}

export interface GgufStreamedDocument {
  metadata: Array<[key: string, value: GgufValue]>;
  tensors: GgufStreamedTensor[];
  alignment?: number;
}

/**
 * Writes a GGUF v3 file whose tensors are produced chunk by chunk, so memory stays at one chunk
 * whatever the file size. Same temp-then-rename as writeGguf. Returns the file size in bytes.
 */
export async function writeGgufStreamed(file: string, doc: GgufStreamedDocument): Promise<number> {
  const alignment = doc.alignment ?? GGUF_DEFAULT_ALIGNMENT;
  const { header, offsets, dataLength } = encodeHeader(doc.metadata, doc.tensors, alignment);
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'w');
  let position = 0;
  const write = async (bytes: Uint8Array) => {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position);
      done += bytesWritten;
      position += bytesWritten;
    }
  };
  try {
    await write(header);
    for (const [i, tensor] of doc.tensors.entries()) {
      const padding = header.length + offsets[i] - position;
      if (padding > 0) await write(Buffer.alloc(padding));
      const start = position;
      for (const chunk of tensor.chunks()) await write(chunk);
      if (position - start !== tensor.byteLength) {
        throw new Error(`GGUF tensor ${tensor.name}: produced ${position - start} bytes, declared ${tensor.byteLength}`);
      }
    }
    if (position !== header.length + dataLength) throw new Error('GGUF streamed write: size mismatch');
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, file);
  return position;
}

/**
 * Writes a GGUF v3 file, creating its folder. Returns the file size in bytes.
 * Written beside the target then renamed, so a reader (another test worker) never sees half a file.
 */
export async function writeGguf(file: string, doc: GgufDocument): Promise<number> {
  const bytes = encodeGguf(doc);
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
  return bytes.length;
}
