/**
 * Token counts of many texts through the embedding model's tokenizer in the inference host. The
 * requests are pipelined in slices (the host answers each from its tokenizer without waiting for the
 * model), so a document's few hundred blocks cost a few round trips' worth of time, not hundreds.
 */
import type { Embedder } from '../llm/types';
import type { TokenCounter } from '../ingest/chunker';

/** Requests in flight at once. */
const SLICE = 256;

export function tokenCounterFor(embedder: Pick<Embedder, 'countTokens'>): TokenCounter {
  return async (texts) => {
    const counts: number[] = [];
    for (let i = 0; i < texts.length; i += SLICE) {
      counts.push(...(await Promise.all(texts.slice(i, i + SLICE).map((t) => embedder.countTokens(t)))));
    }
    return counts;
  };
}
