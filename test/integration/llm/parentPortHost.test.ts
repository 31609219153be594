/** The host entry as Electron starts it (process.parentPort), simulated over a fork: see parentPortShim.ts. */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InferenceHost } from '../../../src-main/core/llm/inferenceHost';
import type { HostChannel } from '../../../src-main/core/llm/types';
import { tinyEmbedModel } from '../../helpers/paths';
import { HOST_TEST_TIMEOUT } from './helpers';

function shimLauncher(): HostChannel {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = fork(fileURLToPath(new URL('./parentPortShim.ts', import.meta.url)), [], {
    execArgv: ['--import', tsx],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('error', () => undefined);
  return {
    send: (message) => {
      if (child.connected) child.send(message as never);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
    kill: () => child.kill('SIGKILL'),
  };
}

describe('inference host behind a parentPort', { timeout: HOST_TEST_TIMEOUT }, () => {
  it('answers requests and stops on shutdown', async () => {
    const host = new InferenceHost({ launcher: shimLauncher, onLog: () => undefined });
    expect(await host.request('init', { gpu: 'cpu', threads: 1 })).toEqual({ backend: 'cpu' });
    expect(await host.request('loadEmbedding', { path: tinyEmbedModel, gpuLayers: 0 })).toMatchObject({ dimension: 64 });
    const { vectors } = await host.request('embed', { texts: ['the document page'] });
    expect(vectors[0]).toHaveLength(64);
    await host.stop();
    expect(host.alive).toBe(false);
  });
});
