/**
 * Checks run on each document right after its content is written and before it becomes ready, so
 * the result is stored with the document's own final write (no extra commit): it has chunks, none of
 * them empty, its vectors have the model's dimension (one per chunk), and it can be found by a phrase
 * taken from it. A failed check does not hide the document (it stays searchable); it is flagged in
 * the list and explained in the detail view.
 */
import type { DocumentValidation } from '../../../src-shared/domain';
import type { LibraryStore } from '../store/libraryStore';
import type { FtsLang } from '../store/schema';

export interface ValidationInput {
  documentId: string;
  language: string;
  chunks: ReadonlyArray<{ text: string }>;
  /** The embedding model the vectors were written with, or null for a full-text-only document. */
  vectors: { embedderId: string; dimension: number } | null;
}

/** Words in the findability probe: enough to be distinctive, few enough for any chunk. */
const PROBE_WORDS = 8;
const PROBE_HITS = 3;

export async function validateDocument(input: ValidationInput, store: Pick<LibraryStore, 'searchFullText' | 'vectorStats'>): Promise<DocumentValidation> {
  const checks: DocumentValidation['checks'] = [];
  const count = input.chunks.length;
  checks.push({ name: 'has-chunks', ok: count > 0, detail: `${count} chunks` });

  const empty = input.chunks.filter((c) => c.text.trim().length === 0).length;
  checks.push({ name: 'no-empty-chunks', ok: empty === 0, detail: empty === 0 ? 'none empty' : `${empty} empty chunks` });

  if (!input.vectors) {
    checks.push({ name: 'vector-dimension', ok: true, detail: 'no embedding model: full text only' });
  } else {
    const stats = await store.vectorStats(input.vectors.embedderId, input.documentId);
    const ok = stats.dimension === input.vectors.dimension && stats.count === count;
    checks.push({
      name: 'vector-dimension',
      ok,
      detail: `${stats.count}/${count} vectors of dimension ${stats.dimension ?? '-'} (model: ${input.vectors.dimension})`,
    });
  }

  const probe = probePhrase(input.chunks);
  if (!probe) {
    checks.push({ name: 'findable', ok: count === 0, detail: 'no words to search for' });
  } else {
    const lang: FtsLang = input.language === 'en' ? 'en' : 'fr';
    // Scoped to the document: its new chunks are not yet folded into the index, and LanceDB's flat
    // scan of unindexed rows ranks them poorly against the rest of the library, so a library-wide top
    // k would fail documents for a transient reason. What is checked: the full-text path reaches this
    // document's chunks with a phrase of its own.
    const hits = await store.searchFullText(probe, lang, PROBE_HITS, { documentId: input.documentId }).catch(() => []);
    const found = hits.some((h) => h.documentId === input.documentId);
    checks.push({ name: 'findable', ok: found, detail: `“${probe}”: ${found ? 'found' : 'not found'}` });
  }

  return { ok: checks.every((c) => c.ok), checkedAt: new Date().toISOString(), checks };
}

/**
 * A distinctive phrase of the document: the longest words of its middle chunk (long words are the
 * rare ones BM25 weighs most), in their order of appearance.
 */
export function probePhrase(chunks: ReadonlyArray<{ text: string }>): string | null {
  const withWords = chunks.filter((c) => /\p{L}{3,}/u.test(c.text));
  if (withWords.length === 0) return null;
  const text = withWords[Math.floor(withWords.length / 2)].text;
  const words = text.match(/\p{L}[\p{L}\p{M}\p{N}]*/gu) ?? [];
  const distinct = [...new Set(words)];
  const longest = new Set([...distinct].sort((a, b) => b.length - a.length).slice(0, PROBE_WORDS));
  return distinct.filter((w) => longest.has(w)).join(' ');
}
