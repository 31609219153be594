/**
 * Inspects a model file before anything native touches it: reads the GGUF header in plain Node and
 * rejects what we can tell is unusable (missing file, not a GGUF, truncated, required keys missing),
 * so that only plausible files ever reach llama.cpp, whose failures can abort the whole process.
 * Whatever slips past still cannot take the app down: loading happens in the inference host.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ModelFile, ModelRole } from '../../../../src-shared/domain';
import { PhareError, toErrorValue } from '../../../../src-shared/errors';
import { PoolingType } from './ggufFormat';
import { parameterCountOf, quantisationOf } from './ggufQuantisation';
import { GgufFormatError, metaArrayLength, metaNumber, metaString, readGgufHeader, type GgufHeader } from './ggufReader';

/**
 * Keys every transformer llama.cpp loads reads; a missing feed_forward_length or head_count makes it
 * compute zero-sized tensors and abort (measured by ablation on llama and bert).
 */
const TRANSFORMER_KEYS = ['context_length', 'embedding_length', 'block_count', 'feed_forward_length', 'attention.head_count'];

/** Extra keys by architecture, found by ablation against the bundled llama.cpp (see DESIGN.md). */
const ARCHITECTURE_KEYS: Record<string, string[]> = {
  llama: [...TRANSFORMER_KEYS, 'attention.layer_norm_rms_epsilon'],
  bert: [...TRANSFORMER_KEYS, 'attention.layer_norm_epsilon'],
};
/** Architectures without attention or a feed-forward block (state-space models) need only these. */
const MINIMAL_KEYS = ['context_length', 'embedding_length', 'block_count'];
const NON_TRANSFORMER = new Set(['mamba', 'mamba2', 'rwkv6', 'rwkv6qwen2', 'rwkv7', 'arwkv7']);

/** Architectures that only encode (no text generation): always embedding models. */
const ENCODER_ARCHITECTURES = new Set([
  'bert',
  'nomic-bert',
  'nomic-bert-moe',
  'jina-bert-v2',
  'jina-bert-v3',
  'modern-bert',
  'neo-bert',
  'eurobert',
  't5encoder',
]);

/** What inspection learns beyond the ModelFile shown to users. */
export interface InspectedModel extends ModelFile {
  architecture: string;
  role: ModelRole;
  embeddingLength: number | null;
}

function invalid(file: string, detail: string): PhareError {
  return new PhareError('MODEL_INVALID', { file: basename(file), detail });
}

function problemDetail(error: GgufFormatError): string {
  switch (error.problem) {
    case 'not-gguf':
      return 'not a GGUF file';
    case 'unsupported-version':
      return `unsupported GGUF version (${error.message})`;
    case 'truncated':
      return `the file is incomplete (${error.message})`;
    case 'malformed':
      return `the file is damaged (${error.message})`;
  }
}

function requiredKeys(architecture: string): string[] {
  if (ARCHITECTURE_KEYS[architecture]) return ARCHITECTURE_KEYS[architecture];
  if (NON_TRANSFORMER.has(architecture)) return MINIMAL_KEYS;
  return TRANSFORMER_KEYS;
}

function roleOf(header: GgufHeader, architecture: string): ModelRole {
  if (ENCODER_ARCHITECTURES.has(architecture)) return 'embedding';
  // Decoder-based embedders (Qwen3-Embedding, gte-Qwen...) declare how to pool their outputs.
  const pooling = metaNumber(header, `${architecture}.pooling_type`);
  if (pooling !== null && pooling !== PoolingType.none && pooling !== PoolingType.rank) return 'embedding';
  return 'chat';
}

function checkKeys(file: string, header: GgufHeader, architecture: string): void {
  const missing: string[] = [];
  for (const suffix of requiredKeys(architecture)) {
    const key = `${architecture}.${suffix}`;
    const value = header.metadata.get(key);
    if (value === undefined) {
      missing.push(key);
      continue;
    }
    // Per-layer values may be arrays; a scalar must be a positive number (0 divides by zero later).
    const n = metaNumber(header, key);
    if (typeof value !== 'object' && (n === null || !(n > 0))) {
      throw invalid(file, `${key} must be a positive number`);
    }
  }
  const tokenizer = metaString(header, 'tokenizer.ggml.model');
  if (tokenizer === null) missing.push('tokenizer.ggml.model');
  else if (tokenizer !== 'none' && tokenizer !== 'no_vocab' && !(metaArrayLength(header, 'tokenizer.ggml.tokens') ?? 0)) {
    missing.push('tokenizer.ggml.tokens');
  }
  if (architecture === 'bert' && header.metadata.get('tokenizer.ggml.token_type_count') === undefined) {
    missing.push('tokenizer.ggml.token_type_count');
  }
  if (missing.length > 0) throw invalid(file, `missing metadata: ${missing.join(', ')}`);
  if (header.tensors.length === 0) throw invalid(file, 'the file holds no tensors');
}

/**
 * Reads a model file's metadata without loading its weights. Rejects with PhareError MODEL_NOT_FOUND
 * (no such file) or MODEL_INVALID (not a GGUF, truncated, damaged, required metadata missing).
 */
export async function inspectModel(file: string): Promise<InspectedModel> {
  const fileName = basename(file);
  let sizeBytes: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw invalid(file, 'not a file');
    sizeBytes = info.size;
  } catch (error) {
    if (error instanceof PhareError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new PhareError('MODEL_NOT_FOUND', { file: fileName }, { cause: error });
    throw invalid(file, (error as Error).message);
  }

  let header: GgufHeader;
  try {
    header = await readGgufHeader(file);
  } catch (error) {
    if (error instanceof GgufFormatError) throw invalid(file, problemDetail(error));
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PhareError('MODEL_NOT_FOUND', { file: fileName }, { cause: error });
    throw invalid(file, (error as Error).message);
  }

  const architecture = metaString(header, 'general.architecture');
  if (!architecture) throw invalid(file, 'missing metadata: general.architecture');
  checkKeys(file, header, architecture);

  return {
    path: file,
    fileName,
    sizeBytes,
    architecture,
    role: roleOf(header, architecture),
    contextLength: metaNumber(header, `${architecture}.context_length`),
    hasChatTemplate: typeof header.metadata.get('tokenizer.chat_template') === 'string',
    parameterCount: parameterCountOf(header),
    quantisation: quantisationOf(header),
    // Estimated by the model service, which needs node-llama-cpp (in the inference host) for it.
    fit: null,
    embeddingLength: metaNumber(header, `${architecture}.embedding_length`),
    error: null,
  };
}

/** Same as inspectModel, for listings: never throws, a bad file comes back with its error. */
export async function describeModelFile(file: string): Promise<ModelFile> {
  try {
    const { embeddingLength: _embeddingLength, ...model } = await inspectModel(file);
    return model;
  } catch (error) {
    let sizeBytes = 0;
    try {
      sizeBytes = (await stat(file)).size;
    } catch {
      // Missing: size 0, the error says why.
    }
    return {
      path: file,
      fileName: basename(file),
      sizeBytes,
      architecture: null,
      role: null,
      contextLength: null,
      hasChatTemplate: false,
      parameterCount: null,
      quantisation: null,
      fit: null,
      error: toErrorValue(error),
    };
  }
}
