/**
 * How many files are ingested at once. Extraction and OCR are CPU-bound (OCR has its own worker
 * pool on top), so half the cores, at least one and at most four: on a 2-core laptop one file at a
 * time leaves a core to the UI and the model; more than four only adds memory.
 */
import { availableParallelism } from 'node:os';

export function machineIngestConcurrency(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(4, Math.floor(cores / 2)));
}
