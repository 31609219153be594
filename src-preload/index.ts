/**
 * The preload of the main window (a sandboxed CommonJS bundle): exposes `window.phare`, which is the
 * contract's generic call, its event subscription and the path of a dropped file, and nothing else.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadApi } from './createPreloadApi';

const api = createPreloadApi({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => ipcRenderer.on(channel, listener),
  removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener),
  getPathForFile: (file) => webUtils.getPathForFile(file),
});

contextBridge.exposeInMainWorld('phare', api);
