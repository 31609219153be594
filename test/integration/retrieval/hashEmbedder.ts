/**
 * A deterministic Embedder for tests: each word (lower-cased, accents folded, cut to its first five
 * letters as a crude stem) adds to a hashed coordinate, and vectors are normalised. Texts sharing
 * words get close vectors, which is all the retrieval tests need; the real model is tested elsewhere.
 */
import { createHash } from 'node:crypto';
import type { Embedder } from '../../../src-main/core/llm/types';

export function createHashEmbedder(options: { id?: string; dimension?: number } = {}): Embedder & { calls: number } {
  const dimension = options.dimension ?? 64;
  const embed = (text: string): Float32Array => {
    const v = new Float32Array(dimension);
    const words = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/\p{L}{3,}|\p{N}+/gu) ?? [];
    for (const word of words) {
      const h = createHash('sha1').update(word.slice(0, 5)).digest();
      v[h.readUInt16LE(0) % dimension] += h[2] & 1 ? 1 : -1;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  };
  const embedder = {
    id: options.id ?? `hash-embedder-${dimension}`,
    dimension,
    calls: 0,
    async embedDocuments(texts: string[]) {
      embedder.calls++;
      return texts.map(embed);
    },
    async embedQuery(text: string) {
      return embed(text);
    },
    async countTokens(text: string) {
      return Math.ceil(text.length / 4);
    },
  };
  return embedder;
}
