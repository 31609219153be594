/**
 * Serialises this process's writes to the library. LanceDB resolves concurrent commits itself, but
 * a document is written as several commits (pages, chunks, vectors, then the document row) and
 * concurrent ingestion workers interleaving those, or an index optimisation racing an append, would
 * only cost retries and make failures harder to read. Reads never wait on this queue.
 */
import { PhareError } from '../../../src-shared/errors';

export interface WriteQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves when every task queued so far has settled. */
  idle(): Promise<void>;
}

export function createWriteQueue(options: { onError?: (error: unknown) => void } = {}): WriteQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const result = tail.then(task);
      // Our own errors (a document that fails its checks, say) are not write failures.
      if (options.onError) result.catch((error: unknown) => (error instanceof PhareError ? undefined : options.onError?.(error)));
      // The chain must survive a failed task; the caller still sees the failure through `result`.
      tail = result.catch(() => undefined);
      return result;
    },
    async idle() {
      await tail;
    },
  };
}
