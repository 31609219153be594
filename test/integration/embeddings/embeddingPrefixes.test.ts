/**
 * Query and document prefixes per embedding-model family: the catalog's for the files it lists, else
 * recognised from the file name, else none; and the prefixed embedder sends them to the model.
 */
import { describe, expect, it } from 'vitest';
import { embeddingFamilyOf, embeddingPrefixesFor } from '../../../src-main/core/embeddings/embeddingPrefixes';
import { modelFileNameOf, withPrefixes } from '../../../src-main/core/embeddings/prefixedEmbedder';
import { modelCatalog } from '../../../src-main/core/llm/models/modelCatalog';
import { createHashEmbedder } from '../retrieval/hashEmbedder';

describe('embedding prefixes', () => {
  it('recognises families from GGUF file names', () => {
    expect(embeddingPrefixesFor('multilingual-e5-small-Q8_0.gguf')).toEqual({ query: 'query: ', document: 'passage: ' });
    expect(embeddingPrefixesFor('nomic-embed-text-v1.5.f16.gguf')).toEqual({ query: 'search_query: ', document: 'search_document: ' });
    expect(embeddingPrefixesFor('bge-small-en-v1.5-q8_0.gguf').query).toMatch(/^Represent this sentence/);
    expect(embeddingPrefixesFor('bge-small-en-v1.5-q8_0.gguf').document).toBe('');
    expect(embeddingFamilyOf('bge-m3-Q8_0.gguf')).toBe('bge-m3');
    expect(embeddingPrefixesFor('bge-m3-Q8_0.gguf')).toEqual({ query: '', document: '' });
    expect(embeddingPrefixesFor('tiny-embed.gguf')).toEqual({ query: '', document: '' });
    // Not in the catalog under this name: recognised as e5-instruct, not plain e5.
    expect(embeddingFamilyOf('multilingual-e5-small-instruct.Q4_K_M.gguf')).toBe('e5-instruct');
    expect(embeddingPrefixesFor('multilingual-e5-small-instruct.Q4_K_M.gguf').document).toBe('');
  });

  it('takes the catalog’s prefixes for the files it lists', () => {
    const listed = modelCatalog().filter((m) => m.role === 'embedding' && m.prefixes);
    expect(listed.length).toBeGreaterThan(0);
    for (const entry of listed) expect(embeddingPrefixesFor(entry.fileName)).toEqual(entry.prefixes);
  });

  it('sends the document prefix with passages and the query prefix with questions', async () => {
    const seen: string[] = [];
    const inner = createHashEmbedder({ id: 'multilingual-e5-base-q8_0.gguf:123' });
    const spy = {
      ...inner,
      embedDocuments: async (texts: string[]) => (seen.push(...texts), inner.embedDocuments(texts)),
      embedQuery: async (text: string) => (seen.push(text), inner.embedQuery(text)),
    };
    expect(modelFileNameOf(spy.id)).toBe('multilingual-e5-base-q8_0.gguf');
    const e5 = withPrefixes(spy);
    await e5.embedDocuments(['Paris est la capitale.']);
    await e5.embedQuery('Quelle est la capitale ?');
    expect(seen).toEqual(['passage: Paris est la capitale.', 'query: Quelle est la capitale ?']);
    expect(withPrefixes(e5)).toBe(e5); // wrapping twice adds nothing
  });
});
