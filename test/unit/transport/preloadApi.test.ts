/** window.phare's logic over a fake ipcRenderer: only contract names are sent, events arrive unwrapped. */
import { describe, expect, it } from 'vitest';
import { ipcChannels } from '../../../src-preload/channels';
import { createPreloadApi, PreloadIpc } from '../../../src-preload/createPreloadApi';
import type { MethodName } from '../../../src-shared/contract';

function fakeIpc() {
  const sent: unknown[][] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: PreloadIpc = {
    invoke: async (channel, ...args) => {
      sent.push([channel, ...args]);
      return { ok: true, value: 'pong' };
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
    getPathForFile: () => {
      throw new Error('not a file');
    },
  };
  const emit = (channel: string, ...args: unknown[]) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipcRenderer itself' }, ...args);
  };
  return { ipc, sent, emit, listeners };
}

describe('preload API', () => {
  it('sends contract methods on the call channel', async () => {
    const { ipc, sent } = fakeIpc();
    const api = createPreloadApi(ipc);
    await expect(api.call('app.info', {})).resolves.toEqual({ ok: true, value: 'pong' });
    expect(sent).toEqual([[ipcChannels.call, 'app.info', {}]]);
  });

  it('refuses names outside the contract without sending anything', async () => {
    const { ipc, sent } = fakeIpc();
    const api = createPreloadApi(ipc);
    for (const name of ['shell.openExternal', '__proto__', 'constructor', 'toString']) {
      const result = await api.call(name as MethodName, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('UNKNOWN_METHOD');
    }
    expect(sent).toEqual([]);
  });

  it('delivers events without the IPC event object, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const api = createPreloadApi(ipc);
    const seen: unknown[][] = [];
    const off = api.subscribe((...args) => seen.push(args));
    emit(ipcChannels.event, 'library.changed', { documentIds: [] });
    expect(seen).toEqual([['library.changed', { documentIds: [] }]]);
    off();
    expect(listeners.get(ipcChannels.event)?.size).toBe(0);
    emit(ipcChannels.event, 'library.changed', { documentIds: [] });
    expect(seen.length).toBe(1);
  });

  it('returns an empty path when the file has none', () => {
    const { ipc } = fakeIpc();
    expect(createPreloadApi(ipc).getPathForFile({} as File)).toBe('');
  });
});
