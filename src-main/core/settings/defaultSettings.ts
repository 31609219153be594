/**
 * Settings a new library starts with, computed from the machine where that matters.
 */
import os from 'node:os';
import type { Lang } from '../../../src-shared/errors';
import type { Settings } from '../../../src-shared/domain';
import { DEFAULT_CHUNKING } from '../ingest/chunkingDefaults';

/** The user's language from the environment: French when LANG/LC_* or Intl say French, else English. */
export function systemLanguage(env: NodeJS.ProcessEnv = process.env): Lang {
  const candidates = [env.LC_ALL, env.LC_MESSAGES, env.LANG, Intl.DateTimeFormat().resolvedOptions().locale];
  const first = candidates.find((value) => value && value !== 'C' && value !== 'POSIX');
  return first?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/**
 * llama.cpp generation is bound by memory bandwidth and slows sharply when threads outnumber the
 * physical cores (measured: 4 threads on this 2-core machine were ~100x slower than 1-2). Logical
 * cores above 4 are usually hyper-threads, so past 4 we take half.
 */
export function defaultThreads(logicalCores = os.availableParallelism()): number {
  if (logicalCores <= 4) return Math.max(1, logicalCores);
  return Math.min(16, Math.ceil(logicalCores / 2));
}

export function defaultSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    language: systemLanguage(env),
    chatModelPath: null,
    embeddingModelPath: null,
    gpu: 'auto',
    gpuLayers: 'auto',
    threads: defaultThreads(),
    // 4k tokens hold the system prompt, ~6 sources of ~250 tokens and the answer, and stay cheap on a CPU.
    contextSize: 4096,
    temperature: 0.2,
    maxTokens: 512,
    topK: 6,
    chunkSize: DEFAULT_CHUNKING.chunkSize,
    chunkOverlap: DEFAULT_CHUNKING.chunkOverlap,
  };
}
