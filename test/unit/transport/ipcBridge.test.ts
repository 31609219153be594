/**
 * The Electron IPC bridge with Electron's ipcMain and BrowserWindow replaced by fakes (the binary
 * cannot run here): calls are dispatched only from the main frame of one of our windows showing our
 * page, and events go only to windows showing our page.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventBus } from '../../../src-main/core/eventBus';
import { createAppOrigin } from '../../../src-main/electron/appOrigin';
import { ipcChannels } from '../../../src-preload/channels';
import type { Dispatch } from '../../../src-shared/rpc';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

const fake = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const windows: Array<{ webContents: { id: number; url: string; sent: unknown[][]; destroyed: boolean } }> = [];
  return { handlers, windows };
});

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => fake.handlers.set(channel, handler),
    removeHandler: (channel: string) => fake.handlers.delete(channel),
  },
  BrowserWindow: {
    fromWebContents: (contents: { id: number }) => fake.windows.find((w) => w.webContents.id === contents.id) ?? null,
    getAllWindows: () =>
      fake.windows.map((w) => ({
        webContents: {
          isDestroyed: () => w.webContents.destroyed,
          getURL: () => w.webContents.url,
          send: (...args: unknown[]) => w.webContents.sent.push(args),
        },
      })),
  },
}));

const { registerIpcBridge } = await import('../../../src-main/electron/ipcBridge');

const origin = createAppOrigin(null);
const appUrl = 'phare://app/index.html';
const calls: unknown[][] = [];
const dispatch: Dispatch = async (method, input) => {
  calls.push([method, input]);
  return { ok: true, value: 'done' };
};

function invoke(event: unknown, method: string, input: unknown) {
  return fake.handlers.get(ipcChannels.call)!(event, method, input) as Promise<{ ok: boolean }>;
}

function frame(url: string, parent: unknown = null) {
  return { url, parent };
}

describe('IPC bridge', () => {
  let events = createEventBus();
  let remove: () => void;

  beforeEach(() => {
    calls.length = 0;
    fake.windows.length = 0;
    fake.windows.push({ webContents: { id: 1, url: appUrl, sent: [], destroyed: false } });
    fake.windows.push({ webContents: { id: 2, url: 'https://example.com/', sent: [], destroyed: false } });
    events = createEventBus();
    remove?.();
    remove = registerIpcBridge({ dispatch, events, origin });
  });

  it('dispatches a call from the main frame of our window', async () => {
    const result = await invoke({ sender: { id: 1 }, senderFrame: frame(`${appUrl}#/chat`) }, 'app.info', {});
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual([['app.info', {}]]);
  });

  it('drops calls from an iframe, another page, an unknown window or a vanished frame', async () => {
    const untrusted = [
      { sender: { id: 1 }, senderFrame: frame(appUrl, frame(appUrl)) },
      { sender: { id: 1 }, senderFrame: frame('https://example.com/') },
      { sender: { id: 1 }, senderFrame: frame('file:///etc/passwd') },
      { sender: { id: 99 }, senderFrame: frame(appUrl) },
      { sender: { id: 1 }, senderFrame: null },
    ];
    for (const event of untrusted) {
      const result = await invoke(event, 'library.remove', { id: 'x' });
      expect(result.ok).toBe(false);
    }
    expect(calls).toEqual([]);
  });

  it('forwards every core event to our pages only', () => {
    events.emit('library.changed', { documentIds: ['a'] });
    expect(fake.windows[0].webContents.sent).toEqual([[ipcChannels.event, 'library.changed', { documentIds: ['a'] }]]);
    expect(fake.windows[1].webContents.sent).toEqual([]);
    fake.windows[0].webContents.destroyed = true;
    events.emit('library.changed', { documentIds: ['b'] });
    expect(fake.windows[0].webContents.sent).toHaveLength(1);
  });

  it('removes its handler and stops forwarding when unregistered', () => {
    remove();
    expect(fake.handlers.has(ipcChannels.call)).toBe(false);
    events.emit('library.changed', { documentIds: ['c'] });
    expect(fake.windows[0].webContents.sent).toEqual([]);
    remove = () => undefined;
  });
});
