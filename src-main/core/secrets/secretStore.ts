/**
 * Where secrets live, apart from the settings: the remote model's API key never sits in settings.json,
 * so it never reaches a backup, a settings export or another user's copy of the settings. The core
 * cannot import Electron, so it only knows this interface: the desktop shell passes one backed by the
 * OS keychain (electron/safeStorageSecretStore.ts, through CoreConfig), headless runs use a 0600 file
 * (fileSecretStore.ts). Calls are synchronous because the settings store is: a secret is a few bytes.
 */
export interface SecretStore {
  /** 'os-keychain' (encrypted with a key the OS keeps) or 'file' (clear text in a 0600 file). */
  readonly kind: 'os-keychain' | 'file';
  /** Files of the data folder that hold secrets: backups and exports leave them out. */
  readonly files: readonly string[];
  get(name: SecretName): string | null;
  /** Stores a secret, or forgets it with null. */
  set(name: SecretName, value: string | null): void;
}

/** Every secret the app keeps, named once. */
export const SECRET_NAMES = ['remoteChat.apiKey'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
