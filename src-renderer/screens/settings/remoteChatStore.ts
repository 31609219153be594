/**
 * The remote-model settings as the UI sees them: loaded with settings.get (the API key arrives
 * masked), saved with settings.update. The panel edits them; the chat screen's badge reads them.
 */
import { create } from 'zustand';
import type { RemoteChatSettings, RemoteTestResult, Settings } from '../../../src-shared/domain';
import { useAppStore } from '../../stores/appStore';
import { useModelsStore } from '../../stores/modelsStore';
import { client } from '../../transport/client';

export type ChatModelSource = Settings['chatModelSource'];

interface RemoteChatState {
  source: ChatModelSource;
  remote: RemoteChatSettings | null;
  load(): Promise<void>;
  save(source: ChatModelSource, remote: RemoteChatSettings): Promise<boolean>;
  test(request: { baseUrl: string; model: string; apiKey: string | null }): Promise<RemoteTestResult | null>;
}

export const useRemoteChatStore = create<RemoteChatState>()((set) => ({
  source: 'local',
  remote: null,

  async load() {
    try {
      const settings = await client.call('settings.get', {});
      set({ source: settings.chatModelSource, remote: settings.remoteChat });
    } catch (error) {
      useAppStore.getState().reportError(error);
    }
  },

  async save(source, remote) {
    try {
      const settings = await client.call('settings.update', { chatModelSource: source, remoteChat: remote });
      set({ source: settings.chatModelSource, remote: settings.remoteChat });
      return true;
    } catch (error) {
      useAppStore.getState().reportError(error);
      return false;
    }
  },

  async test(request) {
    try {
      return await client.call('models.testRemote', request);
    } catch (error) {
      useAppStore.getState().reportError(error);
      return null;
    }
  },
}));

/** Remote answers only when the server is allowed and chosen (the same rule as the core's). */
export function remoteIsActive(state: Pick<RemoteChatState, 'source' | 'remote'>): boolean {
  return state.source === 'remote' && state.remote?.enabled === true;
}

// The Models screen also changes these settings (choosing a local chat model chooses local answers): follow it.
useModelsStore.subscribe((state, previous) => {
  const settings = state.settings;
  if (!settings || settings === previous.settings) return;
  const current = useRemoteChatStore.getState();
  // Unchanged values keep their objects, so a form being edited is not reset by an unrelated save.
  if (current.source === settings.chatModelSource && JSON.stringify(current.remote) === JSON.stringify(settings.remoteChat)) return;
  useRemoteChatStore.setState({ source: settings.chatModelSource, remote: settings.remoteChat });
});
