/**
 * The LAN mode's accounts: a name, a role and a scrypt hash each, in `<data>/users.json` (0600).
 * `phare users` edits the file while a server may be running, so the server reads it again whenever it
 * changed: an account added, removed, or given a new role or password counts at the next request.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AccessRole, AccessRoleSchema } from '../../../src-shared/domain';
import { writeOwnerOnlyFile } from './apiToken';
import { hashPassword, verifyPassword } from './passwordHash';

export const USERS_FILE = 'users.json';
/** Short passwords fall to guessing even against scrypt; a passphrase of a few words passes. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const AccountNameSchema = z.string().regex(NAME_PATTERN, { message: 'lower-case letters, digits, dot, dash or underscore, up to 64' });

const StoredAccountSchema = z.object({
  name: AccountNameSchema,
  role: AccessRoleSchema,
  passwordHash: z.string().min(1),
  /** Sessions signed before it no longer count (a changed password logs the account out everywhere). */
  passwordChangedAt: z.string(),
  createdAt: z.string(),
});
export type StoredAccount = z.infer<typeof StoredAccountSchema>;

const UsersFileSchema = z.object({ version: z.literal(1), accounts: z.array(StoredAccountSchema) });

/** What `phare users list` shows: no hash. */
export interface AccountSummary {
  name: string;
  role: AccessRole;
  createdAt: string;
  passwordChangedAt: string;
}

export type AccountProblem = 'exists' | 'not-found' | 'bad-name' | 'short-password' | 'long-password';

export class AccountError extends Error {
  constructor(
    readonly problem: AccountProblem,
    readonly account: string,
  ) {
    super(`account ${account}: ${problem}`);
    this.name = 'AccountError';
  }
}

export interface UserAccounts {
  list(): AccountSummary[];
  /** The account as stored now (the file is read again if it changed). */
  get(name: string): StoredAccount | null;
  add(name: string, role: AccessRole, password: string): Promise<AccountSummary>;
  remove(name: string): void;
  setPassword(name: string, password: string): Promise<void>;
  setRole(name: string, role: AccessRole): void;
  /** The account when the password is right; null otherwise, in about the same time for unknown names. */
  verify(name: string, password: string): Promise<StoredAccount | null>;
}

function checkPassword(name: string, password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AccountError('short-password', name);
  if (password.length > MAX_PASSWORD_LENGTH) throw new AccountError('long-password', name);
}

export function openUserAccounts(dataDir: string): UserAccounts {
  const file = join(dataDir, USERS_FILE);
  let cached: { ino: number; mtimeMs: number; size: number; accounts: StoredAccount[] } | null = null;
  /** Hashed once, so that an unknown name costs a hash like a known one (no account enumeration by timing). */
  let decoy: Promise<string> | null = null;

  const read = (): StoredAccount[] => {
    if (!existsSync(file)) return [];
    const info = statSync(file);
    // Writers rename a new file into place, so the inode changes with every write.
    if (cached && cached.ino === info.ino && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.accounts;
    const parsed = UsersFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    // A damaged file lets nobody in rather than guessing who was meant to.
    if (!parsed.success) throw new Error(`${file} is damaged: ${parsed.error.issues[0]?.message ?? 'unreadable'}`);
    cached = { ino: info.ino, mtimeMs: info.mtimeMs, size: info.size, accounts: parsed.data.accounts };
    return cached.accounts;
  };

  const write = (accounts: StoredAccount[]) => {
    writeOwnerOnlyFile(file, JSON.stringify({ version: 1, accounts }, null, 2) + '\n');
    cached = null;
  };

  const summary = (a: StoredAccount): AccountSummary => ({ name: a.name, role: a.role, createdAt: a.createdAt, passwordChangedAt: a.passwordChangedAt });

  const requireAccount = (accounts: StoredAccount[], name: string): StoredAccount => {
    const found = accounts.find((a) => a.name === name);
    if (!found) throw new AccountError('not-found', name);
    return found;
  };

  return {
    list: () => read().map(summary),
    get: (name) => read().find((a) => a.name === name) ?? null,

    async add(name, role, password) {
      if (!AccountNameSchema.safeParse(name).success) throw new AccountError('bad-name', name);
      checkPassword(name, password);
      if (read().some((a) => a.name === name)) throw new AccountError('exists', name);
      const passwordHash = await hashPassword(password);
      const now = new Date().toISOString();
      const account: StoredAccount = { name, role, passwordHash, passwordChangedAt: now, createdAt: now };
      // Read again after the (slow) hash: another `phare users` may have written meanwhile.
      const accounts = read();
      if (accounts.some((a) => a.name === name)) throw new AccountError('exists', name);
      write([...accounts, account]);
      return summary(account);
    },

    remove(name) {
      const accounts = read();
      requireAccount(accounts, name);
      write(accounts.filter((a) => a.name !== name));
    },

    async setPassword(name, password) {
      checkPassword(name, password);
      requireAccount(read(), name);
      const passwordHash = await hashPassword(password);
      const accounts = read();
      const account = requireAccount(accounts, name);
      // A new stamp, strictly later than the old one, so sessions signed before it end.
      const stamp = new Date(Math.max(Date.now(), Date.parse(account.passwordChangedAt) + 1)).toISOString();
      write(accounts.map((a) => (a.name === name ? { ...a, passwordHash, passwordChangedAt: stamp } : a)));
    },

    setRole(name, role) {
      const accounts = read();
      requireAccount(accounts, name);
      write(accounts.map((a) => (a.name === name ? { ...a, role } : a)));
    },

    async verify(name, password) {
      const account = read().find((a) => a.name === name);
      if (!account || password.length > MAX_PASSWORD_LENGTH) {
        decoy ??= hashPassword(randomBytes(16).toString('hex'));
        await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH), await decoy);
        return null;
      }
      return (await verifyPassword(password, account.passwordHash)) ? account : null;
    },
  };
}
