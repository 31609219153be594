/**
 * `phare analytics export|query`: the analytics tables (questions, answers, feedback, analysis_runs,
 * ingestion, metrics) as CSV or JSON files, and read-only SQL over them, through the contract.
 * `query` prints a readable table (or the result as JSON with --json); `-` reads the SQL from stdin.
 */
import { resolve } from 'node:path';
import { writePrivateFileSync } from '../../core/fs/privateFiles';
import { Argument, Command, Option } from 'commander';
import { AnalyticsTableSchema, type AnalyticsResult, type AnalyticsTable } from '../../../src-shared/monitoring';
import { cliMessage } from '../cliMessages';
import type { CommandContext } from '../commandContext';
import { addLibraryOptions, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';
import { sinceOption } from '../sinceOption';

interface ExportOptions extends LibraryOptions {
  format: 'csv' | 'json';
  since?: string;
  out?: string;
}

interface QueryOptions extends LibraryOptions {
  limit?: string;
}

/** A cell longer than this is cut in the readable table (--json has it whole). */
const MAX_CELL_WIDTH = 48;

export function analyticsCommand(ctx: CommandContext): Command {
  const analytics = new Command('analytics').description('export the analytics tables or query them with SQL (read-only)');

  const exportCommand = addLibraryOptions(
    new Command('export')
      .description('export one table as CSV or JSON')
      .addArgument(new Argument('<table>', 'the table').choices(AnalyticsTableSchema.options))
      .addOption(new Option('--format <format>', 'file format').choices(['csv', 'json']).default('csv'))
      .option('--since <when>', 'rows since a date or instant, or for the last 90s, 30m, 2h, 7d')
      .option('--out <file>', 'write to this file instead of printing'),
  );
  exportCommand.action((table: AnalyticsTable, options: ExportOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const exported = await client.call('analytics.export', { table, format: options.format, since: sinceOption(options.since) });
        if (!options.out) return void ctx.io.stdout(exported.content);
        const file = resolve(ctx.io.cwd, options.out);
        // Exports carry questions and passages of documents: readable by their owner only.
        writePrivateFileSync(file, exported.content);
        if (options.json) return printJson(ctx, { file, fileName: exported.fileName, count: exported.count, bytes: Buffer.byteLength(exported.content) });
        ctx.io.stdout(cliMessage('EXPORTED_COUNT', ctx.lang, { file, count: exported.count }) + '\n');
      }),
    ),
  );

  const query = addLibraryOptions(
    new Command('query')
      .description(`run one SELECT over the tables (${AnalyticsTableSchema.options.join(', ')}); "-" reads it from stdin`)
      .argument('<sql>', 'the query, e.g. "SELECT mode, count(*) FROM answers GROUP BY mode"')
      .option('--limit <n>', 'at most n rows (default 1000)'),
  );
  query.action((sqlArgument: string, options: QueryOptions) =>
    runAction(ctx, options, async () => {
      const sql = sqlArgument === '-' ? await ctx.io.readStdin() : sqlArgument;
      await withLibrary(ctx, options, async (client) => {
        const result = await client.call('analytics.query', { sql, limit: options.limit === undefined ? undefined : Number(options.limit) });
        if (options.json) return printJson(ctx, result);
        ctx.io.stdout(readableTable(result));
        const count = result.rows.length;
        ctx.io.stdout(cliMessage(result.truncated ? 'ANALYTICS_TRUNCATED' : 'ANALYTICS_ROWS', ctx.lang, { count }) + '\n');
      });
    }),
  );

  return analytics.addCommand(exportCommand).addCommand(query);
}

/** Columns padded to their widest cell, numbers right-aligned, NULL for a null, long text cut with "…". */
export function readableTable(result: AnalyticsResult): string {
  const text = result.rows.map((row) => row.map(cellText));
  const widths = result.columns.map((name, i) => Math.max(name.length, ...text.map((row) => row[i].length)));
  const numeric = result.columns.map((_, i) => result.rows.length > 0 && result.rows.every((row) => typeof row[i] === 'number' || row[i] === null));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd() + '\n';
  return line(result.columns) + line(widths.map((w) => '-'.repeat(w))) + text.map(line).join('');
}

function cellText(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  const flat = String(value).replace(/\s+/g, ' ');
  return flat.length > MAX_CELL_WIDTH ? flat.slice(0, MAX_CELL_WIDTH - 1) + '…' : flat;
}
