/**
 * Connects the contract's events to the stores, once, at start-up. Subscribing early matters: over
 * HTTP the event socket must be open before the first `chat.ask`, or its first tokens would be lost.
 */
import { client, transport } from '../transport/client';
import { useAppStore } from './appStore';
import { useChatStore } from './chatStore';
import { useLibraryStore } from './libraryStore';
import { useModelsStore } from './modelsStore';

export function wireEvents(): () => void {
  const library = useLibraryStore.getState();
  const app = useAppStore.getState();
  let connectedBefore = false;
  const offs = [
    client.on('ingest.progress', (e) => library.onProgress(e)),
    client.on('ingest.done', (e) => library.onDone(e)),
    client.on('library.changed', () => void library.refresh()),
    client.on('jobs.changed', (job) => library.onJobChanged(job)),
    // Counts per collection move with the documents.
    client.on('collections.changed', () => void library.refreshManagement()),
    client.on('ingest.done', () => void library.refreshManagement()),
    client.on('chat.token', (e) => useChatStore.getState().onToken(e.requestId, e.delta)),
    client.on('models.status', (s) => app.setModels(s)),
    client.on('models.downloadProgress', (p) => useModelsStore.getState().onDownloadProgress(p)),
    transport.onConnection((state) => {
      app.setConnection(state);
      // Events sent while the link was down are lost: on a reconnection, reload what they would have updated.
      if (state === 'connected' && connectedBefore) {
        void library.refresh();
        void library.refreshManagement();
        void app.refreshModels();
      }
      if (state === 'connected') connectedBefore = true;
    }),
  ];
  return () => offs.forEach((off) => off());
}
