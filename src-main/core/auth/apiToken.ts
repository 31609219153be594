/**
 * The API token of a data folder: a random secret in `<data>/api-token`, readable by its owner only
 * (0600), created at the first `phare serve`. Whoever can read it may call the local API; another local
 * user cannot (issue 11: the bridge used to answer anyone on the machine).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fchmodSync, fstatSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const API_TOKEN_FILE = 'api-token';
/** 256 bits: guessing is hopeless, so a wrong token needs no rate limit of its own. */
const TOKEN_BYTES = 32;
const OWNER_ONLY = 0o600;

export function apiTokenPath(dataDir: string): string {
  return join(dataDir, API_TOKEN_FILE);
}

/** A token as it appears in the file: base64url, no padding. */
export function isWellFormedToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43,}$/.test(value);
}

/**
 * Writes `text` to `path` readable by its owner only, whatever the umask: the file is created 0600
 * under a temporary name, chmod-ed (the umask may have removed bits, never added), then renamed.
 */
export function writeOwnerOnlyFile(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', OWNER_ONLY);
  try {
    writeSync(fd, text);
    // An existing temporary file keeps its old mode: set it explicitly.
    if ((fstatSync(fd).mode & 0o777) !== OWNER_ONLY) fchmodSync(fd, OWNER_ONLY);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** The data folder's token; null when no server has started there yet (or the file is damaged). */
export function readApiToken(dataDir: string): string | null {
  const path = apiTokenPath(dataDir);
  if (!existsSync(path)) return null;
  const token = readFileSync(path, 'utf8').trim();
  return isWellFormedToken(token) ? token : null;
}

/**
 * The data folder's token, created when missing or damaged. A file others can read is tightened to
 * 0600 (a copy restored from a backup, say): the secret itself is kept, since scripts use it.
 */
export function loadOrCreateApiToken(dataDir: string): string {
  const path = apiTokenPath(dataDir);
  const existing = readApiToken(dataDir);
  if (existing) {
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, OWNER_ONLY);
    return existing;
  }
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  writeOwnerOnlyFile(path, token + '\n');
  return token;
}
