/**
 * Secrets in clear text in `<dataDir>/secrets.json`, owner-only (0600 in a 0700 folder): what headless
 * `phare serve` and the CLI use, where no OS keychain can be reached without a desktop session. Anyone
 * who can read the user's files (root, a backup tool, a stolen disk without encryption) can read it;
 * the file says so itself, and the README's Secrets section too.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tightenFileSync, writePrivateFileSync } from '../fs/privateFiles';
import type { SecretName, SecretStore } from './secretStore';

export const SECRETS_FILE = 'secrets.json';

const WARNING =
  'Phare keeps secrets here in clear text (readable only by this user). Anyone able to read this file can use them: ' +
  'do not copy it, and prefer the desktop app, which keeps them in the OS keychain.';

interface SecretsFile {
  warning: string;
  secrets: Partial<Record<SecretName, string>>;
}

export function openFileSecretStore(dataDir: string): SecretStore {
  const path = join(dataDir, SECRETS_FILE);
  tightenFileSync(path);
  let secrets = read(path);
  return {
    kind: 'file',
    files: [SECRETS_FILE],
    get: (name) => secrets[name] ?? null,
    set(name, value) {
      const next = { ...secrets };
      if (value === null) delete next[name];
      else next[name] = value;
      secrets = next;
      if (Object.keys(next).length === 0) {
        rmSync(path, { force: true });
        return;
      }
      const body: SecretsFile = { warning: WARNING, secrets: next };
      // Write then rename: a crash never leaves half a file (the temporary file is 0600 too).
      writePrivateFileSync(`${path}.tmp`, JSON.stringify(body, null, 2) + '\n');
      renameSync(`${path}.tmp`, path);
    },
  };
}

/** The secrets of a file store on disk, for the desktop store's move into the keychain. */
export function readFileSecrets(dataDir: string): Partial<Record<SecretName, string>> {
  return read(join(dataDir, SECRETS_FILE));
}

function read(path: string): Partial<Record<SecretName, string>> {
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<SecretsFile>;
    const secrets = parsed.secrets && typeof parsed.secrets === 'object' ? parsed.secrets : {};
    return Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === 'string')) as Partial<Record<SecretName, string>>;
  } catch {
    // Unreadable: the key is typed again; the file is not shown in any message (it may hold a key).
    console.warn('[secrets] the secrets file could not be read; secrets must be entered again');
    return {};
  }
}
