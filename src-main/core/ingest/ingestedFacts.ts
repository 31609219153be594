/**
 * What the metrics record about each document an ingestion makes ready (its OCR pages and confidence,
 * its chunks' lengths), handed over by the ingestion that has them in hand. The metrics used to read
 * the document and its chunks back from the store after every file: two reads a file, a fifth of a
 * small file's time once the library held a few thousand (docs/benchmarks.md, Growth).
 */

export interface IngestedFacts {
  ocrPages: number;
  ocrMeanConfidence: number | null;
  chunkLengths: number[];
}

export interface IngestedFactsBoard {
  note(documentId: string, facts: IngestedFacts): void;
  /** The facts noted for a document, once (null when none were noted, or too long ago). */
  take(documentId: string): IngestedFacts | null;
}

/** Facts nobody took (no metrics in this process) are dropped past this many, oldest first. */
const KEPT = 1_000;

export function createIngestedFacts(kept = KEPT): IngestedFactsBoard {
  const facts = new Map<string, IngestedFacts>();
  return {
    note(documentId, noted) {
      facts.delete(documentId);
      facts.set(documentId, noted);
      while (facts.size > kept) facts.delete(facts.keys().next().value as string);
    },
    take(documentId) {
      const found = facts.get(documentId) ?? null;
      facts.delete(documentId);
      return found;
    },
  };
}
