/**
 * Builds `window.phare` from the few IPC operations it needs, so the logic is testable without
 * Electron. Names outside the contract never leave the page, and the renderer never sees an
 * IpcRendererEvent (its `sender` is ipcRenderer itself, which would hand the page every channel).
 */
import { isMethodName } from '../src-shared/contract';
import { PhareError } from '../src-shared/errors';
import type { PreloadApi } from '../src-shared/preloadApi';
import type { CallResult } from '../src-shared/rpc';
import { ipcChannels } from './channels';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The subset of Electron's ipcRenderer and webUtils the API uses. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
  getPathForFile(file: File): string;
}

export function createPreloadApi(ipc: PreloadIpc): PreloadApi {
  return {
    call(method, input) {
      if (!isMethodName(method)) {
        const error = new PhareError('UNKNOWN_METHOD', { method: String(method).slice(0, 100) }).toValue();
        return Promise.resolve({ ok: false, error });
      }
      return ipc.invoke(ipcChannels.call, method, input) as Promise<CallResult>;
    },
    subscribe(listener) {
      const wrapped: IpcListener = (_event, name, payload) => {
        if (typeof name === 'string') listener(name, payload);
      };
      ipc.on(ipcChannels.event, wrapped);
      return () => {
        ipc.removeListener(ipcChannels.event, wrapped);
      };
    },
    getPathForFile(file) {
      try {
        return ipc.getPathForFile(file);
      } catch {
        // Not a File from this page (or a File built in memory): there is no path to give.
        return '';
      }
    },
  };
}
