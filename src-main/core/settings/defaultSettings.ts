/**
 * Settings a new library starts with, computed from the machine where that matters.
 */
import os from 'node:os';
import type { Lang } from '../../../src-shared/errors';
import type { Settings } from '../../../src-shared/domain';
import {
  ACCESS_SETTINGS_DEFAULTS,
  ANSWER_SETTINGS_DEFAULTS,
  BACKUP_SETTINGS_DEFAULTS,
  INGESTION_SETTINGS_DEFAULTS,
  METRICS_SETTINGS_DEFAULTS,
  QUALITY_SETTINGS_DEFAULTS,
} from '../../../src-shared/settingsDefaults';
import { DEFAULT_CHUNKING } from '../ingest/chunkingDefaults';
import { defaultBatchSize, defaultContextSize } from '../llm/models/hardwareDefaults';

/** The user's language from the environment: French when LANG/LC_* or Intl say French, else English. */
export function systemLanguage(env: NodeJS.ProcessEnv = process.env): Lang {
  const set = (value: string | undefined) => value && value !== 'C' && value !== 'POSIX';
  // Intl only when the environment says nothing: its first use loads ICU's locale data (~6-10 ms of a CLI start).
  const first = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find(set) ?? [Intl.DateTimeFormat().resolvedOptions().locale].find(set);
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
    // From the machine's memory (llm/models/hardwareDefaults.ts): 4k tokens, half that below 4 GB of RAM.
    contextSize: defaultContextSize(),
    batchSize: defaultBatchSize(),
    // Shared with the Settings screen's "Reset to defaults".
    ...ANSWER_SETTINGS_DEFAULTS,
    chunkSize: DEFAULT_CHUNKING.chunkSize,
    chunkOverlap: DEFAULT_CHUNKING.chunkOverlap,
    // Nothing leaves the machine unless the user sets up a remote server and chooses it.
    chatModelSource: 'local',
    remoteChat: { enabled: false, baseUrl: 'http://127.0.0.1:11434/v1', model: '', apiKey: null, label: '' },
    // Pages without a usable text layer are read by OCR; French first, the language most users write in.
    ocrMode: INGESTION_SETTINGS_DEFAULTS.ocrMode,
    ocrLanguages: [...INGESTION_SETTINGS_DEFAULTS.ocrLanguages],
    quality: { ...QUALITY_SETTINGS_DEFAULTS },
    metrics: { ...METRICS_SETTINGS_DEFAULTS },
    access: structuredClone(ACCESS_SETTINGS_DEFAULTS),
    backup: { ...BACKUP_SETTINGS_DEFAULTS },
  };
}
