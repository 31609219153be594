/** The curated catalog in resources/: valid, covering both roles and both languages, with prefixes. */
import { describe, expect, it } from 'vitest';
import { catalogEntryFor, catalogPrefixesFor, modelCatalog } from '../../../src-main/core/llm/models/modelCatalog';
import { checkModelUri } from '../../../src-main/core/llm/models/modelDownloads';

describe('model catalog', () => {
  it('lists chat and embedding models for French and English, each downloadable, sized and licensed', () => {
    const catalog = modelCatalog();
    const chat = catalog.filter((m) => m.role === 'chat');
    const embedding = catalog.filter((m) => m.role === 'embedding');
    expect(chat.length).toBeGreaterThanOrEqual(3);
    expect(embedding.length).toBeGreaterThanOrEqual(3);
    expect(new Set(catalog.map((m) => m.id)).size).toBe(catalog.length);
    for (const entry of catalog) {
      expect(() => checkModelUri(entry.uri)).not.toThrow();
      expect(entry.uri.endsWith(`/${entry.fileName}`)).toBe(true);
      expect(entry.sizeBytes).toBeGreaterThan(10_000_000);
      expect(entry.licence).not.toBe('');
      expect(entry.description.fr).not.toBe(entry.description.en);
      if (entry.role === 'embedding') expect(entry.prefixes).toBeDefined();
    }
    expect(chat.filter((m) => m.languages.includes('fr')).length).toBeGreaterThanOrEqual(3);
    expect(embedding.filter((m) => m.languages.includes('fr')).length).toBeGreaterThanOrEqual(2);
  });

  it('gives an embedding model its query and document prefixes by file name', () => {
    expect(catalogPrefixesFor('nomic-embed-text-v1.5.Q8_0.gguf')).toEqual({ query: 'search_query: ', document: 'search_document: ' });
    // Case and folders do not matter: users rename extensions and keep models in sub-folders.
    expect(catalogPrefixesFor('/models/sub/NOMIC-EMBED-TEXT-V1.5.Q8_0.GGUF')?.query).toBe('search_query: ');
    expect(catalogPrefixesFor('bge-m3-Q8_0.gguf')).toEqual({ query: '', document: '' });
    expect(catalogPrefixesFor('multilingual-e5-large-instruct-q8_0.gguf')?.query).toMatch(/^Instruct: .*\nQuery: $/s);
    expect(catalogPrefixesFor('unknown-model.gguf')).toBeNull();
    // A chat model has no embedding prefixes.
    expect(catalogPrefixesFor('qwen2.5-1.5b-instruct-q4_k_m.gguf')).toBeNull();
    expect(catalogEntryFor('qwen2.5-1.5b-instruct-q4_k_m.gguf')?.role).toBe('chat');
  });
});
