/**
 * `phare watch add|remove|list <folder>`: edits the list of watched folders through the contract. The
 * command itself does not stay running: the desktop app and `phare serve` do the watching (added,
 * changed and removed files keep the library in sync).
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { WatchedFolder } from '../../../src-shared/libraryManagement';
import { ContractCallError } from '../../../src-shared/rpc';
import { reportError } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

interface AddOptions extends LibraryOptions {
  collection?: string;
  force?: boolean;
}

function describeFolder(entry: WatchedFolder): string {
  const scanned = entry.lastScanAt ? `last sync ${entry.lastScanAt}` : 'not synced yet';
  return `${entry.folder}  [${entry.collection}]  ${scanned}${entry.error ? `  ! ${entry.error}` : ''}`;
}

export function watchCommand(ctx: CommandContext): Command {
  const watch = new Command('watch').description('watched folders: their files are kept in sync with the library while the app or `phare serve` runs');

  const add = addLibraryOptions(
    new Command('add')
      .description('watch a folder')
      .argument('<folder>', 'folder to watch')
      .option('--collection <name>', 'collection for its documents')
      .option('--force', 'watch a disk root, the home folder or the data folder anyway'),
  );
  add.action((folder: string, options: AddOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        let entry: WatchedFolder;
        try {
          entry = await client.call('watch.add', { folder: resolve(ctx.io.cwd, folder), collection: options.collection, force: options.force });
        } catch (error) {
          if (!(error instanceof ContractCallError && error.code === 'WATCH_FOLDER_TOO_BROAD')) throw error;
          // The refusal says why; the way past it is a flag of this command, named after it.
          const code = reportError(ctx.io, error, { json: Boolean(options.json), lang: ctx.lang });
          ctx.io.stderr(cliMessage('WATCH_FORCE_HINT', ctx.lang) + '\n');
          return code;
        }
        if (options.json) return printJson(ctx, entry);
        ctx.io.stdout(cliMessage('WATCH_ADDED', ctx.lang, { folder: entry.folder, collection: entry.collection }) + '\n');
      }),
    ),
  );

  const remove = addLibraryOptions(new Command('remove').description('stop watching a folder (its documents stay)').argument('<folder>', 'watched folder'));
  remove.action((folder: string, options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const path = resolve(ctx.io.cwd, folder);
        const { removed } = await client.call('watch.remove', { folder: path });
        if (options.json) return printJson(ctx, { folder: path, removed });
        ctx.io.stdout(cliMessage(removed ? 'WATCH_REMOVED' : 'WATCH_NOT_WATCHED', ctx.lang, { folder: path }) + '\n');
        return removed ? 0 : 1;
      }),
    ),
  );

  const list = addLibraryOptions(new Command('list').description('list watched folders'));
  list.action((options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const folders = await client.call('watch.list', {});
        if (options.json) return printJson(ctx, folders);
        if (folders.length === 0) return ctx.io.stdout(cliMessage('WATCH_NONE', ctx.lang) + '\n');
        for (const entry of folders) ctx.io.stdout(describeFolder(entry) + '\n');
      }),
    ),
  );

  return watch.addCommand(add).addCommand(remove).addCommand(list);
}
