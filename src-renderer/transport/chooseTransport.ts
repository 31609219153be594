/**
 * One React app, two hosts: inside Electron the preload puts the contract on `window.phare`;
 * in a browser against `phare serve` there is no preload and the same calls go over HTTP.
 */
import type { PreloadApi } from '../../src-shared/preloadApi';
import type { AppTransport } from './appTransport';
import { createHttpTransport } from './httpTransport';
import { createIpcTransport } from './ipcTransport';

declare global {
  interface Window {
    phare?: PreloadApi;
  }
}

export function chooseTransport(): AppTransport {
  return window.phare ? createIpcTransport(window.phare) : createHttpTransport();
}
