/** Accounts: scrypt hashes (no password in the file), 0600 file, wrong passwords refused, rules on names and passwords. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src-main/core/auth/passwordHash';
import { AccountError, openUserAccounts, USERS_FILE } from '../../../src-main/core/auth/userAccounts';

const dir = mkdtempSync(join(tmpdir(), 'phare-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('password hashes', () => {
  it('are salted scrypt at N=2^17, and verify only the right password', async () => {
    const one = await hashPassword('a long passphrase');
    const two = await hashPassword('a long passphrase');
    expect(one).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(one).not.toBe(two);
    expect(await verifyPassword('a long passphrase', one)).toBe(true);
    expect(await verifyPassword('a long passphrase!', one)).toBe(false);
    // A key one bit off. (Not its last character changed: that one carries 2 padding bits, and A -> B
    // changed only those, so the test failed once in 16 runs.)
    const parts = one.split('$');
    const key = Buffer.from(parts[5], 'base64url');
    key[key.length - 1] ^= 1;
    expect(await verifyPassword('a long passphrase', [...parts.slice(0, 5), key.toString('base64url')].join('$'))).toBe(false);
    expect(await verifyPassword('x', 'not a hash')).toBe(false);
  });
});

describe.skipIf(process.platform === 'win32')('accounts file', () => {
  const accounts = openUserAccounts(dir);

  it('keeps names, roles and hashes in a 0600 file, never the password', async () => {
    await accounts.add('alice', 'admin', 'correct horse battery');
    const file = join(dir, USERS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('correct horse battery');
    expect(accounts.list()).toEqual([expect.objectContaining({ name: 'alice', role: 'admin' })]);
    expect(JSON.stringify(accounts.list())).not.toContain('scrypt');
    expect(await accounts.verify('alice', 'correct horse battery')).toMatchObject({ name: 'alice' });
    expect(await accounts.verify('alice', 'wrong horse battery')).toBeNull();
    expect(await accounts.verify('mallory', 'correct horse battery')).toBeNull();
  });

  it('refuses bad names, short passwords, duplicates and unknown accounts', async () => {
    const problem = async (work: () => unknown) => {
      try {
        await work();
      } catch (error) {
        return error instanceof AccountError ? error.problem : String(error);
      }
      return 'accepted';
    };
    expect(await problem(() => accounts.add('Bob Smith', 'analyst', 'long enough pw'))).toBe('bad-name');
    expect(await problem(() => accounts.add('bob', 'analyst', 'short'))).toBe('short-password');
    expect(await problem(() => accounts.add('alice', 'analyst', 'long enough pw'))).toBe('exists');
    expect(await problem(() => accounts.remove('nobody'))).toBe('not-found');
    expect(await problem(() => accounts.setPassword('nobody', 'long enough pw'))).toBe('not-found');
  });

  it('sees changes another process wrote', async () => {
    const other = openUserAccounts(dir);
    await other.add('dave', 'read-only', 'long enough pw');
    expect(accounts.get('dave')?.role).toBe('read-only');
    other.remove('dave');
    expect(accounts.get('dave')).toBeNull();
  });
});
