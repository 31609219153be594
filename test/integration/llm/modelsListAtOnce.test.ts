/**
 * The Models screen lists at once (issue 12, "Wrong 6": 9-12 s for two 0.5 MB models, because the
 * list simulated a load of each in the inference host): `models.list` reads the GGUF headers only,
 * cached by file size and modification time, and starts no host; `models.fit` estimates one listed
 * row after, and says nothing about a file the list did not show.
 */
import { copyFileSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyChatModel, tinyEmbedModel } from '../../helpers/paths';
import { openTestCore, type TestCore } from '../../helpers/testCore';
import { HOST_TEST_TIMEOUT } from './helpers';

let t: TestCore;

beforeAll(async () => {
  t = await openTestCore({ threads: 1, gpu: 'cpu', gpuLayers: 0, contextSize: 1024 });
});

afterAll(async () => {
  await t?.dispose();
  if (t) rmSync(t.dataDir, { recursive: true, force: true });
});

describe('models.list and models.fit', { timeout: HOST_TEST_TIMEOUT }, () => {
  it('lists from the headers without the host, then estimates each row on demand', async () => {
    const { client } = t;
    const { modelsDir } = await client.call('app.info', {});
    copyFileSync(tinyChatModel, join(modelsDir, 'tiny-chat.gguf'));
    copyFileSync(tinyEmbedModel, join(modelsDir, 'tiny-embed.gguf'));

    const listed = await client.call('models.list', {});
    expect(listed.map((m) => [m.fileName, m.role, m.fit])).toEqual([
      ['tiny-chat.gguf', 'chat', null],
      ['tiny-embed.gguf', 'embedding', null],
    ]);
    // No load was simulated: the inference host was not even started.
    expect((await client.call('models.status', {})).hostAlive).toBe(false);

    for (const model of listed) {
      const fit = await client.call('models.fit', { path: model.path });
      expect(['yes', 'tight', 'no']).toContain(fit.fits);
      expect(fit.requiredBytes).toBeGreaterThan(0);
    }
    // A path the list did not show is not opened.
    expect((await client.call('models.fit', { path: tinyChatModel })).fits).toBe('unknown');
  });

  it('reads a header again only when the file’s size or time changed', async () => {
    const { client } = t;
    const { modelsDir } = await client.call('app.info', {});
    const path = join(modelsDir, 'tiny-chat.gguf');
    // A time in whole seconds, that utimes can set back exactly.
    const time = new Date(Math.floor(statSync(path).mtimeMs / 1000) * 1000 - 60_000);
    utimesSync(path, time, time);
    expect((await client.call('models.list', {})).find((m) => m.path === path)?.architecture).toBe('llama');

    // Same size, same time, other bytes: the cached header answers.
    const bytes = readFileSync(path);
    writeFileSync(path, Buffer.alloc(bytes.length, 0x20));
    utimesSync(path, time, time);
    expect((await client.call('models.list', {})).find((m) => m.path === path)).toMatchObject({ architecture: 'llama', error: null });

    // A new time: read again, and now it is not a GGUF.
    utimesSync(path, time, new Date(time.getTime() + 5_000));
    expect((await client.call('models.list', {})).find((m) => m.path === path)?.error).toMatchObject({ code: 'MODEL_INVALID' });
    writeFileSync(path, bytes);
  });
});
