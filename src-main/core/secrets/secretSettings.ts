/**
 * The settings as the core sees them, with the remote API key kept in the secret store instead of
 * settings.json: `get` puts the key back in memory (the model service and the log's redaction need
 * it), `update` takes it out before the file is written. A key that an earlier version left in
 * settings.json moves to the secret store when the library opens.
 */
import type { Settings } from '../../../src-shared/domain';
import type { SettingsStore } from '../settings/settingsStore';
import type { SecretStore } from './secretStore';

const API_KEY = 'remoteChat.apiKey' as const;

export function withSecretApiKey(settings: SettingsStore, secrets: SecretStore): SettingsStore {
  let apiKey = secrets.get(API_KEY);
  const left = settings.get().remoteChat.apiKey;
  if (left !== null) {
    // Migration: into the secret store first, then out of the file (a crash between leaves it in both).
    secrets.set(API_KEY, left);
    apiKey = left;
    settings.update({ remoteChat: { ...settings.get().remoteChat, apiKey: null } });
  }
  const withKey = (s: Settings): Settings => (apiKey === null ? s : { ...s, remoteChat: { ...s.remoteChat, apiKey } });
  return {
    get: () => withKey(settings.get()),
    update(patch) {
      if (!patch.remoteChat) return withKey(settings.update(patch));
      const next = patch.remoteChat.apiKey;
      // Settings first: a refused patch (validation) must not change the key either.
      const saved = settings.update({ ...patch, remoteChat: { ...patch.remoteChat, apiKey: null } });
      if (next !== apiKey) secrets.set(API_KEY, next);
      apiKey = next;
      return withKey(saved);
    },
  };
}
