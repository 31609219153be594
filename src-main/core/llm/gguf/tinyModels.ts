/**
 * Tiny but real GGUF models, written by the project itself (no model can be downloaded here or in CI).
 * They load in llama.cpp and run the real chat, streaming, abort and embedding code; their weights are
 * seeded noise, so they produce meaningless text. Deterministic: the same bytes on every run.
 *
 * - tiny chat: llama architecture, F32, 64-dim, 2 layers, ~350 tokens (SentencePiece with byte
 *   fallback <0xNN>, ChatML <|im_start|>/<|im_end|>) and a ChatML chat template.
 * - tiny embed: bert architecture, F32, 64-dim, 2 layers, WordPiece vocabulary, mean pooling.
 */
import { PoolingType, TokenType } from './ggufFormat';
import { gguf, writeGguf, type GgufDocument, type GgufTensor, type GgufValue } from './ggufWriter';
import { seededRandom } from '../../seededRandom';

/** The ChatML template, as Qwen and others ship it; node-llama-cpp recognises it as ChatML. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";


class WeightFactory {
  private readonly random: () => number;
  constructor(seed: number) {
    this.random = seededRandom(seed);
  }
  /** Uniform noise scaled like a usual init (1/sqrt(fan-in)), so activations stay finite. */
  matrix(name: string, dims: number[]): GgufTensor {
    const count = dims.reduce((a, b) => a * b, 1);
    const scale = 1 / Math.sqrt(dims[0]);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = (this.random() * 2 - 1) * scale;
    return { name, dims, data };
  }
  filled(name: string, dims: number[], value: number): GgufTensor {
    const count = dims.reduce((a, b) => a * b, 1);
    return { name, dims, data: new Float32Array(count).fill(value) };
  }
}

// ---------------------------------------------------------------------------------------------
// Chat model (llama)

const CHAT_DIM = 64;
const CHAT_HEADS = 4;
const CHAT_FF = 128;
const CHAT_LAYERS = 2;
const CHAT_CONTEXT = 2048;

const COMMON_PIECES = [
  '▁the', '▁of', '▁and', '▁to', '▁in', '▁is', '▁de', '▁la', '▁le', '▁et', '▁les', '▁des', '▁un', '▁une',
  '▁est', '▁page', '▁source', 'er', 'on', 'es', 'en', 're', 'ing', 'ion',
];

export interface TinyVocabulary {
  tokens: string[];
  scores: number[];
  types: number[];
}

/** SentencePiece-style vocabulary: specials, 256 byte tokens, ChatML markers, then word pieces. */
export function tinyChatVocabulary(): TinyVocabulary {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const add = (token: string, type: number, score = 0) => {
    tokens.push(token);
    types.push(type);
    scores.push(score);
  };
  add('<unk>', TokenType.unknown);
  add('<s>', TokenType.control);
  add('</s>', TokenType.control);
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, TokenType.byte);
  add('<|im_start|>', TokenType.control);
  add('<|im_end|>', TokenType.control);
  // Pieces: longer ones score higher so the tokenizer prefers them over single characters.
  const pieces = ['▁'];
  for (let c = 97; c <= 122; c++) pieces.push(String.fromCharCode(c), `▁${String.fromCharCode(c)}`);
  for (let c = 65; c <= 90; c++) pieces.push(String.fromCharCode(c));
  for (let d = 0; d <= 9; d++) pieces.push(String(d));
  pieces.push('.', ',', '?', '!', ':', ';', "'", '-', '(', ')', '[', ']');
  pieces.push(...COMMON_PIECES);
  for (const piece of pieces) add(piece, TokenType.normal, -100 + piece.length);
  return { tokens, scores, types };
}

/** Writes the tiny chat model; returns its size in bytes. */
export async function writeTinyChatModel(file: string): Promise<number> {
  return writeGguf(file, tinyChatDocument());
}

export interface TinyChatOptions {
  /** Metadata keys to leave out, to build broken variants (tests of the crash path). */
  omitKeys?: string[];
  /** Metadata values to override. */
  overrides?: Array<[string, GgufValue]>;
  /** KV heads (grouped-query attention); defaults to the number of heads. */
  headCountKv?: number;
}

/** A SentencePiece ("llama") tokenizer with ChatML turns, as the chat models' metadata says it. */
export function chatmlTokenizerMetadata(vocab: TinyVocabulary): Array<[string, GgufValue]> {
  return [
    ['tokenizer.ggml.model', gguf.str('llama')],
    ['tokenizer.ggml.tokens', gguf.array('string', vocab.tokens)],
    ['tokenizer.ggml.scores', gguf.array('float32', vocab.scores)],
    ['tokenizer.ggml.token_type', gguf.array('int32', vocab.types)],
    ['tokenizer.ggml.bos_token_id', gguf.u32(1)],
    // ChatML ends a turn with <|im_end|>: making it EOS lets generation stop on it.
    ['tokenizer.ggml.eos_token_id', gguf.u32(vocab.tokens.indexOf('<|im_end|>'))],
    ['tokenizer.ggml.unknown_token_id', gguf.u32(0)],
    ['tokenizer.ggml.add_bos_token', gguf.bool(false)],
    ['tokenizer.chat_template', gguf.str(CHATML_TEMPLATE)],
  ];
}

export function tinyChatDocument(options: TinyChatOptions = {}): GgufDocument {
  const vocab = tinyChatVocabulary();
  const nVocab = vocab.tokens.length;
  const imStart = vocab.tokens.indexOf('<|im_start|>');
  const imEnd = vocab.tokens.indexOf('<|im_end|>');
  const headCountKv = options.headCountKv ?? CHAT_HEADS;
  const kvDim = (CHAT_DIM / CHAT_HEADS) * headCountKv;

  const metadata: Array<[string, GgufValue]> = [
    ['general.architecture', gguf.str('llama')],
    ['general.name', gguf.str('phare-tiny-chat')],
    ['general.file_type', gguf.u32(0)], // ALL_F32
    ['llama.context_length', gguf.u32(CHAT_CONTEXT)],
    ['llama.embedding_length', gguf.u32(CHAT_DIM)],
    ['llama.block_count', gguf.u32(CHAT_LAYERS)],
    ['llama.feed_forward_length', gguf.u32(CHAT_FF)],
    ['llama.attention.head_count', gguf.u32(CHAT_HEADS)],
    ['llama.attention.head_count_kv', gguf.u32(headCountKv)],
    ['llama.attention.layer_norm_rms_epsilon', gguf.f32(1e-5)],
    ['llama.rope.dimension_count', gguf.u32(CHAT_DIM / CHAT_HEADS)],
    ['llama.rope.freq_base', gguf.f32(10000)],
    ...chatmlTokenizerMetadata(vocab),
  ];
  const omitted = new Set(options.omitKeys ?? []);
  const overrides = new Map(options.overrides ?? []);
  const finalMetadata = metadata
    .filter(([key]) => !omitted.has(key))
    .map(([key, value]): [string, GgufValue] => [key, overrides.get(key) ?? value]);
  for (const [key, value] of overrides) if (!metadata.some(([k]) => k === key)) finalMetadata.push([key, value]);

  const w = new WeightFactory(0x5eed_c4a7);
  const tensors: GgufTensor[] = [w.matrix('token_embd.weight', [CHAT_DIM, nVocab])];
  for (let layer = 0; layer < CHAT_LAYERS; layer++) {
    const p = `blk.${layer}`;
    tensors.push(
      w.filled(`${p}.attn_norm.weight`, [CHAT_DIM], 1),
      w.matrix(`${p}.attn_q.weight`, [CHAT_DIM, CHAT_DIM]),
      w.matrix(`${p}.attn_k.weight`, [CHAT_DIM, kvDim]),
      w.matrix(`${p}.attn_v.weight`, [CHAT_DIM, kvDim]),
      w.matrix(`${p}.attn_output.weight`, [CHAT_DIM, CHAT_DIM]),
      w.filled(`${p}.ffn_norm.weight`, [CHAT_DIM], 1),
      w.matrix(`${p}.ffn_gate.weight`, [CHAT_DIM, CHAT_FF]),
      w.matrix(`${p}.ffn_up.weight`, [CHAT_DIM, CHAT_FF]),
      w.matrix(`${p}.ffn_down.weight`, [CHAT_FF, CHAT_DIM]),
    );
  }
  tensors.push(w.filled('output_norm.weight', [CHAT_DIM], 1));
  const output = w.matrix('output.weight', [CHAT_DIM, nVocab]);
  // Zero the output rows of every non-word token: their logit is then 0 while some word piece always
  // scores above it, so greedy decoding emits plain word pieces and never ends a turn by itself
  // (tests then see `maxTokens`, deterministic), and sampling only rarely picks an end token.
  for (let t = 0; t < nVocab; t++) {
    if (vocab.types[t] !== TokenType.normal || t === imStart || t === imEnd) output.data.fill(0, t * CHAT_DIM, (t + 1) * CHAT_DIM);
  }
  tensors.push(output);
  return { metadata: finalMetadata, tensors };
}

// ---------------------------------------------------------------------------------------------
// Embedding model (bert)

const EMBED_DIM = 64;
const EMBED_HEADS = 4;
const EMBED_FF = 128;
const EMBED_LAYERS = 2;
const EMBED_CONTEXT = 512;

const EMBED_WORDS = [
  'the', 'of', 'and', 'to', 'in', 'is', 'a', 'de', 'la', 'le', 'et', 'les', 'des', 'un', 'une', 'est',
  'document', 'page', 'model', 'question', 'answer', 'source', 'report', 'data', 'text', 'search',
];

/** WordPiece vocabulary as llama.cpp stores it: word-initial pieces carry "▁", continuations do not. */
export function tinyEmbedVocabulary(): TinyVocabulary {
  const tokens: string[] = [];
  const types: number[] = [];
  const add = (token: string, type: number) => {
    tokens.push(token);
    types.push(type);
  };
  add('[PAD]', TokenType.control);
  add('[UNK]', TokenType.unknown);
  add('[CLS]', TokenType.control);
  add('[SEP]', TokenType.control);
  add('[MASK]', TokenType.control);
  const chars: string[] = [];
  for (let c = 97; c <= 122; c++) chars.push(String.fromCharCode(c));
  for (let d = 0; d <= 9; d++) chars.push(String(d));
  chars.push('.', ',', '?', '!', ':', ';', "'", '-', '(', ')');
  for (const ch of chars) add(`▁${ch}`, TokenType.normal);
  for (const ch of chars) add(ch, TokenType.normal);
  for (const word of EMBED_WORDS) if (!tokens.includes(`▁${word}`)) add(`▁${word}`, TokenType.normal);
  for (const piece of ['ing', 'ion', 'er', 'es', 'ment', 'tion', 's', 'ed']) if (!tokens.includes(piece)) add(piece, TokenType.normal);
  return { tokens, scores: tokens.map(() => 0), types };
}

/** Writes the tiny embedding model; returns its size in bytes. */
export async function writeTinyEmbeddingModel(file: string): Promise<number> {
  return writeGguf(file, tinyEmbedDocument());
}

export function tinyEmbedDocument(): GgufDocument {
  const vocab = tinyEmbedVocabulary();
  const nVocab = vocab.tokens.length;
  const metadata: Array<[string, GgufValue]> = [
    ['general.architecture', gguf.str('bert')],
    ['general.name', gguf.str('phare-tiny-embed')],
    ['general.file_type', gguf.u32(0)],
    ['bert.context_length', gguf.u32(EMBED_CONTEXT)],
    ['bert.embedding_length', gguf.u32(EMBED_DIM)],
    ['bert.block_count', gguf.u32(EMBED_LAYERS)],
    ['bert.feed_forward_length', gguf.u32(EMBED_FF)],
    ['bert.attention.head_count', gguf.u32(EMBED_HEADS)],
    ['bert.attention.layer_norm_epsilon', gguf.f32(1e-12)],
    ['bert.attention.causal', gguf.bool(false)],
    ['bert.pooling_type', gguf.u32(PoolingType.mean)],
    ['tokenizer.ggml.model', gguf.str('bert')],
    ['tokenizer.ggml.tokens', gguf.array('string', vocab.tokens)],
    ['tokenizer.ggml.token_type', gguf.array('int32', vocab.types)],
    ['tokenizer.ggml.token_type_count', gguf.u32(2)],
    // Lets detokenising drop the space WordPiece puts before the first word, as real BERT GGUFs do;
    // without it node-llama-cpp warns that the tokenizer does not round-trip.
    ['tokenizer.ggml.add_space_prefix', gguf.bool(true)],
    ['tokenizer.ggml.padding_token_id', gguf.u32(0)],
    ['tokenizer.ggml.unknown_token_id', gguf.u32(1)],
    ['tokenizer.ggml.bos_token_id', gguf.u32(2)],
    ['tokenizer.ggml.cls_token_id', gguf.u32(2)],
    ['tokenizer.ggml.seperator_token_id', gguf.u32(3)],
    ['tokenizer.ggml.mask_token_id', gguf.u32(4)],
  ];

  const w = new WeightFactory(0x5eed_e3b0);
  const tensors: GgufTensor[] = [
    w.matrix('token_embd.weight', [EMBED_DIM, nVocab]),
    w.matrix('token_types.weight', [EMBED_DIM, 2]),
    w.matrix('position_embd.weight', [EMBED_DIM, EMBED_CONTEXT]),
    w.filled('token_embd_norm.weight', [EMBED_DIM], 1),
    w.filled('token_embd_norm.bias', [EMBED_DIM], 0),
  ];
  for (let layer = 0; layer < EMBED_LAYERS; layer++) {
    const p = `blk.${layer}`;
    tensors.push(
      w.matrix(`${p}.attn_q.weight`, [EMBED_DIM, EMBED_DIM]),
      w.filled(`${p}.attn_q.bias`, [EMBED_DIM], 0),
      w.matrix(`${p}.attn_k.weight`, [EMBED_DIM, EMBED_DIM]),
      w.filled(`${p}.attn_k.bias`, [EMBED_DIM], 0),
      w.matrix(`${p}.attn_v.weight`, [EMBED_DIM, EMBED_DIM]),
      w.filled(`${p}.attn_v.bias`, [EMBED_DIM], 0),
      w.matrix(`${p}.attn_output.weight`, [EMBED_DIM, EMBED_DIM]),
      w.filled(`${p}.attn_output.bias`, [EMBED_DIM], 0),
      w.filled(`${p}.attn_output_norm.weight`, [EMBED_DIM], 1),
      w.filled(`${p}.attn_output_norm.bias`, [EMBED_DIM], 0),
      w.matrix(`${p}.ffn_up.weight`, [EMBED_DIM, EMBED_FF]),
      w.filled(`${p}.ffn_up.bias`, [EMBED_FF], 0),
      w.matrix(`${p}.ffn_down.weight`, [EMBED_FF, EMBED_DIM]),
      w.filled(`${p}.ffn_down.bias`, [EMBED_DIM], 0),
      w.filled(`${p}.layer_output_norm.weight`, [EMBED_DIM], 1),
      w.filled(`${p}.layer_output_norm.bias`, [EMBED_DIM], 0),
    );
  }
  return { metadata, tensors };
}
