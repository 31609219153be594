/**
 * The model manager through the contract, on a real core: import a model, make it the active chat
 * model with settings.update (live, no restart), reload and unload it, and follow a download's events.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelDownloadProgress } from '../../../src-shared/domain';
import { tinyChatModel, tinyEmbedModel } from '../../helpers/paths';
import { openTestCore, type TestCore } from '../../helpers/testCore';
import { HOST_TEST_TIMEOUT } from './helpers';

let test: TestCore;

beforeAll(async () => {
  test = await openTestCore({ threads: 1, gpu: 'cpu', gpuLayers: 0, contextSize: 1024 });
});

afterAll(async () => {
  await test?.dispose();
  if (test) rmSync(test.dataDir, { recursive: true, force: true });
});

describe('models through the contract', { timeout: HOST_TEST_TIMEOUT }, () => {
  it('imports, activates live, reloads and unloads', async () => {
    const { client } = test;
    const { modelsDir } = await client.call('app.info', {});
    const chat = await client.call('models.import', { path: tinyChatModel });
    const embed = await client.call('models.import', { path: tinyEmbedModel });
    expect(chat.path).toBe(join(modelsDir, 'tiny-chat.gguf'));
    expect(embed.role).toBe('embedding');
    expect((await client.call('models.list', {})).map((m) => m.fileName)).toEqual(['tiny-chat.gguf', 'tiny-embed.gguf']);

    await client.call('settings.update', { chatModelPath: chat.path, embeddingModelPath: embed.path });
    let status = await client.call('models.reload', { role: 'chat' });
    expect(status.chat).toMatchObject({ path: chat.path, state: 'ready', gpuLayers: 0 });
    expect(status.chat.memoryBytes).toBeGreaterThan(0);
    expect(status.backend).toBe('cpu');

    status = await client.call('models.unload', { role: 'chat' });
    expect(status.chat).toMatchObject({ path: chat.path, state: 'none', memoryBytes: null });
    // The host stays up: unloading frees the model, not the process.
    expect(status.hostAlive).toBe(true);

    status = await client.call('models.reload', { role: 'embedding' });
    expect(status.embedding.state).toBe('ready');
    expect(status.embedding.memoryBytes).toBeGreaterThan(0);
  });

  it('reports a download as events, offline at once, with the catalog at hand', async () => {
    const { client } = test;
    const events: ModelDownloadProgress[] = [];
    const off = client.on('models.downloadProgress', (p) => events.push(p));
    try {
      const { downloadId } = await client.call('models.download', { uri: 'http://127.0.0.1:1/offline.gguf' });
      while (!events.some((e) => e.downloadId === downloadId && e.state !== 'downloading')) await new Promise((r) => setTimeout(r, 50));
      const end = events.find((e) => e.downloadId === downloadId && e.state !== 'downloading')!;
      expect(end).toMatchObject({ state: 'failed', error: { code: 'MODEL_DOWNLOAD_OFFLINE' } });
      expect((await client.call('models.cancelDownload', { downloadId })).cancelled).toBe(false);
    } finally {
      off();
    }
    const catalog = await client.call('models.catalog', {});
    expect(catalog.some((m) => m.role === 'chat') && catalog.some((m) => m.role === 'embedding')).toBe(true);
    const refused = await client.call('models.download', { uri: 'not a model' }).then(
      () => null,
      (e: { code: string }) => e.code,
    );
    expect(refused).toBe('MODEL_URI_INVALID');
  });
});
