/**
 * Search over the library: full text (BM25 with the question's language stemmer), vectors (cosine,
 * in the embedding model's own table), or both fused with reciprocal rank fusion (the default when an
 * embedding model is configured). Only chunks of ready documents are returned, and never blacklisted
 * chunks.
 */
import type { SearchHit } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import { detectLanguage, type DetectedLanguage } from '../text/detectLanguage';
import type { Embedder } from '../llm/types';
import type { FtsLang } from '../store/schema';
import { compareIds } from '../store/idOrder';
import type { LibraryStore, StoredChunkRecord, Visibility } from '../store/libraryStore';
import { reciprocalRankFusion } from './rrf';
import { sanitizeQuery } from './sanitizeQuery';

export type SearchMode = 'hybrid' | 'fulltext' | 'vector';

export interface SearchRequest {
  query: string;
  topK?: number;
  mode?: SearchMode;
  collection?: string;
  /** Receives each ranked list before fusion (the answer trace records which list ranked what). */
  onLists?: (lists: RankedList[]) => void;
  /** Receives the chunks read for the results (answers pack neighbouring chunks by their positions, without reading them again). */
  onChunks?: (chunks: StoredChunkRecord[]) => void;
}

/** One list fused into the results: its source ('fulltext:fr', 'fulltext:en', 'vector'), weight and chunk ids by rank. */
export interface RankedList {
  source: string;
  weight: number;
  chunkIds: string[];
  /** Each id's own score in this list: BM25 for full text (higher is better), cosine distance for vectors (lower is closer). */
  scores: number[];
}

/**
 * Which full-text index(es) a query goes to (each index stems with one language):
 * - 'auto' (default): both, fused, the question's language at full weight and the other at
 *   OTHER_LANGUAGE_WEIGHT (equal when the language is unclear). Measured best on PIAF + XQuAD in one
 *   library (scripts/measure-chunking.ts): the second stemmer rescues words the first one mangles.
 * - 'detect': only the question's language's index (both when unclear).
 * - 'both': both at equal weight. 'fr' / 'en': one index whatever the question.
 */
export type FullTextLanguagePolicy = 'auto' | 'detect' | 'both' | FtsLang;

export const OTHER_LANGUAGE_WEIGHT = 0.5;

export interface RetrieverOptions {
  fullTextLanguages?: FullTextLanguagePolicy;
  /** Overrides OTHER_LANGUAGE_WEIGHT (for measurements). */
  otherLanguageWeight?: number;
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
  const policy = deps.options?.fullTextLanguages ?? 'auto';

  const otherWeight = policy === 'auto' ? (deps.options?.otherLanguageWeight ?? OTHER_LANGUAGE_WEIGHT) : 1;

  async function fullText(query: string, limit: number, visibility: Visibility, collection?: string): Promise<RankedList[]> {
    const lang = detectLanguage(query);
    const langs = languagesFor(lang, policy);
    const scope = { collection, excludeDocumentIds: visibility.hidden };
    const lists = await Promise.all(langs.map((l) => deps.store.searchFullText(query, l, limit, scope)));
    return lists.map((hits, i) => {
      const visible = hits.filter((h) => visibility.ready.has(h.documentId));
      return {
        chunkIds: visible.map((h) => h.chunkId),
        scores: visible.map((h) => h.score),
        weight: lang === 'und' || langs[i] === lang ? 1 : otherWeight,
        source: `fulltext:${langs[i]}`,
      };
    });
  }

  async function vector(embedder: Embedder, rawQuery: string, limit: number, visibility: Visibility, collection?: string): Promise<RankedList> {
    const v = await embedder.embedQuery(rawQuery);
    const hits = await deps.store.searchVectors(embedder.id, v, limit, { collection, excludeDocumentIds: visibility.hidden });
    const visible = hits.filter((h) => visibility.ready.has(h.documentId));
    return { chunkIds: visible.map((h) => h.chunkId), scores: visible.map((h) => h.distance), weight: 1, source: 'vector' };
  }

  /**
   * Reads the chunks of the best fused ids until `topK` are found. Only these are read (the lists
   * carry ids): at 100,000 chunks, reading every candidate's text was a third of a search's time. A
   * chunk may be gone by now (blacklisted since, or a vector whose chunk a re-ingestion has not
   * written yet): the next ids stand in.
   */
  async function hydrate(ranked: Array<[string, number]>, topK: number, visibility: Visibility, onChunks?: SearchRequest['onChunks']): Promise<{ hits: SearchHit[]; missing: number }> {
    const hits: SearchHit[] = [];
    const read: StoredChunkRecord[] = [];
    let missing = 0;
    let next = 0;
    while (hits.length < topK && next < ranked.length) {
      const batch = ranked.slice(next, next + topK - hits.length);
      next += batch.length;
      const byId = new Map((await deps.store.getChunks(batch.map(([id]) => id))).map((c) => [c.id, c]));
      for (const [id, score] of batch) {
        const c = byId.get(id);
        if (!c) {
          missing++;
          continue;
        }
        read.push(c);
        hits.push({
          chunkId: c.id,
          documentId: c.documentId,
          title: visibility.ready.get(c.documentId)?.title ?? '',
          page: c.pageStart,
          pageEnd: c.pageEnd,
          score,
          text: c.text,
        });
      }
    }
    onChunks?.(read);
    return { hits, missing };
  }

  async function searchOnce(request: SearchRequest): Promise<{ hits: SearchHit[]; missing: number }> {
    const topK = request.topK ?? DEFAULT_TOP_K;
    const query = sanitizeQuery(request.query);
    // With no mode asked for, a broken embedding model degrades search to full text instead of
    // failing it (the model's status tells the user); an explicit vector or hybrid search reports it.
    const embedder =
      request.mode === 'fulltext' ? null : request.mode ? await deps.getEmbedder() : await deps.getEmbedder().catch(() => null);
    let mode: SearchMode = request.mode ?? (embedder ? 'hybrid' : 'fulltext');
    if (mode === 'vector' && !embedder) throw new PhareError('MODEL_NOT_LOADED', { role: 'embedding' });
    if (mode === 'hybrid' && !embedder) mode = 'fulltext';
    if (mode !== 'vector' && !query) return { hits: [], missing: 0 };

    // Read once, before any chunk: what is ready now is what this search may return.
    const visibility = await deps.store.visibility(request.collection);
    if (visibility.ready.size === 0) return { hits: [], missing: 0 };
    const limit = Math.max(MIN_CANDIDATES, topK * CANDIDATES_PER_RESULT);

    // Full text and vectors are asked for at once: LanceDB answers them on its own threads.
    const [textLists, vectorList] = await Promise.all([
      mode !== 'vector' ? fullText(query, limit, visibility, request.collection) : Promise.resolve([]),
      mode !== 'fulltext' && embedder ? vector(embedder, request.query, limit, visibility, request.collection) : Promise.resolve(null),
    ]);
    const lists = vectorList ? [...textLists, vectorList] : textLists;
    request.onLists?.(lists);

    const scores = reciprocalRankFusion(
      lists.map((l) => l.chunkIds),
      undefined,
      lists.map((l) => l.weight),
    );
    // Equal fused scores ordered by id (store/idOrder.ts).
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]));
    return hydrate(ranked, topK, visibility, request.onChunks);
  }

  return {
    async search(request) {
      const first = await searchOnce(request);
      // Ids come from the indices and the chunks are read after: a re-ingestion's swap between the two
      // leaves ids of chunks that are gone while their replacements are already searchable (found in
      // a test searching during re-ingestion). The search is made once more then, on the new content,
      // rather than leaving the document out.
      return first.missing > 0 ? (await searchOnce(request)).hits : first.hits;
    },
  };
}

function languagesFor(lang: DetectedLanguage, policy: FullTextLanguagePolicy): FtsLang[] {
  if (policy === 'fr' || policy === 'en') return [policy];
  if (policy === 'both' || policy === 'auto') return ['fr', 'en'];
  return lang === 'und' ? ['fr', 'en'] : [lang];
}
