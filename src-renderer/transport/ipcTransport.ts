/**
 * Transport over the Electron preload (`window.phare`). The preload already exposes exactly the
 * contract's call and subscribe, so this is a thin wrapper; the IPC link cannot drop while the window lives.
 */
import type { PreloadApi } from '../../src-shared/preloadApi';
import type { AppTransport } from './appTransport';

export function createIpcTransport(api: PreloadApi): AppTransport {
  return {
    kind: 'ipc',
    call: (method, input) => api.call(method, input),
    subscribe: (listener) => api.subscribe(listener),
    pathForFile: (file) => {
      try {
        return api.getPathForFile(file) || '';
      } catch {
        // A File built in the page (not from disk) has no path; the caller falls back to uploading bytes.
        return '';
      }
    },
    onConnection: (listener) => {
      listener('connected');
      return () => {};
    },
  };
}
