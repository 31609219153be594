/**
 * Default chunking, chosen by measurement (scripts/measure-chunking.ts over the PIAF and XQuAD
 * documents in one library, full-text only; the table is in the script's header comment).
 * The settings use these values until the user changes them.
 */
import type { ChunkingOptions } from './chunker';

export const DEFAULT_CHUNKING: Readonly<ChunkingOptions> = Object.freeze({ chunkSize: 1000, chunkOverlap: 150 });

/** Bumped when the chunker's output changes for the same settings, so stale documents can be found. */
export const CHUNKER_VERSION = 1;
