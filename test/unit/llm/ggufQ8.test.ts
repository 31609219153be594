/**
 * Q8_0 blocks and the streamed writer behind the real-size benchmark model, checked on a small model:
 * the bytes (fp16 scale + 32 int8 per block) and what two independent GGUF readers (ours and
 * node-llama-cpp's, both pure JS) see. The 1 GB model itself is only ever written by the benchmark.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GgmlType } from '../../../src-main/core/llm/gguf/ggufFormat';
import { readGgufHeader } from '../../../src-main/core/llm/gguf/ggufReader';
import { float16Bits, quantiseQ8_0, randomQ8_0Rows, Q8_0_BLOCK_BYTES } from '../../../src-main/core/llm/gguf/q8_0';
import { syntheticVocabulary, writeRealSizeLlama, type LlamaShape } from '../../../src-main/core/llm/gguf/realSizeModel';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phare-q8-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Q8_0', () => {
  it('writes IEEE half-precision scales', () => {
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(1e6)).toBe(0x7c00);
    expect(float16Bits(0.1)).toBe(0x2e66);
    expect(float16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(float16Bits(1e-9)).toBe(0);
  });

  it('lays out blocks as ggml does: scale max|x|/127, then round(x / scale)', () => {
    const values = Float32Array.from({ length: 64 }, (_, i) => (i < 32 ? (i - 16) * 0.5 : 0));
    const bytes = quantiseQ8_0(values);
    expect(bytes.length).toBe(2 * Q8_0_BLOCK_BYTES);
    expect(bytes.readUInt16LE(0)).toBe(float16Bits(8 / 127));
    expect(bytes.readInt8(2)).toBe(-127); // -8
    expect(bytes.readInt8(2 + 16)).toBe(0);
    expect(bytes.readInt8(2 + 24)).toBe(64); // 4 / (8/127) = 63.5 -> 64
    expect(bytes.readUInt16LE(Q8_0_BLOCK_BYTES)).toBe(0); // an all-zero block has a zero scale
    expect(() => quantiseQ8_0(new Float32Array(31))).toThrow();
  });

  it('produces random rows with a fixed scale, no -128 and the zero rows asked for', () => {
    const chunks = [...randomQ8_0Rows(64, 5, 0.125, { rowsPerChunk: 2, zeroRow: (r) => r === 3 })];
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 2].map((n) => n * Q8_0_BLOCK_BYTES));
    const all = Buffer.concat(chunks);
    for (let block = 0; block < 10; block++) {
      const at = block * Q8_0_BLOCK_BYTES;
      const zero = block === 6 || block === 7; // row 3
      expect(all.readUInt16LE(at)).toBe(zero ? 0 : float16Bits(0.125 / 127));
      for (let i = 2; i < Q8_0_BLOCK_BYTES; i++) expect(all.readInt8(at + i)).toBeGreaterThan(-128);
    }
  });
});

describe('real-size synthetic Llama, written small', () => {
  const shape: LlamaShape = { layers: 2, hidden: 64, heads: 4, kvHeads: 2, feedForward: 128, vocabulary: 700, context: 256 };

  it('grows the tiny vocabulary to the asked size without duplicates', () => {
    const vocab = syntheticVocabulary(32000);
    expect(vocab.tokens.length).toBe(32000);
    expect(new Set(vocab.tokens).size).toBe(32000);
    expect(vocab.tokens).toContain('<|im_end|>');
  });

  it('streams Q8_0 matrices and F32 norms that both readers place at the same offsets', async () => {
    const file = join(dir, 'small.gguf');
    const bytes = await writeRealSizeLlama(file, shape);
    expect((await readFile(file)).length).toBe(bytes);

    const ours = await readGgufHeader(file);
    const theirs = await readGgufFileInfo(file, { sourceType: 'filesystem', logWarnings: false });
    expect(ours.tensors.length).toBe(2 + 9 * shape.layers + 1);
    const tensorInfo = theirs.fullTensorInfo ?? [];
    expect(tensorInfo.map((t) => t.name)).toEqual(ours.tensors.map((t) => t.name));
    for (const [i, tensor] of ours.tensors.entries()) {
      expect(tensorInfo[i].ggmlType).toBe(tensor.type);
      expect(Number(tensorInfo[i].offset)).toBe(tensor.offset);
      expect(tensor.type).toBe(tensor.name.endsWith('norm.weight') ? GgmlType.F32 : GgmlType.Q8_0);
    }
    const ffnDown = ours.tensors.find((t) => t.name === 'blk.0.ffn_down.weight')!;
    expect(ffnDown.dims).toEqual([shape.feedForward, shape.hidden]);
    expect(theirs.metadata.general.file_type).toBe(7);
    expect(theirs.metadata.llama?.attention.head_count_kv).toBe(shape.kvHeads);
  });
});
