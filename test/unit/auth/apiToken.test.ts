/** The API token file: created 0600 whatever the umask, read back, tightened when too open, replaced when damaged. */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiTokenPath, loadOrCreateApiToken, readApiToken } from '../../../src-main/core/auth/apiToken';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'phare-token-'));
  dirs.push(dir);
  return dir;
};
const mode = (path: string) => statSync(path).mode & 0o777;

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('API token file', () => {
  it('is created at first start with mode 0600, even under a umask that would make it world-readable', () => {
    const dir = freshDir();
    expect(readApiToken(dir)).toBeNull();
    const previous = process.umask(0);
    let token: string;
    try {
      token = loadOrCreateApiToken(dir);
    } finally {
      process.umask(previous);
    }
    expect(mode(apiTokenPath(dir))).toBe(0o600);
    // 32 random bytes, base64url.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(apiTokenPath(dir), 'utf8').trim()).toBe(token);
    expect(loadOrCreateApiToken(dir)).toBe(token);
    expect(loadOrCreateApiToken(freshDir())).not.toBe(token);
  });

  it('tightens a token file others can read, keeping the secret', () => {
    const dir = freshDir();
    const token = loadOrCreateApiToken(dir);
    chmodSync(apiTokenPath(dir), 0o644);
    expect(loadOrCreateApiToken(dir)).toBe(token);
    expect(mode(apiTokenPath(dir))).toBe(0o600);
  });

  it('replaces a damaged or empty token file with a new secret', () => {
    const dir = freshDir();
    writeFileSync(apiTokenPath(dir), 'short\n', { mode: 0o644 });
    expect(readApiToken(dir)).toBeNull();
    const token = loadOrCreateApiToken(dir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mode(apiTokenPath(dir))).toBe(0o600);
  });
});
