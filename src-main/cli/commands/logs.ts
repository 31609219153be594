/**
 * `phare logs`: the app's log, read through the contract like the Monitoring screen reads it (every
 * process that used this data folder wrote there: the app, `phare serve`, other commands). Printed
 * oldest first, like `tail`; `--follow` keeps printing new entries until Ctrl+C; `--json` prints one
 * JSON entry per line.
 */
import { Command, Option } from 'commander';
import type { LogEntry, LogLevel } from '../../../src-shared/monitoring';
import { LogLevelSchema } from '../../../src-shared/monitoring';
import type { ContractClient } from '../../../src-shared/rpc';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, CommandContext, LibraryOptions, runAction, withLibrary } from '../commandContext';
import { sinceOption } from '../sinceOption';

interface LogsOptions extends LibraryOptions {
  follow?: boolean;
  level?: LogLevel;
  since?: string;
  source?: string;
  query?: string;
  limit?: string;
}

/** How often --follow asks for new entries: the log is written a few lines a minute, a second feels live. */
const FOLLOW_POLL_MS = 1_000;
/** Entries shown before following when no --limit is given (as `tail -f`). */
const FOLLOW_FIRST_ENTRIES = 20;
/** The most one poll may return (the contract's limit). */
const FOLLOW_BATCH = 10_000;
/** Fields shown in a readable line besides the message (the process id is noise there; --json has it). */
const HIDDEN_FIELDS = new Set(['pid']);

export function logsCommand(ctx: CommandContext): Command {
  const command = addLibraryOptions(
    new Command('logs')
      .description('print the log of this library (all processes), oldest first')
      .option('-f, --follow', 'keep printing new entries until Ctrl+C')
      .addOption(new Option('--level <level>', 'lowest level shown (warn: warnings and errors)').choices(LogLevelSchema.options))
      .option('--since <when>', 'entries since a date or instant, or for the last 90s, 30m, 2h, 7d')
      .option('--source <source>', 'only this part of the app (core, ingest, chat, llm, quality, server, watch…)')
      .option('--query <words>', 'entries whose message or fields contain these words')
      .option('--limit <n>', 'at most n entries (default 200; 20 before following)'),
  );
  return command.action((options: LogsOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const filter = {
          level: options.level,
          since: sinceOption(options.since),
          source: options.source,
          query: options.query,
        };
        const limit = options.limit === undefined ? (options.follow ? FOLLOW_FIRST_ENTRIES : undefined) : Number(options.limit);
        const first = await client.call('logs.list', { ...filter, limit });
        print(ctx, options, [...first].reverse());
        if (!options.follow) {
          if (first.length === 0 && !options.json) ctx.io.stderr(cliMessage('LOGS_NONE', ctx.lang) + '\n');
          return;
        }
        ctx.io.stderr(cliMessage('LOGS_FOLLOWING', ctx.lang) + '\n');
        await follow(ctx, options, client, filter, first[0]?.time ?? new Date().toISOString(), first);
      }),
    ),
  );
}

/** Asks for entries at or after the newest one printed, skipping those already printed at that same instant. */
async function follow(
  ctx: CommandContext,
  options: LogsOptions,
  client: ContractClient,
  filter: { level?: LogLevel; source?: string; query?: string },
  startAt: string,
  printed: LogEntry[],
): Promise<void> {
  let last = startAt;
  let atLast = new Set(printed.filter((e) => e.time === last).map(keyOf));
  let stopped = false;
  let wake: (() => void) | null = null;
  const stopListening = ctx.io.onInterrupt(() => {
    stopped = true;
    wake?.();
  });
  try {
    while (!stopped) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, FOLLOW_POLL_MS).unref?.();
      });
      if (stopped) break;
      const batch = (await client.call('logs.list', { ...filter, since: last, limit: FOLLOW_BATCH })).reverse();
      const fresh = batch.filter((e) => !(e.time === last && atLast.has(keyOf(e))));
      if (fresh.length === 0) continue;
      print(ctx, options, fresh);
      last = fresh[fresh.length - 1].time;
      atLast = new Set(batch.filter((e) => e.time === last).map(keyOf));
    }
  } finally {
    stopListening();
  }
}

function keyOf(entry: LogEntry): string {
  return JSON.stringify(entry);
}

function print(ctx: CommandContext, options: LogsOptions, entries: readonly LogEntry[]): void {
  for (const entry of entries) ctx.io.stdout((options.json ? JSON.stringify(entry) : readableLine(entry)) + '\n');
}

/** `2026-12-07 10:00:00  WARN   ingest  document failed  file=a.pdf errorCode=CORRUPT_FILE` (local time). */
export function readableLine(entry: LogEntry): string {
  const t = new Date(entry.time);
  const pad = (n: number) => String(n).padStart(2, '0');
  const when = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
  const fields = Object.entries(entry.data)
    .filter(([key, value]) => !HIDDEN_FIELDS.has(key) && value !== null && value !== undefined)
    .map(([key, value]) => `${key}=${fieldText(key, value)}`)
    .join(' ');
  return `${when}  ${entry.level.toUpperCase().padEnd(5)}  ${entry.source}  ${entry.message}${fields ? '  ' + fields : ''}`;
}

function fieldText(key: string, value: unknown): string {
  // An error's message is what a reader needs on the line; its stack stays in the file and in --json.
  if (key === 'err' && value && typeof value === 'object' && 'message' in value) return JSON.stringify(String(value.message));
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}
