/**
 * An Embedder that adds its model's query and document prefixes (embeddingPrefixes.ts). Everything
 * above the model layer (ingestion, re-embedding, retrieval) embeds through this wrapper, so a text is
 * always embedded the way its model expects, and the embedding cache keys on the exact text sent.
 */
import type { Embedder } from '../llm/types';
import { embeddingPrefixesFor, type EmbeddingPrefixes } from './embeddingPrefixes';

export interface PrefixedEmbedder extends Embedder {
  readonly prefixes: EmbeddingPrefixes;
  /** The exact text the model receives for a document passage. */
  documentText(text: string): string;
}

/** The model file name inside an embedder id ("<file name>:<size>"). */
export function modelFileNameOf(embedderId: string): string {
  const colon = embedderId.lastIndexOf(':');
  return colon > 0 ? embedderId.slice(0, colon) : embedderId;
}

export function withPrefixes(embedder: Embedder, prefixes: EmbeddingPrefixes = embeddingPrefixesFor(modelFileNameOf(embedder.id))): PrefixedEmbedder {
  if (isPrefixed(embedder)) return embedder;
  const documentText = (text: string) => prefixes.document + text;
  return {
    id: embedder.id,
    dimension: embedder.dimension,
    prefixes,
    documentText,
    embedDocuments: (texts) => embedder.embedDocuments(texts.map(documentText)),
    embedQuery: (text) => embedder.embedQuery(prefixes.query + text),
    countTokens: (text) => embedder.countTokens(text),
  };
}

function isPrefixed(embedder: Embedder): embedder is PrefixedEmbedder {
  return 'prefixes' in embedder && 'documentText' in embedder;
}
