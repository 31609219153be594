/**
 * Constants of the GGUF file format (version 3), shared by the writer and the header reader.
 * Reference: ggml's docs/gguf.md. Everything is little-endian.
 */

/** "GGUF" read as a little-endian uint32. */
export const GGUF_MAGIC = 0x46554747;
export const GGUF_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;

export const GgufValueType = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;
export type GgufValueTypeName = keyof typeof GgufValueType;
export type GgufScalarTypeName = Exclude<GgufValueTypeName, 'array'>;

/** Byte size of each fixed-size scalar type (strings and arrays are variable). */
export const scalarByteSize: Record<Exclude<GgufScalarTypeName, 'string'>, number> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  bool: 1,
  uint64: 8,
  int64: 8,
  float64: 8,
};

export const GgmlType = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 8 } as const;

/**
 * Block size (elements) and block byte size of the ggml tensor types whose layout we are sure of,
 * from ggml's type traits. The header reader uses it to tell a truncated file from a whole one;
 * a type missing here is not an error, its size is simply not checked.
 */
export const ggmlTypeLayout: Record<number, { blockSize: number; typeSize: number }> = {
  0: { blockSize: 1, typeSize: 4 }, // F32
  1: { blockSize: 1, typeSize: 2 }, // F16
  2: { blockSize: 32, typeSize: 18 }, // Q4_0
  3: { blockSize: 32, typeSize: 20 }, // Q4_1
  6: { blockSize: 32, typeSize: 22 }, // Q5_0
  7: { blockSize: 32, typeSize: 24 }, // Q5_1
  8: { blockSize: 32, typeSize: 34 }, // Q8_0
  10: { blockSize: 256, typeSize: 84 }, // Q2_K
  11: { blockSize: 256, typeSize: 110 }, // Q3_K
  12: { blockSize: 256, typeSize: 144 }, // Q4_K
  13: { blockSize: 256, typeSize: 176 }, // Q5_K
  14: { blockSize: 256, typeSize: 210 }, // Q6_K
  24: { blockSize: 1, typeSize: 1 }, // I8
  25: { blockSize: 1, typeSize: 2 }, // I16
  26: { blockSize: 1, typeSize: 4 }, // I32
  27: { blockSize: 1, typeSize: 8 }, // I64
  28: { blockSize: 1, typeSize: 8 }, // F64
  30: { blockSize: 1, typeSize: 2 }, // BF16
};

/** llama.cpp's token types (tokenizer.ggml.token_type). */
export const TokenType = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

/** llama.cpp's pooling types ({arch}.pooling_type). */
export const PoolingType = { none: 0, mean: 1, cls: 2, last: 3, rank: 4 } as const;
