/**
 * The desktop app's secrets, encrypted with Electron's safeStorage: the key that encrypts them is kept
 * by the OS (macOS Keychain, Windows DPAPI, the Secret Service or KWallet on Linux), so the file
 * `secrets.keychain.json` in the data folder is useless without the user's session. Where safeStorage
 * has no real keychain (Linux without a Secret Service answers 'basic_text', a fixed password), it
 * would only pretend: the 0600 file store is used instead, as for `phare serve`, and said once.
 *
 * A key the file store holds (written by `phare serve`, or before this version) moves here at start.
 * `phare serve` on the same data folder cannot read keychain secrets: the key is typed there again.
 * Takes safeStorage as a parameter so that this file can be checked without an Electron binary.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { openFileSecretStore, readFileSecrets, SECRETS_FILE } from '../core/secrets/fileSecretStore';
import { SECRET_NAMES, type SecretName, type SecretStore } from '../core/secrets/secretStore';
import { writePrivateFileSync } from '../core/fs/privateFiles';

export const KEYCHAIN_SECRETS_FILE = 'secrets.keychain.json';

type SafeStorageLike = Pick<SafeStorage, 'encryptString' | 'decryptString' | 'isEncryptionAvailable' | 'getSelectedStorageBackend'>;

/** Must be called after app 'ready' (safeStorage answers 'unknown' before). */
export function openSecretStore(dataDir: string, safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretStore {
  const keychain = safeStorage.isEncryptionAvailable() && !(platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
  if (!keychain) {
    console.warn('[secrets] no OS keychain is available: the API key is kept in a file readable only by this user (see the README)');
    return openFileSecretStore(dataDir);
  }
  const path = join(dataDir, KEYCHAIN_SECRETS_FILE);
  const encrypted = readEncrypted(path);
  const secrets = new Map<SecretName, string>();
  for (const name of SECRET_NAMES) {
    const value = encrypted[name];
    if (value === undefined) continue;
    try {
      secrets.set(name, safeStorage.decryptString(Buffer.from(value, 'base64')));
    } catch {
      // Another user's or another machine's keychain: the secret is typed again.
      console.warn(`[secrets] ${name} could not be decrypted with this session's keychain; enter it again`);
    }
  }
  const save = () => {
    const body: Record<string, string> = {};
    for (const [name, value] of secrets) body[name] = safeStorage.encryptString(value).toString('base64');
    writePrivateFileSync(`${path}.tmp`, JSON.stringify({ encryptedWith: 'electron-safeStorage', secrets: body }, null, 2) + '\n');
    renameSync(`${path}.tmp`, path);
  };
  const store: SecretStore = {
    kind: 'os-keychain',
    files: [KEYCHAIN_SECRETS_FILE, SECRETS_FILE],
    get: (name) => secrets.get(name) ?? null,
    set(name, value) {
      if (value === null) secrets.delete(name);
      else secrets.set(name, value);
      save();
    },
  };
  // Clear-text secrets of the file store move into the keychain, then leave the disk.
  const plain = readFileSecrets(dataDir);
  if (Object.keys(plain).length > 0) {
    for (const [name, value] of Object.entries(plain) as [SecretName, string][]) secrets.set(name, value);
    save();
    const fileStore = openFileSecretStore(dataDir);
    for (const name of SECRET_NAMES) fileStore.set(name, null);
  }
  return store;
}

function readEncrypted(path: string): Partial<Record<SecretName, string>> {
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { secrets?: Record<string, unknown> };
    return Object.fromEntries(Object.entries(parsed.secrets ?? {}).filter(([, v]) => typeof v === 'string')) as Partial<Record<SecretName, string>>;
  } catch {
    return {};
  }
}
