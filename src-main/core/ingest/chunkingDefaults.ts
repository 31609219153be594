/**
 * Default chunking, chosen by measurement (scripts/measure-chunking.ts over the PIAF and XQuAD
 * documents in one library, full text only, 'auto' language fusion; full table in the script):
 *
 *   size  overlap  PIAF hit@5  XQuAD hit@5
 *    800      150       0.878        0.991
 *   1000      150       0.896        0.994
 *   1200      150       0.905        0.995
 *
 * 1200 characters (~300 tokens) is the smallest size that reaches the PIAF target (0.90) and keeps
 * six sources near 2,000 prompt tokens. Overlap made no difference on these articles (their paragraphs
 * fit whole in a chunk, and overlap only applies where a paragraph is cut); 150 is kept for long
 * paragraphs (PDF pages, legal text) that do get cut at sentences.
 */
import { CHARS_PER_TOKEN, INGESTION_SETTINGS_DEFAULTS } from '../../../src-shared/settingsDefaults';
import type { ChunkingOptions } from './chunker';

// The numbers live in src-shared, so the Settings screen's "Reset to defaults" sends the same ones.
export const DEFAULT_CHUNKING: Readonly<ChunkingOptions> = Object.freeze({
  chunkSize: INGESTION_SETTINGS_DEFAULTS.chunkSize,
  chunkOverlap: INGESTION_SETTINGS_DEFAULTS.chunkOverlap,
});

/** Bumped when the chunker's output changes for the same settings, so stale documents can be found. */
export const CHUNKER_VERSION = 1;

/** Characters per token assumed when sizes given in characters are counted in tokens ('auto'); shared with the Settings screen. */
export { CHARS_PER_TOKEN };

export type ChunkUnitSetting = 'auto' | 'tokens' | 'characters';

export interface ResolvedChunking extends ChunkingOptions {
  unit: 'characters' | 'tokens';
}

/**
 * What the chunker counts, from the settings and whether an embedding model is available:
 * 'auto' counts in the model's tokens when there is one (sizes given in characters, divided by
 * CHARS_PER_TOKEN), in characters otherwise; 'tokens' without a model falls back to characters the
 * same way (sizes multiplied by CHARS_PER_TOKEN), so a chunk stays about as long either way.
 */
export function resolveChunking(options: ChunkingOptions & { chunkUnit?: ChunkUnitSetting }, hasTokenizer: boolean): ResolvedChunking {
  const unit = options.chunkUnit ?? 'auto';
  if (unit === 'characters' || (unit === 'auto' && !hasTokenizer)) return { unit: 'characters', chunkSize: options.chunkSize, chunkOverlap: options.chunkOverlap };
  if (unit === 'tokens' && !hasTokenizer) {
    return { unit: 'characters', chunkSize: options.chunkSize * CHARS_PER_TOKEN, chunkOverlap: options.chunkOverlap * CHARS_PER_TOKEN };
  }
  if (unit === 'tokens') return { unit: 'tokens', chunkSize: options.chunkSize, chunkOverlap: options.chunkOverlap };
  return { unit: 'tokens', chunkSize: Math.round(options.chunkSize / CHARS_PER_TOKEN), chunkOverlap: Math.round(options.chunkOverlap / CHARS_PER_TOKEN) };
}
