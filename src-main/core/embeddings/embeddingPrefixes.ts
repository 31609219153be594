/**
 * The prefixes an embedding model was trained with. Retrieval models are trained on asymmetric pairs
 * (a short question, a long passage) and many mark which is which with a text prefix; embedding
 * without the prefix they expect silently loses retrieval quality.
 *
 * The model catalog (llm/models) says it for the files it lists; for any other file the family is
 * recognised from its file name (GGUF conversions keep the upstream name: "multilingual-e5-small-
 * Q8_0.gguf", "nomic-embed-text-v1.5.f16.gguf"). Unknown families get no prefix.
 */
import { catalogPrefixesFor } from '../llm/models/modelCatalog';

export interface EmbeddingPrefixes {
  query: string;
  document: string;
}

export const NO_PREFIXES: Readonly<EmbeddingPrefixes> = Object.freeze({ query: '', document: '' });

const RETRIEVAL_INSTRUCTION = 'Represent this sentence for searching relevant passages: ';

/** Families by file-name pattern, most specific first. Sources: each model's card. */
const FAMILIES: ReadonlyArray<{ family: string; pattern: RegExp; prefixes: EmbeddingPrefixes }> = [
  // bge-m3 is trained without instructions; the English bge v1.5 models use one for queries only.
  { family: 'bge-m3', pattern: /bge-m3/, prefixes: NO_PREFIXES },
  { family: 'bge', pattern: /\bbge-(small|base|large)/, prefixes: { query: RETRIEVAL_INSTRUCTION, document: '' } },
  // multilingual-e5-*-instruct takes an instruction before the query and nothing before passages.
  {
    family: 'e5-instruct',
    pattern: /(^|[^a-z])e5-.*instruct/,
    prefixes: { query: 'Instruct: Given a question, retrieve passages that answer the question\nQuery: ', document: '' },
  },
  { family: 'e5', pattern: /(^|[^a-z])e5-/, prefixes: { query: 'query: ', document: 'passage: ' } },
  { family: 'nomic', pattern: /nomic-embed/, prefixes: { query: 'search_query: ', document: 'search_document: ' } },
  { family: 'mxbai', pattern: /mxbai-embed/, prefixes: { query: RETRIEVAL_INSTRUCTION, document: '' } },
  { family: 'arctic', pattern: /arctic-embed/, prefixes: { query: RETRIEVAL_INSTRUCTION, document: '' } },
  { family: 'embeddinggemma', pattern: /embeddinggemma/, prefixes: { query: 'task: search result | query: ', document: 'title: none | text: ' } },
  {
    family: 'qwen3-embedding',
    pattern: /qwen3-embedding/,
    prefixes: { query: 'Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery: ', document: '' },
  },
];

/** The family recognised in a model file name, or null. */
export function embeddingFamilyOf(fileName: string): string | null {
  const name = fileName.toLowerCase();
  return FAMILIES.find((f) => f.pattern.test(name))?.family ?? null;
}

/** Prefixes for a model file: the catalog's when it lists the file, else the family table's, else none. */
export function embeddingPrefixesFor(fileName: string): EmbeddingPrefixes {
  const fromCatalog = safeCatalogPrefixes(fileName);
  if (fromCatalog) return fromCatalog;
  const name = fileName.toLowerCase();
  return FAMILIES.find((f) => f.pattern.test(name))?.prefixes ?? NO_PREFIXES;
}

function safeCatalogPrefixes(fileName: string): EmbeddingPrefixes | null {
  try {
    return catalogPrefixesFor(fileName);
  } catch {
    // A catalog that fails to parse is reported by the models screen; embeddings fall back to the table.
    return null;
  }
}
