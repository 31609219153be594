/**
 * The crash path, for real: a GGUF whose header is complete and consistent key by key (so inspection
 * lets it through) but whose grouped-query attention (4 heads over 3 KV heads) makes llama.cpp hit a
 * GGML_ASSERT and abort the process when it builds the graph. Only the host may die; the parent gets
 * MODEL_CRASHED and the next request works in a fresh host.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModel } from '../../../src-main/core/llm/gguf/ggufInspect';
import { writeGguf } from '../../../src-main/core/llm/gguf/ggufWriter';
import { tinyChatDocument } from '../../../src-main/core/llm/gguf/tinyModels';
import { InferenceHost } from '../../../src-main/core/llm/inferenceHost';
import { createModelService } from '../../../src-main/core/llm/modelService';
import { nodeHostLauncher } from '../../../src-main/core/llm/nodeHostLauncher';
import { tinyChatModel, tinyEmbedModel } from '../../helpers/paths';
import { HOST_TEST_TIMEOUT, recordingLauncher, testSettings } from './helpers';
import { rejection } from '../../helpers/rejection';

let dir: string;
let crashing: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phare-crash-'));
  crashing = join(dir, 'aborts-llama.gguf');
  await writeGguf(crashing, tinyChatDocument({ headCountKv: 3 }));
  await copyFile(tinyChatModel, join(dir, 'tiny-chat.gguf'));
  await copyFile(tinyEmbedModel, join(dir, 'tiny-embed.gguf'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('inference host crashes', { timeout: HOST_TEST_TIMEOUT }, () => {
  it('uses a fixture that inspection accepts, so the real abort is exercised', async () => {
    await expect(inspectModel(crashing)).resolves.toMatchObject({ role: 'chat', architecture: 'llama' });
  });

  it('a llama.cpp abort kills only the host; a fresh host then loads the good model', async () => {
    const host = new InferenceHost({ launcher: nodeHostLauncher, onLog: () => undefined });
    await host.request('init', { gpu: 'cpu', threads: 1 });
    const error = await rejection(host.request('loadChat', { path: crashing, gpuLayers: 0, contextSize: 512 }));
    expect(error.code).toBe('MODEL_CRASHED');
    expect(host.alive).toBe(false);
    expect((await rejection(host.request('countTokens', { role: 'chat', text: 'x' }))).code).toBe('MODEL_CRASHED');

    const fresh = new InferenceHost({ launcher: nodeHostLauncher, onLog: () => undefined });
    await fresh.request('init', { gpu: 'cpu', threads: 1 });
    await fresh.request('loadChat', { path: tinyChatModel, gpuLayers: 0, contextSize: 512 });
    const result = await fresh.request('generate', { messages: [{ role: 'user', content: 'Hi' }], maxTokens: 5, temperature: 0, purpose: 'chat' });
    expect(result.tokens).toBeGreaterThan(0);
    await fresh.stop();
    expect(fresh.alive).toBe(false);
  });

  it('the service reports MODEL_CRASHED, does not retry the same file, and recovers with another', async () => {
    const launch = recordingLauncher();
    let settings = testSettings({ chatModelPath: crashing, embeddingModelPath: 'tiny-embed.gguf' });
    const service = createModelService({
      getSettings: () => settings,
      modelsDir: dir,
      launcher: launch.launcher,
      onStatus: () => undefined,
      onLog: () => undefined,
    });
    try {
      const embedder = (await service.getEmbedder())!;
      const before = await embedder.embedQuery('the document page');

      expect((await rejection(service.getChatModel())).code).toBe('MODEL_CRASHED');
      const status = service.status();
      expect(status.hostAlive).toBe(false);
      expect(status.chat).toMatchObject({ state: 'failed', error: { code: 'MODEL_CRASHED' } });

      // The embedder kept by, say, the ingest pipeline survives: a new host reloads its model.
      const after = await embedder.embedQuery('the document page');
      expect([...after]).toEqual([...before]);
      expect(service.status().hostAlive).toBe(true);

      // Loading the same file again would crash again: it is refused without touching the host.
      const hosts = launch.channels.length;
      expect((await rejection(service.getChatModel())).code).toBe('MODEL_CRASHED');
      expect(launch.channels.length).toBe(hosts);
      expect(service.status().hostAlive).toBe(true);

      settings = { ...settings, chatModelPath: 'tiny-chat.gguf' };
      await service.applySettings(settings);
      const chat = (await service.getChatModel())!;
      const result = await chat.generate({ messages: [{ role: 'user', content: 'Hi' }], maxTokens: 5, temperature: 0 });
      expect(result.tokens).toBeGreaterThan(0);
      expect(service.status().chat.state).toBe('ready');
    } finally {
      await service.dispose();
    }
  });

  it('a host killed mid-generation rejects the request with MODEL_CRASHED; the next one reloads', async () => {
    const launch = recordingLauncher();
    const settings = testSettings({ chatModelPath: 'tiny-chat.gguf' });
    const service = createModelService({ getSettings: () => settings, modelsDir: dir, launcher: launch.launcher, onStatus: () => undefined });
    try {
      const chat = (await service.getChatModel())!;
      const error = await rejection(
        chat.generate({
          messages: [{ role: 'user', content: 'Talk for a long time.' }],
          maxTokens: 900,
          temperature: 0.8,
          onToken: () => launch.channels.at(-1)!.kill(),
        }),
      );
      expect(error.code).toBe('MODEL_CRASHED');
      expect(service.status().chat).toMatchObject({ state: 'failed', error: { code: 'MODEL_CRASHED' } });

      const result = await chat.generate({ messages: [{ role: 'user', content: 'Again?' }], maxTokens: 5, temperature: 0 });
      expect(result.tokens).toBeGreaterThan(0);
      expect(launch.channels.length).toBe(2);
      expect(service.status().chat.state).toBe('ready');
    } finally {
      await service.dispose();
    }
  });
});
