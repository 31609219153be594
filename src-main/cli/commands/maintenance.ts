/**
 * `phare index rebuild` and `phare maintenance disk-usage|clear-caches|reset`: the Admin screen's
 * Maintenance tab from a terminal, through the contract. A reset asks for `--yes`; it is staged by the
 * library and applied here at once, after the library is closed (the app would apply it at its next start).
 */
import { Command } from 'commander';
import { byteSize } from '../byteSize';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, CommandContext, dataDirOf, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

interface ResetOptions extends LibraryOptions {
  yes?: boolean;
}

export function indexCommand(ctx: CommandContext): Command {
  const index = new Command('index').description('the library’s indices');
  const rebuild = addLibraryOptions(new Command('rebuild').description('rebuild every full-text and vector index, compact the tables, remove old versions'));
  rebuild.action((options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const off = client.on('maintenance.progress', (p) => {
          if (p.step) ctx.io.stderr(cliMessage('REBUILD_PROGRESS', ctx.lang, { done: p.done + 1, total: p.total, table: p.step }) + '\n');
        });
        try {
          const result = await client.call('maintenance.rebuildIndices', {});
          if (options.json) return printJson(ctx, result);
          ctx.io.stdout(
            cliMessage('REBUILT', ctx.lang, { indices: result.indices, tables: result.tables, seconds: result.seconds.toFixed(1), before: byteSize(result.bytesBefore), after: byteSize(result.bytesAfter) }) + '\n',
          );
          for (const f of result.failures) ctx.io.stderr(cliMessage('REBUILD_FAILED_TABLE', ctx.lang, { table: f.table, detail: f.detail }) + '\n');
          return result.failures.length ? 1 : 0;
        } finally {
          off();
        }
      }),
    ),
  );
  return index.addCommand(rebuild);
}

export function maintenanceCommand(ctx: CommandContext): Command {
  const maintenance = new Command('maintenance').description('disk usage, caches, reset of the library');

  const usage = addLibraryOptions(new Command('disk-usage').description('bytes on disk by part'));
  usage.action((options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const result = await client.call('maintenance.diskUsage', {});
        if (options.json) return printJson(ctx, result);
        for (const p of result.parts) ctx.io.stdout(`${p.part.padEnd(10)} ${byteSize(p.bytes).padStart(9)}  ${p.files} files\n`);
        ctx.io.stdout(`${'total'.padEnd(10)} ${byteSize(result.totalBytes).padStart(9)}${result.freeBytes === null ? '' : `  (${byteSize(result.freeBytes)} free)`}\n`);
      }),
    ),
  );

  const clear = addLibraryOptions(new Command('clear-caches').description('remove what Phare can make again (OCR language copy, unfinished backups)'));
  clear.action((options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const result = await client.call('maintenance.clearCaches', {});
        if (options.json) return printJson(ctx, result);
        for (const c of result.cleared) ctx.io.stdout(cliMessage('CACHE_CLEARED', ctx.lang, { cache: c.cache, size: byteSize(c.bytes) }) + '\n');
      }),
    ),
  );

  const reset = addLibraryOptions(new Command('reset').description('empty the library (settings, models, logs and backups stay)').option('--yes', 'confirm'));
  reset.action((options: ResetOptions) =>
    runAction(ctx, options, async () => {
      const dir = dataDirOf(ctx, options);
      if (!options.yes) {
        ctx.io.stderr(cliMessage('RESET_NEEDS_YES', ctx.lang, { dir }) + '\n');
        return 1;
      }
      await withLibrary(ctx, options, (client) => client.call('maintenance.reset', { confirm: true }));
      const { applyPendingChange } = await import('../../core/backup/libraryRestore');
      await applyPendingChange(dir);
      if (options.json) return printJson(ctx, { dir, reset: true });
      ctx.io.stdout(cliMessage('RESET_DONE', ctx.lang, { dir }) + '\n');
    }),
  );

  return maintenance.addCommand(usage).addCommand(clear).addCommand(reset);
}
