/**
 * What a user wants to know about a GGUF's weights without loading it: how many parameters and how
 * they are quantised. Both come from the header alone (metadata and tensor shapes).
 */
import { metaNumber, type GgufHeader } from './ggufReader';

/** llama.cpp's `llama_ftype` (general.file_type), as users know them from file names. */
const FILE_TYPE_NAMES: Record<number, string> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  7: 'Q8_0',
  8: 'Q5_0',
  9: 'Q5_1',
  10: 'Q2_K',
  11: 'Q3_K_S',
  12: 'Q3_K_M',
  13: 'Q3_K_L',
  14: 'Q4_K_S',
  15: 'Q4_K_M',
  16: 'Q5_K_S',
  17: 'Q5_K_M',
  18: 'Q6_K',
  19: 'IQ2_XXS',
  20: 'IQ2_XS',
  21: 'Q2_K_S',
  22: 'IQ3_XS',
  23: 'IQ3_XXS',
  24: 'IQ1_S',
  25: 'IQ4_NL',
  26: 'IQ3_S',
  27: 'IQ3_M',
  28: 'IQ2_S',
  29: 'IQ2_M',
  30: 'IQ4_XS',
  31: 'IQ1_M',
  32: 'BF16',
  36: 'TQ1_0',
  37: 'TQ2_0',
  38: 'MXFP4_MOE',
};

/** ggml tensor types, for files that do not declare a file type. */
const TENSOR_TYPE_NAMES: Record<number, string> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  6: 'Q5_0',
  7: 'Q5_1',
  8: 'Q8_0',
  10: 'Q2_K',
  11: 'Q3_K',
  12: 'Q4_K',
  13: 'Q5_K',
  14: 'Q6_K',
  16: 'IQ2_XXS',
  17: 'IQ2_XS',
  18: 'IQ3_XXS',
  19: 'IQ1_S',
  20: 'IQ4_NL',
  21: 'IQ3_S',
  22: 'IQ2_S',
  23: 'IQ4_XS',
  29: 'IQ1_M',
  30: 'BF16',
};

function elements(dims: readonly number[]): number {
  return dims.reduce((product, d) => product * d, 1);
}

/** Total parameters: the sum of every tensor's element count (what "7B" rounds). */
export function parameterCountOf(header: GgufHeader): number | null {
  if (header.tensors.length === 0) return null;
  return header.tensors.reduce((sum, tensor) => sum + elements(tensor.dims), 0);
}

/**
 * The quantisation: general.file_type when the file declares it (Q4_K_M), otherwise the tensor type
 * holding most of the parameters (a converter that omits file_type still has typed tensors).
 */
export function quantisationOf(header: GgufHeader): string | null {
  const fileType = metaNumber(header, 'general.file_type');
  if (fileType !== null && FILE_TYPE_NAMES[fileType]) return FILE_TYPE_NAMES[fileType];
  const byType = new Map<number, number>();
  for (const tensor of header.tensors) byType.set(tensor.type, (byType.get(tensor.type) ?? 0) + elements(tensor.dims));
  let dominant: number | null = null;
  for (const [type, count] of byType) if (dominant === null || count > (byType.get(dominant) ?? 0)) dominant = type;
  if (dominant === null) return null;
  return TENSOR_TYPE_NAMES[dominant] ?? `type ${dominant}`;
}
