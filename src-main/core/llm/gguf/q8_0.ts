/**
 * ggml's Q8_0 block layout, for the GGUF writer: blocks of 32 values, each a float16 scale `d`
 * followed by 32 int8 `q`, value = d * q (ggml's `block_q8_0`, 34 bytes). Quantisation follows
 * ggml's reference `quantize_row_q8_0_ref`: d = max|x| / 127, q = round(x / d).
 */
import { randomFillSync } from 'node:crypto';

export const Q8_0_BLOCK = 32;
export const Q8_0_BLOCK_BYTES = 2 + Q8_0_BLOCK;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half-precision bits of a number, rounded to nearest even (subnormals kept, overflow to infinity). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // inf / NaN
  let e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // too small: signed zero
    mantissa |= 0x800000;
    const shift = 14 - e;
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    if (rest > midpoint || (rest === midpoint && (half & 1))) half++;
    return sign | half;
  }
  let half = mantissa >>> 13;
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1))) {
    half++;
    if (half === 0x400) {
      half = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | half;
}

/** The byte size of `elements` values in Q8_0 (elements must be a multiple of 32). */
export function q8_0ByteLength(elements: number): number {
  if (elements % Q8_0_BLOCK !== 0) throw new Error(`Q8_0 needs a multiple of ${Q8_0_BLOCK} values, got ${elements}`);
  return (elements / Q8_0_BLOCK) * Q8_0_BLOCK_BYTES;
}

/** Quantises values (a multiple of 32) to Q8_0 blocks. */
export function quantiseQ8_0(values: Float32Array): Buffer {
  const out = Buffer.alloc(q8_0ByteLength(values.length));
  for (let block = 0; block < values.length / Q8_0_BLOCK; block++) {
    const base = block * Q8_0_BLOCK;
    let amax = 0;
    for (let i = 0; i < Q8_0_BLOCK; i++) amax = Math.max(amax, Math.abs(values[base + i]));
    const d = amax / 127;
    const inverse = d ? 1 / d : 0;
    const at = block * Q8_0_BLOCK_BYTES;
    out.writeUInt16LE(float16Bits(d), at);
    // Math.round rounds halves up, roundf away from zero: the same except at exact negative halves.
    for (let i = 0; i < Q8_0_BLOCK; i++) {
      const x = values[base + i] * inverse;
      out.writeInt8(x < 0 ? -Math.round(-x) : Math.round(x), at + 2 + i);
    }
  }
  return out;
}

/**
 * Random Q8_0 weights for a [cols, rows] matrix (cols contiguous), produced `rowsPerChunk` rows at a
 * time: every block has the scale `maxAbs / 127` and q uniform in [-127, 127], so the values are
 * uniform in [-maxAbs, maxAbs]. `zeroRow(r)` true makes row r all zeros. For real-size synthetic
 * models, where the values do not matter but the bytes must be real and the memory small.
 */
export function* randomQ8_0Rows(
  cols: number,
  rows: number,
  maxAbs: number,
  options: { rowsPerChunk?: number; zeroRow?: (row: number) => boolean } = {},
): Generator<Uint8Array> {
  const rowBytes = q8_0ByteLength(cols);
  const rowsPerChunk = Math.max(1, options.rowsPerChunk ?? Math.floor((4 << 20) / rowBytes));
  const dBits = float16Bits(maxAbs / 127);
  const dLow = dBits & 0xff;
  const dHigh = dBits >>> 8;
  for (let first = 0; first < rows; first += rowsPerChunk) {
    const count = Math.min(rowsPerChunk, rows - first);
    const chunk = new Uint8Array(count * rowBytes);
    randomFillSync(chunk);
    for (let block = 0; block < chunk.length; block += Q8_0_BLOCK_BYTES) {
      chunk[block] = dLow;
      chunk[block + 1] = dHigh;
      // -128 is outside ggml's Q8_0 range (its SIMD dot products take |q|): use -127.
      for (let i = block + 2; i < block + Q8_0_BLOCK_BYTES; i++) if (chunk[i] === 0x80) chunk[i] = 0x81;
    }
    if (options.zeroRow) {
      for (let r = 0; r < count; r++) if (options.zeroRow(first + r)) chunk.fill(0, r * rowBytes, (r + 1) * rowBytes);
    }
    yield chunk;
  }
}
