/**
 * Connects the contract's events to the stores, once, at start-up. Subscribing early matters: over
 * HTTP the event socket must be open before the first `chat.ask`, or its first tokens would be lost.
 */
import { client, transport } from '../transport/client';
import { useAppStore } from './appStore';
import { useChatStore } from './chatStore';
import { useFeedbackStore } from './feedbackStore';
import { useLibraryStore } from './libraryStore';
import { useModelsStore } from './modelsStore';
import { useQualityStore } from './qualityStore';
import { useFeedbackListStore } from './feedbackListStore';
import { useMonitoringStore } from './monitoringStore';

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
    // Feedback given elsewhere (another window, the CLI) shows on the answer, in the list and in the statistics.
    client.on('feedback.changed', ({ messageId }) => {
      if (useFeedbackStore.getState().byMessage[messageId]) void useFeedbackStore.getState().reload(messageId);
      useFeedbackListStore.getState().onChanged(messageId);
      useQualityStore.getState().onFeedbackChanged();
    }),
    client.on('quality.run', (run) => useQualityStore.getState().onRun(run)),
    client.on('quality.changed', () => useQualityStore.getState().onChanged()),
    client.on('monitoring.alert', (alert) => useMonitoringStore.getState().onAlert(alert)),
    client.on('monitoring.tick', () => useMonitoringStore.getState().onTick()),
    client.on('models.status', (s) => app.setModels(s)),
    client.on('models.downloadProgress', (p) => useModelsStore.getState().onDownloadProgress(p)),
    transport.onConnection((state) => {
      app.setConnection(state);
      // Events sent while the link was down are lost: on a reconnection, reload what they would have updated.
      if (state === 'connected' && connectedBefore) {
        void library.refresh();
        void library.refreshManagement();
        void app.refreshModels();
        useQualityStore.getState().onChanged();
        useFeedbackListStore.getState().onChanged(null);
        useMonitoringStore.getState().onReconnected();
      }
      if (state === 'connected') connectedBefore = true;
    }),
  ];
  return () => offs.forEach((off) => off());
}
