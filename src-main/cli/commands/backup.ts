/**
 * `phare backup create|list|verify|restore`: backups of a library. `create` and `list` go through the
 * contract like the Admin screen; `verify` and `restore` work on a file and a folder of this machine and
 * open no library (a restore target is usually empty, and opening a library there would fill it).
 */
import { chmod, copyFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { PRIVATE_FILE_MODE } from '../../core/fs/privateFiles';
import { byteSize } from '../byteSize';
import { CliError } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, CommandContext, dataDirOf, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

interface CreateOptions extends LibraryOptions {
  out?: string;
}

interface RestoreOptions extends LibraryOptions {
  force?: boolean;
}

export function backupCommand(ctx: CommandContext): Command {
  const backup = new Command('backup').description('backups of the library: create, list, verify, restore');

  const create = addLibraryOptions(new Command('create').description('back up the library now (consistent while the app runs)').option('--out <file>', 'write the backup here (.tar.gz) instead of the backups folder'));
  create.action((options: CreateOptions) =>
    runAction(ctx, options, async () => {
      const out = options.out ? resolve(ctx.io.cwd, options.out) : null;
      if (out && existsSync(out)) throw new CliError('BACKUP_OUT_EXISTS', { path: out });
      const info = await withLibrary(ctx, options, (client) => client.call('backup.create', {}));
      let path = info.path;
      if (out) {
        // Copied then removed (the backups folder may be on another disk); copyFile keeps the 0600 mode.
        await copyFile(info.path, out);
        await chmod(out, PRIVATE_FILE_MODE);
        await rm(info.path, { force: true });
        path = out;
      }
      if (options.json) return printJson(ctx, { ...info, path });
      ctx.io.stdout(cliMessage('BACKUP_CREATED', ctx.lang, { path, size: byteSize(info.sizeBytes), documents: info.documents ?? 0 }) + '\n');
    }),
  );

  const list = addLibraryOptions(new Command('list').description('backups in the backups folder, newest first'));
  list.action((options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const [backups, schedule] = await Promise.all([client.call('backup.list', {}), client.call('backup.schedule', {})]);
        if (options.json) return printJson(ctx, backups);
        if (backups.length === 0) return void ctx.io.stdout(cliMessage('BACKUP_NONE', ctx.lang, { folder: schedule.folder }) + '\n');
        for (const b of backups) {
          const what = b.problem ?? `${b.documents} documents, ${b.chunks} chunks, Phare ${b.appVersion}`;
          ctx.io.stdout(`${b.name}  ${byteSize(b.sizeBytes).padStart(9)}  ${(b.trigger ?? '?').padEnd(9)}  ${what}\n`);
        }
      }),
    ),
  );

  const verify = new Command('verify').description('check every entry of a backup file against its checksums').argument('<file>', 'backup file').option('--json', 'print machine-readable JSON');
  verify.action((file: string, options: { json?: boolean }) =>
    runAction(ctx, options, async () => {
      const path = resolve(ctx.io.cwd, file);
      // Loaded by the commands that use them (tar, LanceDB), not at every start of the CLI.
      const { readArchive } = await import('../../core/backup/backupArchive');
      const manifest = await readArchive(path);
      if (options.json) return printJson(ctx, { file: path, ok: true, entries: manifest.entries.length, createdAt: manifest.createdAt, documents: manifest.documents });
      ctx.io.stdout(cliMessage('BACKUP_VERIFIED', ctx.lang, { file: path, entries: manifest.entries.length }) + '\n');
    }),
  );

  const restore = new Command('restore')
    .description('restore a backup into a library folder (empty, or --force to replace its library)')
    .argument('<file>', 'backup file')
    .option('--data <dir>', 'library folder to restore into (default: the platform user-data folder)')
    .option('--force', 'replace the library of a folder that is not empty (stop Phare on it first)')
    .option('--json', 'print machine-readable JSON');
  restore.action((file: string, options: RestoreOptions) =>
    runAction(ctx, options, async () => {
      const dir = dataDirOf(ctx, options);
      const { restoreBackup } = await import('../../core/backup/libraryRestore');
      const manifest = await restoreBackup(resolve(ctx.io.cwd, file), dir, { force: options.force });
      if (options.json) return printJson(ctx, { dir, documents: manifest.documents, chunks: manifest.chunks, createdAt: manifest.createdAt });
      ctx.io.stdout(cliMessage('BACKUP_RESTORED', ctx.lang, { dir, documents: manifest.documents }) + '\n');
    }),
  );

  return backup.addCommand(create).addCommand(list).addCommand(verify).addCommand(restore);
}
