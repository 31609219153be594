/** Shared setup for the model layer's integration tests: settings, a launcher that records hosts. */
import type { GpuChoice, ModelsStatus, Settings } from '../../../src-shared/domain';
import { QUALITY_SETTINGS_DEFAULTS, METRICS_SETTINGS_DEFAULTS } from '../../../src-shared/settingsDefaults';
import { createNodeHostLauncher } from '../../../src-main/core/llm/nodeHostLauncher';
import type { HostChannel, HostLauncher } from '../../../src-main/core/llm/types';

export function testSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    language: 'en',
    chatModelPath: null,
    embeddingModelPath: null,
    gpu: 'cpu' as GpuChoice,
    gpuLayers: 0,
    // One thread: measured fastest for tiny models on this 2-core machine, and leaves a core to the other worker.
    threads: 1,
    contextSize: 1024,
    batchSize: 512,
    temperature: 0,
    maxTokens: 32,
    topK: 5,
    chunkSize: 800,
    chunkOverlap: 100,
    chatModelSource: 'local',
    remoteChat: { enabled: false, baseUrl: 'http://127.0.0.1:11434/v1', model: '', apiKey: null, label: '' },
    quality: { ...QUALITY_SETTINGS_DEFAULTS },
    metrics: { ...METRICS_SETTINGS_DEFAULTS },
    ...overrides,
  };
}

/** A real node launcher that also keeps the channels it opened, so a test can kill a host. */
export function recordingLauncher(): { launcher: HostLauncher; channels: HostChannel[] } {
  const channels: HostChannel[] = [];
  const inner = createNodeHostLauncher();
  return {
    channels,
    launcher: () => {
      const channel = inner();
      channels.push(channel);
      return channel;
    },
  };
}

export function statusRecorder(): { statuses: ModelsStatus[]; onStatus: (s: ModelsStatus) => void } {
  const statuses: ModelsStatus[] = [];
  return { statuses, onStatus: (s) => statuses.push(s) };
}

/** A backend this machine cannot have: Metal off macOS, CUDA on macOS. */
export function unavailableBackend(): GpuChoice {
  return process.platform === 'darwin' ? 'cuda' : 'metal';
}

/**
 * Starting a host from source (tsx, node-llama-cpp's import and binary check) takes a few seconds,
 * but minutes on a machine shared with other heavy test runs; this is a safety net, not a target.
 */
export const HOST_TEST_TIMEOUT = 300_000;
