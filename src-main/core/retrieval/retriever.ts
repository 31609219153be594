/**
 * Search over the library: full text (BM25 with the question's language stemmer), vectors (cosine,
 * in the embedding model's own table), or both fused with reciprocal rank fusion (the default when an
 * embedding model is configured). Only chunks of ready documents are returned, and never blacklisted
 * chunks.
 */
import type { SearchHit } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import { detectLanguage } from '../ingest/language';
import type { Embedder } from '../llm/types';
import type { FtsLang } from '../store/schema';
import type { LibraryStore, StoredChunkRecord, Visibility } from '../store/libraryStore';
import { reciprocalRankFusion } from './rrf';
import { sanitizeQuery } from './sanitizeQuery';

export type SearchMode = 'hybrid' | 'fulltext' | 'vector';

export interface SearchRequest {
  query: string;
  topK?: number;
  mode?: SearchMode;
  collection?: string;
}

/**
 * Which full-text index(es) a query goes to. 'detect' (the default, chosen by measurement, see
 * scripts/measure-chunking.ts) uses the question's language and both indices when it is unclear.
 */
export type FullTextLanguagePolicy = 'detect' | 'both' | FtsLang;

export interface RetrieverOptions {
  fullTextLanguages?: FullTextLanguagePolicy;
}

export interface Retriever {
  search(request: SearchRequest): Promise<SearchHit[]>;
}

export const DEFAULT_TOP_K = 8;
/** Candidates taken from each list before fusion and filtering, per result asked for. */
const CANDIDATES_PER_RESULT = 3;
const MIN_CANDIDATES = 30;

export function createRetriever(deps: {
  store: LibraryStore;
  getEmbedder: () => Promise<Embedder | null>;
  options?: RetrieverOptions;
}): Retriever {
  const policy = deps.options?.fullTextLanguages ?? 'detect';

  async function fullText(query: string, limit: number, visibility: Visibility, collection?: string): Promise<StoredChunkRecord[][]> {
    const langs = languagesFor(query, policy);
    const scope = { collection, excludeDocumentIds: visibility.hidden };
    const lists = await Promise.all(langs.map((lang) => deps.store.searchFullText(query, lang, limit, scope)));
    return lists.map((hits) => hits.map((h) => h.chunk).filter((c) => visibility.ready.has(c.documentId)));
  }

  async function vector(embedder: Embedder, rawQuery: string, limit: number, visibility: Visibility, collection?: string): Promise<StoredChunkRecord[]> {
    const v = await embedder.embedQuery(rawQuery);
    const hits = await deps.store.searchVectors(embedder.id, v, limit, { collection, excludeDocumentIds: visibility.hidden });
    const ids = hits.filter((h) => visibility.ready.has(h.documentId)).map((h) => h.chunkId);
    // Blacklisting lives on the chunks table: reading the chunks drops blacklisted ones.
    const byId = new Map((await deps.store.getChunks(ids)).map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id)).filter((c): c is StoredChunkRecord => c !== undefined);
  }

  return {
    async search(request) {
      const topK = request.topK ?? DEFAULT_TOP_K;
      const query = sanitizeQuery(request.query);
      const embedder = request.mode === 'fulltext' ? null : await deps.getEmbedder();
      let mode: SearchMode = request.mode ?? (embedder ? 'hybrid' : 'fulltext');
      if (mode === 'vector' && !embedder) throw new PhareError('MODEL_NOT_LOADED', { role: 'embedding' });
      if (mode === 'hybrid' && !embedder) mode = 'fulltext';
      if (mode !== 'vector' && !query) return [];

      // Read once, before any chunk: what is ready now is what this search may return.
      const visibility = await deps.store.visibility(request.collection);
      if (visibility.ready.size === 0) return [];
      const limit = Math.max(MIN_CANDIDATES, topK * CANDIDATES_PER_RESULT);

      const lists: StoredChunkRecord[][] = [];
      if (mode !== 'vector') lists.push(...(await fullText(query, limit, visibility, request.collection)));
      if (mode !== 'fulltext' && embedder) lists.push(await vector(embedder, request.query, limit, visibility, request.collection));

      const chunks = new Map<string, StoredChunkRecord>();
      for (const list of lists) for (const c of list) chunks.set(c.id, c);
      const scores = reciprocalRankFusion(lists.map((l) => l.map((c) => c.id)));
      return [...scores.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, topK)
        .map(([id, score]) => {
          const c = chunks.get(id)!;
          return {
            chunkId: c.id,
            documentId: c.documentId,
            title: visibility.ready.get(c.documentId)?.title ?? '',
            page: c.pageStart,
            pageEnd: c.pageEnd,
            score,
            text: c.text,
          };
        });
    },
  };
}

function languagesFor(query: string, policy: FullTextLanguagePolicy): FtsLang[] {
  if (policy === 'fr' || policy === 'en') return [policy];
  if (policy === 'both') return ['fr', 'en'];
  const lang = detectLanguage(query);
  return lang === 'und' ? ['fr', 'en'] : [lang];
}
