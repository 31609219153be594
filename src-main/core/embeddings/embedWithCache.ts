/**
 * Embeds passages through the embedding cache: each text is keyed by the sha256 of exactly what the
 * model receives (prefix included), looked up in the model's own vector table (its `contentHash`
 * column), and only texts never embedded by this model go to the inference host, in batches, each
 * distinct text once. Re-ingesting a document, the same passage in two documents and re-embedding
 * back to an earlier model therefore cost no model time for what is unchanged.
 */
import { createHash } from 'node:crypto';
import { PhareError } from '../../../src-shared/errors';
import type { PausePoint } from '../ingest/pauseGate';
import type { DocumentVectors, LibraryStore } from '../store/libraryStore';
import type { PrefixedEmbedder } from './prefixedEmbedder';

/** Texts per request to the embedder: large enough to amortise IPC, small enough to cancel promptly. */
export const EMBED_REQUEST_TEXTS = 64;

export interface EmbedOutcome extends DocumentVectors {
  contentHashes: string[];
  /** Texts whose vector came from the cache (including repeats within the call). */
  cached: number;
  /** Texts the model actually embedded. */
  embedded: number;
}

export function contentHash(modelText: string): string {
  return createHash('sha256').update(modelText).digest('hex');
}

export async function embedWithCache(
  texts: readonly string[],
  embedder: PrefixedEmbedder,
  store: Pick<LibraryStore, 'cachedVectors'>,
  /** `pause`: waited on before each batch (a paused ingestion job sends no new batch to the model). */
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void; pause?: PausePoint } = {},
): Promise<EmbedOutcome> {
  const hashes = texts.map((t) => contentHash(embedder.documentText(t)));
  const known = await store.cachedVectors(embedder.id, hashes);
  // Each missing text once, even if it repeats inside the document.
  const missing = new Map<string, string>();
  hashes.forEach((h, i) => {
    if (!known.has(h) && !missing.has(h)) missing.set(h, texts[i]);
  });
  const todo = [...missing.entries()];
  for (let i = 0; i < todo.length; i += EMBED_REQUEST_TEXTS) {
    if (options.signal?.aborted) throw new PhareError('CANCELLED');
    if (options.pause) await options.pause.wait(options.signal);
    const batch = todo.slice(i, i + EMBED_REQUEST_TEXTS);
    const out = await embedder.embedDocuments(batch.map(([, text]) => text));
    if (out.length !== batch.length || out.some((v) => v.length !== embedder.dimension)) {
      throw new PhareError('INTERNAL', { detail: `the embedder returned ${out.length} vectors for ${batch.length} texts` });
    }
    batch.forEach(([hash], j) => known.set(hash, out[j]));
    options.onProgress?.(Math.min(1, (i + batch.length) / todo.length));
  }
  if (todo.length === 0) options.onProgress?.(1);
  return {
    embedderId: embedder.id,
    dimension: embedder.dimension,
    vectors: hashes.map((h) => known.get(h)!),
    contentHashes: hashes,
    cached: texts.length - todo.length,
    embedded: todo.length,
  };
}
