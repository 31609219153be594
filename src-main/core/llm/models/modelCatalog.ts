/**
 * The curated list of recommended models (`resources/models-catalog.json`): chat and embedding GGUFs
 * that handle French and English, with their Hugging Face URI, size and licence. Embedding entries
 * also say which prefixes the model was trained with (e5's "query: ", nomic's "search_query: "...),
 * because embedding without them silently loses retrieval quality.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { ModelCatalogEntrySchema, type ModelCatalogEntry } from '../../../../src-shared/domain';
import catalogJson from '../../../../resources/models-catalog.json';

const CatalogFileSchema = z.object({ version: z.literal(1), models: z.array(ModelCatalogEntrySchema) });

let parsed: ModelCatalogEntry[] | null = null;

/** The catalog, validated once (a bad edit of the JSON fails loudly in tests, not silently in the UI). */
export function modelCatalog(): ModelCatalogEntry[] {
  parsed ??= CatalogFileSchema.parse(catalogJson).models;
  return parsed;
}

/** The catalog entry for a model file, matched by file name (case-insensitive), or null. */
export function catalogEntryFor(fileNameOrPath: string): ModelCatalogEntry | null {
  const name = basename(fileNameOrPath).toLowerCase();
  return modelCatalog().find((entry) => entry.fileName.toLowerCase() === name) ?? null;
}

/**
 * The query and document prefixes an embedding model expects, from the catalog; null when the file
 * is not in the catalog (the caller then embeds the text as it is).
 */
export function catalogPrefixesFor(fileName: string): { query: string; document: string } | null {
  const entry = catalogEntryFor(fileName);
  return entry?.role === 'embedding' && entry.prefixes ? { ...entry.prefixes } : null;
}
