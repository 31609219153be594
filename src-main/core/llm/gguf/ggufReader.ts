/**
 * Reads a GGUF file's header (metadata and tensor infos) without touching the weights, in plain
 * Node: no native code, so a malformed file can only make this throw, never abort the process.
 * Large arrays (a 150k-token vocabulary, BPE merges) are skipped over and only their length kept.
 */
import { open } from 'node:fs/promises';
import { GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC, GgufValueType, ggmlTypeLayout, scalarByteSize } from './ggufFormat';

export type GgufReadScalar = number | bigint | boolean | string;
export interface GgufReadArray {
  kind: 'array';
  itemType: number;
  length: number;
  /** The items, kept only for short arrays (see MAX_KEPT_ARRAY_ITEMS). */
  items: GgufReadScalar[] | null;
}
export type GgufReadValue = GgufReadScalar | GgufReadArray;

export interface GgufTensorInfo {
  name: string;
  dims: number[];
  type: number;
  /** Relative to the start of the data section. */
  offset: number;
}

export interface GgufHeader {
  version: number;
  metadata: Map<string, GgufReadValue>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Absolute offset of the tensor data section. */
  dataOffset: number;
  fileSize: number;
  /** Bytes the tensor data needs, for the tensors whose type layout is known; the file must hold them. */
  requiredSize: number;
}

export type GgufFormatProblem = 'not-gguf' | 'unsupported-version' | 'truncated' | 'malformed';

/** Why a file is not a readable GGUF; the model layer turns it into a PhareError. */
export class GgufFormatError extends Error {
  constructor(
    readonly problem: GgufFormatProblem,
    detail: string,
  ) {
    super(detail);
    this.name = 'GgufFormatError';
  }
}

const MAX_KEPT_ARRAY_ITEMS = 1024;
const MAX_STRING_BYTES = 64 * 1024 * 1024;
const MAX_DIMS = 4;
const FIRST_READ_BYTES = 1024 * 1024;
/** No real header is this large (the biggest vocabularies take ~10 MB); past it the file is malformed. */
const MAX_HEADER_BYTES = 512 * 1024 * 1024;

/** Thrown when the in-memory window ends before the header does: read more and parse again. */
class NeedMoreBytes extends Error {}

class Cursor {
  pos = 0;
  constructor(
    private readonly buf: Buffer,
    /** True when `buf` holds the whole file, so running out means truncation. */
    private readonly isWholeFile: boolean,
  ) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) {
      if (this.isWholeFile) throw new GgufFormatError('truncated', 'the file ends inside the header');
      throw new NeedMoreBytes();
    }
  }
  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  u64(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return v;
  }
  /** A u64 that must fit a JS number (counts, lengths, dims, offsets). */
  size(what: string): number {
    const v = this.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufFormatError('malformed', `${what} is out of range`);
    return Number(v);
  }
  string(): string {
    const length = this.size('string length');
    if (length > MAX_STRING_BYTES) throw new GgufFormatError('malformed', 'a string is implausibly long');
    this.need(length);
    const s = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return s;
  }
  skipString(): void {
    const length = this.size('string length');
    if (length > MAX_STRING_BYTES) throw new GgufFormatError('malformed', 'a string is implausibly long');
    this.need(length);
    this.pos += length;
  }
  scalar(type: number): GgufReadScalar {
    const b = this.buf;
    const at = this.pos;
    switch (type) {
      case GgufValueType.uint8:
        return this.u8();
      case GgufValueType.int8:
        this.need(1);
        this.pos += 1;
        return b.readInt8(at);
      case GgufValueType.uint16:
        this.need(2);
        this.pos += 2;
        return b.readUInt16LE(at);
      case GgufValueType.int16:
        this.need(2);
        this.pos += 2;
        return b.readInt16LE(at);
      case GgufValueType.uint32:
        return this.u32();
      case GgufValueType.int32:
        this.need(4);
        this.pos += 4;
        return b.readInt32LE(at);
      case GgufValueType.float32:
        this.need(4);
        this.pos += 4;
        return b.readFloatLE(at);
      case GgufValueType.bool:
        return this.u8() !== 0;
      case GgufValueType.string:
        return this.string();
      case GgufValueType.uint64: {
        const v = this.u64();
        return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      case GgufValueType.int64: {
        this.need(8);
        this.pos += 8;
        const v = b.readBigInt64LE(at);
        return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
      }
      case GgufValueType.float64:
        this.need(8);
        this.pos += 8;
        return b.readDoubleLE(at);
      default:
        throw new GgufFormatError('malformed', `unknown value type ${type}`);
    }
  }
  value(type: number): GgufReadValue {
    if (type !== GgufValueType.array) return this.scalar(type);
    const itemType = this.u32();
    const length = this.size('array length');
    if (itemType === GgufValueType.array) throw new GgufFormatError('malformed', 'nested arrays are not supported');
    if (length <= MAX_KEPT_ARRAY_ITEMS) {
      const items: GgufReadScalar[] = [];
      for (let i = 0; i < length; i++) items.push(this.scalar(itemType));
      return { kind: 'array', itemType, length, items };
    }
    if (itemType === GgufValueType.string) {
      for (let i = 0; i < length; i++) this.skipString();
    } else {
      const itemSize = (scalarByteSize as Record<string, number>)[typeName(itemType)];
      if (itemSize === undefined) throw new GgufFormatError('malformed', `unknown array item type ${itemType}`);
      this.need(itemSize * length);
      this.pos += itemSize * length;
    }
    return { kind: 'array', itemType, length, items: null };
  }
}

function typeName(type: number): string {
  return Object.entries(GgufValueType).find(([, v]) => v === type)?.[0] ?? '?';
}

function parseHeader(buf: Buffer, isWholeFile: boolean, fileSize: number): GgufHeader {
  const c = new Cursor(buf, isWholeFile);
  if (c.u32() !== GGUF_MAGIC) throw new GgufFormatError('not-gguf', 'the file does not start with the GGUF magic');
  const version = c.u32();
  // Version 1 used 32-bit counts; nothing current writes it, and llama.cpp refuses it too.
  if (version !== 2 && version !== 3) throw new GgufFormatError('unsupported-version', `GGUF version ${version}`);
  const tensorCount = c.size('tensor count');
  const kvCount = c.size('metadata count');
  // Each entry takes at least a few bytes, so counts beyond the file size are garbage.
  if (tensorCount > fileSize || kvCount > fileSize) throw new GgufFormatError('malformed', 'implausible header counts');

  const metadata = new Map<string, GgufReadValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string();
    const type = c.u32();
    metadata.set(key, c.value(type));
  }

  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string();
    const nDims = c.u32();
    if (nDims < 1 || nDims > MAX_DIMS) throw new GgufFormatError('malformed', `tensor ${name} has ${nDims} dimensions`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(c.size(`dimension of ${name}`));
    const type = c.u32();
    const offset = c.size(`offset of ${name}`);
    tensors.push({ name, dims, type, offset });
  }

  const alignmentValue = metadata.get('general.alignment');
  const alignment = typeof alignmentValue === 'number' ? alignmentValue : GGUF_DEFAULT_ALIGNMENT;
  if (!Number.isInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
    throw new GgufFormatError('malformed', `alignment ${String(alignmentValue)} is not a power of two`);
  }
  const dataOffset = Math.ceil(c.pos / alignment) * alignment;

  let requiredSize = dataOffset;
  for (const tensor of tensors) {
    if (tensor.offset % alignment !== 0) throw new GgufFormatError('malformed', `tensor ${tensor.name} is misaligned`);
    const layout = ggmlTypeLayout[tensor.type];
    const elements = tensor.dims.reduce((a, b) => a * b, 1);
    const bytes = layout ? Math.ceil(elements / layout.blockSize) * layout.typeSize : 0;
    requiredSize = Math.max(requiredSize, dataOffset + tensor.offset + bytes);
  }
  return { version, metadata, tensors, alignment, dataOffset, fileSize, requiredSize };
}

/**
 * Reads and checks a GGUF header. Throws GgufFormatError for anything that is not a whole GGUF file
 * (bad magic, unknown version, a header or tensor data cut short); fs errors (ENOENT...) pass through.
 */
export async function readGgufHeader(file: string): Promise<GgufHeader> {
  const handle = await open(file, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    let window = Math.min(FIRST_READ_BYTES, fileSize);
    for (;;) {
      const buf = Buffer.alloc(window);
      const { bytesRead } = await handle.read(buf, 0, window, 0);
      const isWholeFile = bytesRead >= fileSize;
      try {
        const header = parseHeader(buf.subarray(0, bytesRead), isWholeFile, fileSize);
        if (header.requiredSize > fileSize) {
          throw new GgufFormatError('truncated', `the tensor data needs ${header.requiredSize} bytes, the file has ${fileSize}`);
        }
        return header;
      } catch (error) {
        if (!(error instanceof NeedMoreBytes)) throw error;
        if (window >= MAX_HEADER_BYTES) throw new GgufFormatError('malformed', 'the header is implausibly large');
        window = Math.min(window * 4, fileSize, MAX_HEADER_BYTES);
      }
    }
  } finally {
    await handle.close();
  }
}

/** Convenience accessors for typed metadata lookups. */
export function metaNumber(header: GgufHeader, key: string): number | null {
  const v = header.metadata.get(key);
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}
export function metaString(header: GgufHeader, key: string): string | null {
  const v = header.metadata.get(key);
  return typeof v === 'string' ? v : null;
}
export function metaArrayLength(header: GgufHeader, key: string): number | null {
  const v = header.metadata.get(key);
  return typeof v === 'object' && v !== null && 'kind' in v ? v.length : null;
}
