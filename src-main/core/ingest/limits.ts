/** Limits of ingestion. The size limit is checked with stat before a byte is read. */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Files processed at once: extraction is CPU-bound and the machines are often 2-4 cores. */
export const DEFAULT_INGEST_CONCURRENCY = 2;
/** Chunks sent to the embedder per call. */
export const EMBEDDING_BATCH_SIZE = 16;

/**
 * Office files are ZIP archives, and a ZIP can declare (or hide) gigabytes behind a few kilobytes.
 * What an archive may unpack to, checked on the sizes its directory declares before anything is
 * inflated, then on the bytes actually inflated (an entry producing more than it declared is cut off).
 * A real DOCX or PPTX unpacks to tens of megabytes, mostly images stored as they are.
 */
export const ARCHIVE_LIMITS = {
  /** Sum of the declared uncompressed sizes of all entries. */
  maxUnpackedBytes: 512 * 1024 * 1024,
  /** One entry (the XML parts are parsed in memory: this bounds the parser's memory). */
  maxEntryBytes: 128 * 1024 * 1024,
  maxEntries: 20_000,
};

/** Bytes read to recognise a file by its content before the rest is read. */
export const HEAD_BYTES = 64 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
