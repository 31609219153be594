/**
 * A real-size synthetic chat model, written by the project's own GGUF writer: the shape of a 1B Llama
 * (by default Llama 3.2 1B's layers with a 32k-token SentencePiece vocabulary), random Q8_0 weights,
 * the tiny model's ChatML template. It produces meaningless text at the speed a real model of that
 * size and type would, which is what speed benchmarks against llama.cpp need. Streamed to disk:
 * memory stays at a few megabytes whatever the size (~1.2 GB for the default shape).
 */
import { GgmlType, TokenType } from './ggufFormat';
import { gguf, writeGgufStreamed, type GgufStreamedTensor, type GgufValue } from './ggufWriter';
import { q8_0ByteLength, randomQ8_0Rows } from './q8_0';
import { chatmlTokenizerMetadata, tinyChatVocabulary, type TinyVocabulary } from './tinyModels';

export interface LlamaShape {
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  feedForward: number;
  vocabulary: number;
  context: number;
}

/** Llama 3.2 1B's transformer with a 32k vocabulary (Llama 2's size), ~1.1B parameters. */
export const LLAMA_1B_SHAPE: LlamaShape = {
  layers: 16,
  hidden: 2048,
  heads: 32,
  kvHeads: 8,
  feedForward: 8192,
  vocabulary: 32000,
  context: 4096,
};

/**
 * The tiny model's SentencePiece vocabulary (specials, bytes, ChatML, letters, common pieces) grown to
 * `size` with letter bigrams and trigrams, word-initial ("▁ab") and inner ("ab"): text then splits into
 * pieces of 2-4 characters, about as many tokens as a real 32k vocabulary gives for prose.
 */
export function syntheticVocabulary(size: number): TinyVocabulary {
  const vocab = tinyChatVocabulary();
  const seen = new Set(vocab.tokens);
  const add = (piece: string) => {
    if (vocab.tokens.length >= size || seen.has(piece)) return;
    seen.add(piece);
    vocab.tokens.push(piece);
    vocab.types.push(TokenType.normal);
    vocab.scores.push(-100 + piece.length);
  };
  const letters = 'etaoinsrhldcumfpgwybvkxjqz'.split('');
  for (const a of letters) for (const b of letters) {
    add(`▁${a}${b}`);
    add(`${a}${b}`);
  }
  for (const a of letters) for (const b of letters) for (const c of letters) {
    add(`▁${a}${b}${c}`);
    add(`${a}${b}${c}`);
  }
  if (vocab.tokens.length < size) throw new Error(`synthetic vocabulary stops at ${vocab.tokens.length} tokens`);
  return vocab;
}

function norm(name: string, size: number): GgufStreamedTensor {
  const data = new Float32Array(size).fill(1);
  return { name, dims: [size], type: GgmlType.F32, byteLength: data.byteLength, chunks: () => [new Uint8Array(data.buffer)] };
}

function q8Matrix(name: string, cols: number, rows: number, zeroRow?: (row: number) => boolean): GgufStreamedTensor {
  return {
    name,
    dims: [cols, rows],
    type: GgmlType.Q8_0,
    byteLength: q8_0ByteLength(cols * rows),
    // Uniform noise scaled like a usual init (1/sqrt(fan-in)), so activations stay finite.
    chunks: () => randomQ8_0Rows(cols, rows, 1 / Math.sqrt(cols), { zeroRow }),
  };
}

/** Writes the model (Q8_0 matrices, F32 norms); returns its size in bytes. */
export async function writeRealSizeLlama(file: string, shape: LlamaShape = LLAMA_1B_SHAPE): Promise<number> {
  const vocab = syntheticVocabulary(shape.vocabulary);
  const imStart = vocab.tokens.indexOf('<|im_start|>');
  const imEnd = vocab.tokens.indexOf('<|im_end|>');
  const headDim = shape.hidden / shape.heads;
  const kvDim = headDim * shape.kvHeads;
  const metadata: Array<[string, GgufValue]> = [
    ['general.architecture', gguf.str('llama')],
    ['general.name', gguf.str('phare-synthetic-1b')],
    ['general.file_type', gguf.u32(7)], // MOSTLY_Q8_0
    ['llama.context_length', gguf.u32(shape.context)],
    ['llama.embedding_length', gguf.u32(shape.hidden)],
    ['llama.block_count', gguf.u32(shape.layers)],
    ['llama.feed_forward_length', gguf.u32(shape.feedForward)],
    ['llama.attention.head_count', gguf.u32(shape.heads)],
    ['llama.attention.head_count_kv', gguf.u32(shape.kvHeads)],
    ['llama.attention.layer_norm_rms_epsilon', gguf.f32(1e-5)],
    ['llama.rope.dimension_count', gguf.u32(headDim)],
    ['llama.rope.freq_base', gguf.f32(500000)],
    ['llama.vocab_size', gguf.u32(shape.vocabulary)],
    ...chatmlTokenizerMetadata(vocab),
  ];
  const tensors: GgufStreamedTensor[] = [q8Matrix('token_embd.weight', shape.hidden, shape.vocabulary)];
  for (let layer = 0; layer < shape.layers; layer++) {
    const p = `blk.${layer}`;
    tensors.push(
      norm(`${p}.attn_norm.weight`, shape.hidden),
      q8Matrix(`${p}.attn_q.weight`, shape.hidden, shape.hidden),
      q8Matrix(`${p}.attn_k.weight`, shape.hidden, kvDim),
      q8Matrix(`${p}.attn_v.weight`, shape.hidden, kvDim),
      q8Matrix(`${p}.attn_output.weight`, shape.hidden, shape.hidden),
      norm(`${p}.ffn_norm.weight`, shape.hidden),
      q8Matrix(`${p}.ffn_gate.weight`, shape.hidden, shape.feedForward),
      q8Matrix(`${p}.ffn_up.weight`, shape.hidden, shape.feedForward),
      q8Matrix(`${p}.ffn_down.weight`, shape.feedForward, shape.hidden),
    );
  }
  tensors.push(norm('output_norm.weight', shape.hidden));
  // As in the tiny model: zero logits for every non-word token, so generation never ends a turn by
  // itself and a benchmark always gets the number of tokens it asked for.
  const silent = (t: number) => vocab.types[t] !== TokenType.normal || t === imStart || t === imEnd;
  tensors.push(q8Matrix('output.weight', shape.hidden, shape.vocabulary, silent));
  return writeGgufStreamed(file, { metadata, tensors });
}
