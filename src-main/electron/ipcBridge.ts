/**
 * The Electron IPC transport: one `ipcMain.handle` for every contract call and one channel carrying
 * every event, generic over the contract's tables like the HTTP bridge. A call is accepted only from
 * the main frame of one of our windows showing our own page; anything else (an iframe, a page that
 * somehow navigated elsewhere) is dropped.
 */
import { BrowserWindow, ipcMain, IpcMainInvokeEvent } from 'electron';
import { PhareError } from '../../src-shared/errors';
import type { CallResult, Dispatch } from '../../src-shared/rpc';
import { ipcChannels } from '../../src-preload/channels';
import type { EventBus } from '../core/eventBus';
import type { AppOrigin } from './appOrigin';

export interface IpcBridgeOptions {
  dispatch: Dispatch;
  events: Pick<EventBus, 'onAny'>;
  origin: AppOrigin;
}

function isTrustedSender(event: IpcMainInvokeEvent, origin: AppOrigin): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!BrowserWindow.fromWebContents(event.sender)) return false;
  return origin.isAppUrl(frame.url);
}

/** Registers the bridge; returns the function that removes it (before the core is disposed). */
export function registerIpcBridge({ dispatch, events, origin }: IpcBridgeOptions): () => void {
  ipcMain.handle(ipcChannels.call, async (event, method: unknown, input: unknown): Promise<CallResult> => {
    if (!isTrustedSender(event, origin)) {
      console.warn(`[ipc] dropped a call from an untrusted frame: ${event.senderFrame?.url ?? '(gone)'}`);
      return { ok: false, error: new PhareError('UNKNOWN_METHOD', { method: String(method).slice(0, 100) }).toValue() };
    }
    return dispatch(method, input);
  });

  const unsubscribe = events.onAny((event, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      if (contents.isDestroyed() || !origin.isAppUrl(contents.getURL())) continue;
      contents.send(ipcChannels.event, event, payload);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(ipcChannels.call);
  };
}
