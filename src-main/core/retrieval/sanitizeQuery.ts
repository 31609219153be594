/**
 * Turns what the user typed into a safe bag-of-words query for LanceDB's full-text search. Quotes
 * would make a phrase query, which throws on our indices (built without positions); other
 * punctuation carries no meaning for BM25. Letters (any script), digits and spaces are kept.
 */
const MAX_QUERY_CHARS = 1000;

export function sanitizeQuery(query: string): string {
  return query
    .normalize('NFC')
    .slice(0, MAX_QUERY_CHARS)
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}
