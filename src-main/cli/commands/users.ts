/**
 * `phare users add|list|remove|passwd|role`: the accounts that sign in to `phare serve` in LAN mode,
 * kept in `<data>/users.json` (0600) with scrypt hashes. It edits the file directly, without opening
 * the library, and a running server sees the change at its next request: a removed account or a
 * changed password ends that account's sessions, a changed role counts at once.
 */
import { mkdirSync } from 'node:fs';
import { Command, Option } from 'commander';
import { AccessRole, AccessRoleSchema } from '../../../src-shared/domain';
import { AccountError, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, openUserAccounts, UserAccounts } from '../../core/auth/userAccounts';
import { CliError } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, CommandContext, dataDirOf, LibraryOptions, printJson, runAction } from '../commandContext';
import { readHiddenLine, terminalAvailable } from '../hiddenInput';

interface PasswordOptions extends LibraryOptions {
  passwordStdin?: boolean;
}
interface AddOptions extends PasswordOptions {
  role: AccessRole;
}

const roleOption = () => new Option('--role <role>', 'admin, analyst or read-only').choices(AccessRoleSchema.options);

function accountsOf(ctx: CommandContext, options: LibraryOptions): UserAccounts {
  const dir = dataDirOf(ctx, options);
  // The data folder may not exist before the first `phare serve`; it is private to its owner.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return openUserAccounts(dir);
}

/** The account store's refusals in the CLI's words. */
async function explained<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    const name = error.account;
    switch (error.problem) {
      case 'exists':
        throw new CliError('USER_EXISTS', { name });
      case 'not-found':
        throw new CliError('USER_NOT_FOUND', { name });
      case 'bad-name':
        throw new CliError('USER_BAD_NAME', { name });
      case 'short-password':
        throw new CliError('PASSWORD_TOO_SHORT', { min: MIN_PASSWORD_LENGTH });
      case 'long-password':
        throw new CliError('PASSWORD_TOO_LONG', { max: MAX_PASSWORD_LENGTH });
    }
  }
}

/** The first line of stdin, or asked twice on the terminal. */
async function readPassword(ctx: CommandContext, name: string, options: PasswordOptions): Promise<string> {
  if (options.passwordStdin) return (await ctx.io.readStdin()).split(/\r?\n/)[0];
  if (!terminalAvailable()) throw new CliError('PASSWORD_NEEDS_TERMINAL');
  const first = await readHiddenLine(cliMessage('PASSWORD_PROMPT', ctx.lang, { name }));
  const second = await readHiddenLine(cliMessage('PASSWORD_CONFIRM', ctx.lang));
  if (first !== second) throw new CliError('PASSWORD_MISMATCH');
  return first;
}

export function usersCommand(ctx: CommandContext): Command {
  const users = new Command('users').description('accounts that sign in to `phare serve --host` (LAN mode): admin, analyst or read-only');

  const add = addLibraryOptions(
    new Command('add')
      .description('add an account (the password is asked, or read from stdin with --password-stdin)')
      .argument('<name>', 'account name: lower-case letters, digits, . _ -')
      .addOption(roleOption().default('analyst'))
      .option('--password-stdin', 'read the password from the first line of stdin'),
  );
  add.action((name: string, options: AddOptions) =>
    runAction(ctx, options, async () => {
      const accounts = accountsOf(ctx, options);
      // Checked before asking for a password the store would refuse anyway.
      if (accounts.get(name)) throw new CliError('USER_EXISTS', { name });
      const password = await readPassword(ctx, name, options);
      const account = await explained(() => accounts.add(name, options.role, password));
      if (options.json) return printJson(ctx, account);
      ctx.io.stdout(cliMessage('USER_ADDED', ctx.lang, { name: account.name, role: account.role }) + '\n');
    }),
  );

  const list = addLibraryOptions(new Command('list').description('list the accounts (names, roles, dates; never the hashes)'));
  list.action((options: LibraryOptions) =>
    runAction(ctx, options, async () => {
      const all = accountsOf(ctx, options).list();
      if (options.json) return printJson(ctx, all);
      if (all.length === 0) return ctx.io.stdout(cliMessage('NO_USERS', ctx.lang) + '\n');
      const width = Math.max(...all.map((a) => a.name.length));
      for (const a of all) ctx.io.stdout(`${a.name.padEnd(width)}  ${a.role.padEnd(9)}  ${a.createdAt}\n`);
    }),
  );

  const remove = addLibraryOptions(new Command('remove').description('remove an account (its sessions end)').argument('<name>', 'account name'));
  remove.action((name: string, options: LibraryOptions) =>
    runAction(ctx, options, async () => {
      await explained(() => accountsOf(ctx, options).remove(name));
      if (options.json) return printJson(ctx, { name, removed: true });
      ctx.io.stdout(cliMessage('USER_REMOVED', ctx.lang, { name }) + '\n');
    }),
  );

  const passwd = addLibraryOptions(
    new Command('passwd')
      .description('set an account’s password (its other sessions end)')
      .argument('<name>', 'account name')
      .option('--password-stdin', 'read the password from the first line of stdin'),
  );
  passwd.action((name: string, options: PasswordOptions) =>
    runAction(ctx, options, async () => {
      const accounts = accountsOf(ctx, options);
      if (!accounts.get(name)) throw new CliError('USER_NOT_FOUND', { name });
      const password = await readPassword(ctx, name, options);
      await explained(() => accounts.setPassword(name, password));
      if (options.json) return printJson(ctx, { name, passwordChanged: true });
      ctx.io.stdout(cliMessage('USER_PASSWORD_SET', ctx.lang, { name }) + '\n');
    }),
  );

  const role = addLibraryOptions(
    new Command('role')
      .description('change an account’s role (counts at its next request)')
      .argument('<name>', 'account name')
      .argument('<role>', 'admin, analyst or read-only'),
  );
  role.action((name: string, newRole: string, options: LibraryOptions) =>
    runAction(ctx, options, async () => {
      const parsed = AccessRoleSchema.safeParse(newRole);
      if (!parsed.success) throw new CliError('USER_BAD_ROLE', { role: newRole });
      await explained(() => accountsOf(ctx, options).setRole(name, parsed.data));
      if (options.json) return printJson(ctx, { name, role: parsed.data });
      ctx.io.stdout(cliMessage('USER_ROLE_SET', ctx.lang, { name, role: parsed.data }) + '\n');
    }),
  );

  return users.addCommand(add).addCommand(list).addCommand(remove).addCommand(passwd).addCommand(role);
}
