/**
 * The remote-model settings as the core applies them: when the remote server answers, and how the
 * API key is kept out of what settings.get returns (the UI sends the mask back untouched when the
 * user did not type a new key, and the saved key is kept).
 */
import type { Settings } from '../../../../src-shared/domain';
import { endpointUrl } from './remoteEndpoint';

export const API_KEY_MASK = '••••••••';

/** Remote only when the user both set the server up (enabled) and chose it as the chat model. */
export function isRemoteChatActive(settings: Settings): boolean {
  return settings.chatModelSource === 'remote' && settings.remoteChat.enabled;
}

export function maskApiKey(settings: Settings): Settings {
  if (!settings.remoteChat.apiKey) return settings;
  return { ...settings, remoteChat: { ...settings.remoteChat, apiKey: API_KEY_MASK } };
}

/**
 * A patch carrying the mask (or an apiKey-less remoteChat) keeps the saved key, but only for the server
 * the key was saved for: a user who edits only the address must not send the key to the new one, so a
 * changed address drops the key unless a key is typed again.
 */
export function keepSavedApiKey<T extends Partial<Settings>>(patch: T, current: Settings): T {
  const remote = patch.remoteChat;
  if (!remote || (remote.apiKey !== API_KEY_MASK && remote.apiKey !== undefined)) return patch;
  const apiKey = sameRemoteServer(remote.baseUrl, current.remoteChat.baseUrl) ? current.remoteChat.apiKey : null;
  return { ...patch, remoteChat: { ...remote, apiKey } };
}

/**
 * For models.testRemote: the UI holds only the mask, so it stands for the saved key, but only toward
 * the server that key was saved for: testing another address must not hand it the key.
 */
export function resolveApiKey(apiKey: string | null | undefined, baseUrl: string, current: Settings): string | null {
  if (apiKey !== API_KEY_MASK) return apiKey ?? null;
  return sameRemoteServer(baseUrl, current.remoteChat.baseUrl) ? current.remoteChat.apiKey : null;
}

/**
 * Whether two base URLs reach the same endpoints (the root and its `/v1` address do; another host,
 * port, scheme, path or query does not). An unparsable address is never the same server.
 */
export function sameRemoteServer(a: string, b: string): boolean {
  try {
    return endpointUrl(a.trim(), 'models') === endpointUrl(b.trim(), 'models');
  } catch {
    return false;
  }
}
