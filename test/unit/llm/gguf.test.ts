/** The GGUF writer, header reader and inspection: pure Node, no native code involved. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhareError } from '../../../src-shared/errors';
import { describeModelFile, inspectModel } from '../../../src-main/core/llm/gguf/ggufInspect';
import { readGgufHeader } from '../../../src-main/core/llm/gguf/ggufReader';
import { encodeGguf, gguf, writeGguf } from '../../../src-main/core/llm/gguf/ggufWriter';
import {
  tinyChatDocument,
  tinyChatVocabulary,
  tinyEmbedDocument,
  tinyEmbedVocabulary,
} from '../../../src-main/core/llm/gguf/tinyModels';
import { tinyChatModel, tinyEmbedModel } from '../../helpers/paths';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phare-gguf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PhareError);
  expect((error as PhareError).code).toBe(code);
}

describe('GGUF writer and reader', () => {
  it('round-trips metadata of every type and aligned F32 tensors', async () => {
    const file = join(dir, 'roundtrip.gguf');
    const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
    await writeGguf(file, {
      alignment: 64,
      metadata: [
        ['a.u32', gguf.u32(7)],
        ['a.i32', gguf.i32(-3)],
        ['a.u64', gguf.u64(2n ** 40n)],
        ['a.f32', gguf.f32(0.5)],
        ['a.bool', gguf.bool(true)],
        ['a.str', gguf.str('héllo')],
        ['a.arr', gguf.array('string', ['x', 'y'])],
        ['a.big', gguf.array('int32', Array.from({ length: 5000 }, (_, i) => i))],
      ],
      tensors: [
        { name: 't.first', dims: [3], data: Float32Array.from([9, 8, 7]) },
        { name: 't.second', dims: [3, 2], data },
      ],
    });
    const header = await readGgufHeader(file);
    expect(header.version).toBe(3);
    expect(header.alignment).toBe(64);
    expect(header.metadata.get('a.u32')).toBe(7);
    expect(header.metadata.get('a.i32')).toBe(-3);
    expect(header.metadata.get('a.u64')).toBe(2 ** 40);
    expect(header.metadata.get('a.f32')).toBe(0.5);
    expect(header.metadata.get('a.bool')).toBe(true);
    expect(header.metadata.get('a.str')).toBe('héllo');
    expect(header.metadata.get('a.arr')).toMatchObject({ kind: 'array', length: 2, items: ['x', 'y'] });
    expect(header.metadata.get('a.big')).toMatchObject({ kind: 'array', length: 5000 });
    expect(header.metadata.get('general.alignment')).toBe(64);

    expect(header.tensors.map((t) => [t.name, t.dims])).toEqual([
      ['t.first', [3]],
      ['t.second', [3, 2]],
    ]);
    expect(header.dataOffset % 64).toBe(0);
    const bytes = await readFile(file);
    for (const tensor of header.tensors) expect(tensor.offset % 64).toBe(0);
    const second = header.tensors[1];
    const start = header.dataOffset + second.offset;
    const read = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + 24));
    expect([...read]).toEqual([...data]);
    expect(header.requiredSize).toBe(bytes.length);
  });

  it('refuses a tensor whose data does not match its dimensions', () => {
    expect(() => encodeGguf({ metadata: [], tensors: [{ name: 'x', dims: [2, 2], data: new Float32Array(3) }] })).toThrow();
  });

  it('writes the tiny models deterministically', () => {
    expect(encodeGguf(tinyChatDocument()).equals(encodeGguf(tinyChatDocument()))).toBe(true);
    expect(encodeGguf(tinyEmbedDocument()).equals(encodeGguf(tinyEmbedDocument()))).toBe(true);
  });

  it('gives the tiny chat model ~350 distinct tokens with byte fallback and ChatML markers', () => {
    const { tokens } = tinyChatVocabulary();
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens.length).toBeGreaterThanOrEqual(300);
    expect(tokens.length).toBeLessThanOrEqual(400);
    expect(tokens).toContain('<0x00>');
    expect(tokens).toContain('<0xFF>');
    expect(tokens).toContain('<|im_start|>');
    expect(tokens).toContain('<|im_end|>');
    const embed = tinyEmbedVocabulary().tokens;
    expect(new Set(embed).size).toBe(embed.length);
  });
});

describe('model inspection', () => {
  it('describes the tiny chat model', async () => {
    const model = await inspectModel(tinyChatModel);
    expect(model).toMatchObject({
      fileName: 'tiny-chat.gguf',
      architecture: 'llama',
      role: 'chat',
      contextLength: 2048,
      hasChatTemplate: true,
      embeddingLength: 64,
      error: null,
    });
    expect(model.sizeBytes).toBeGreaterThan(100_000);
    expect(model.sizeBytes).toBeLessThan(2_000_000);
  });

  it('describes the tiny embedding model', async () => {
    const model = await inspectModel(tinyEmbedModel);
    expect(model).toMatchObject({ architecture: 'bert', role: 'embedding', hasChatTemplate: false, embeddingLength: 64 });
  });

  it('rejects a missing file with MODEL_NOT_FOUND', async () => {
    await expectCode(inspectModel(join(dir, 'nope.gguf')), 'MODEL_NOT_FOUND');
  });

  it('rejects a file that is not a GGUF, an empty file and a folder with MODEL_INVALID', async () => {
    const text = join(dir, 'notes.gguf');
    await writeFile(text, 'This is not a model, just some text that is long enough to be read.');
    await expectCode(inspectModel(text), 'MODEL_INVALID');
    const empty = join(dir, 'empty.gguf');
    await writeFile(empty, '');
    await expectCode(inspectModel(empty), 'MODEL_INVALID');
    await expectCode(inspectModel(dir), 'MODEL_INVALID');
  });

  it('rejects a file truncated in the header or in the tensor data with MODEL_INVALID', async () => {
    const bytes = await readFile(tinyChatModel);
    const inHeader = join(dir, 'cut-header.gguf');
    await writeFile(inHeader, bytes.subarray(0, 2000));
    await expectCode(inspectModel(inHeader), 'MODEL_INVALID');
    const inData = join(dir, 'cut-data.gguf');
    await writeFile(inData, bytes.subarray(0, bytes.length - 100));
    await expectCode(inspectModel(inData), 'MODEL_INVALID');
  });

  it('rejects a llama model without the keys whose absence aborts llama.cpp', async () => {
    for (const key of ['llama.attention.head_count', 'llama.feed_forward_length', 'tokenizer.ggml.tokens']) {
      const file = join(dir, `no-${key}.gguf`);
      await writeGguf(file, tinyChatDocument({ omitKeys: [key] }));
      await expectCode(inspectModel(file), 'MODEL_INVALID');
    }
    const zeroHeads = join(dir, 'zero-heads.gguf');
    await writeGguf(zeroHeads, tinyChatDocument({ overrides: [['llama.attention.head_count', gguf.u32(0)]] }));
    await expectCode(inspectModel(zeroHeads), 'MODEL_INVALID');
  });

  it('lists a bad file with its error instead of throwing', async () => {
    const text = join(dir, 'bad.gguf');
    await writeFile(text, 'GGUF but not really');
    const described = await describeModelFile(text);
    expect(described.role).toBeNull();
    expect(described.error?.code).toBe('MODEL_INVALID');
    expect((await describeModelFile(tinyChatModel)).error).toBeNull();
  });
});
