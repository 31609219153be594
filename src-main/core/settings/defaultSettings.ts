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
 * llama.cpp is bound by memory bandwidth, and its threads spin while they wait for each other: when
 * they outnumber the cores left free they stall (measured on a 2-core machine: 2 threads while the
 * app was also chunking and writing made embedding 4.6x slower, and one run stalled for minutes;
 * 1 thread did not). So one core is left to the app on small machines, and past 4 logical cores,
 * which are usually hyper-threads, half of them are used.
 */
export function defaultThreads(logicalCores = os.availableParallelism()): number {
  if (logicalCores <= 4) return Math.max(1, logicalCores - 1);
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
    // llama.cpp's default logical batch: large enough for fast prompt processing, bounded by the context when loading.
    batchSize: 512,
    temperature: 0.2,
    maxTokens: 512,
    topK: 6,
    chunkSize: DEFAULT_CHUNKING.chunkSize,
    chunkOverlap: DEFAULT_CHUNKING.chunkOverlap,
    // Nothing leaves the machine unless the user sets up a remote server and chooses it.
    chatModelSource: 'local',
    remoteChat: { enabled: false, baseUrl: 'http://127.0.0.1:11434/v1', model: '', apiKey: null, label: '' },
  };
}
