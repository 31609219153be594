/** Limits of ingestion. The size limit is checked with stat before a byte is read. */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Files processed at once: extraction is CPU-bound and the machines are often 2-4 cores. */
export const DEFAULT_INGEST_CONCURRENCY = 2;
/** Chunks sent to the embedder per call. */
export const EMBEDDING_BATCH_SIZE = 16;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
