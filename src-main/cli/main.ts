/**
 * The `phare` command: a client of the contract like the desktop app and the web UI. It parses flags,
 * calls methods through the in-process client, and prints; it holds no logic of its own.
 * `runCli(argv, io)` is the whole program, so tests run it in-process with captured output.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { appVersion } from '../core/appVersion';
import { cliLanguage } from './cliLanguage';
import { CliIo, processIo } from './cliIo';
import { analyticsCommand } from './commands/analytics';
import { askCommand } from './commands/ask';
import { conversationsCommand } from './commands/conversations';
import { docsCommand } from './commands/docs';
import { feedbackCommand } from './commands/feedback';
import { healthCommand } from './commands/health';
import { logsCommand } from './commands/logs';
import { watchCommand } from './commands/watch';
import { ingestCommand } from './commands/ingest';
import { modelsCommand } from './commands/models';
import { qualityCommand } from './commands/quality';
import { reembedCommand } from './commands/reembed';
import { searchCommand } from './commands/search';
import { serveCommand } from './commands/serve';
import { linkCommand } from './commands/link';
import { usersCommand } from './commands/users';
import { backupCommand } from './commands/backup';
import { indexCommand, maintenanceCommand } from './commands/maintenance';
import type { CommandContext } from './commandContext';

/** Usage errors (unknown option, missing argument) exit with 2, as most Unix tools do. */
const USAGE_EXIT_CODE = 2;

/** Runs the CLI on `argv` (the arguments after the program name) and resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const ctx: CommandContext = { io, lang: cliLanguage(io.env), exitCode: 0 };
  const program = new Command('phare')
    .description('Phare: an offline RAG workstation. Ingest documents, search them, ask questions with cited answers.')
    .version(appVersion(), '-v, --version')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride()
    .addCommand(ingestCommand(ctx))
    .addCommand(searchCommand(ctx))
    .addCommand(askCommand(ctx))
    .addCommand(conversationsCommand(ctx))
    .addCommand(feedbackCommand(ctx))
    .addCommand(qualityCommand(ctx))
    .addCommand(healthCommand(ctx))
    .addCommand(logsCommand(ctx))
    .addCommand(analyticsCommand(ctx))
    .addCommand(docsCommand(ctx))
    .addCommand(watchCommand(ctx))
    .addCommand(modelsCommand(ctx))
    .addCommand(reembedCommand(ctx))
    .addCommand(serveCommand(ctx))
    .addCommand(linkCommand(ctx))
    .addCommand(usersCommand(ctx))
    .addCommand(backupCommand(ctx))
    .addCommand(indexCommand(ctx))
    .addCommand(maintenanceCommand(ctx));
  // Subcommands report usage errors through the program's output and never call process.exit.
  for (const command of [...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    command.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) }).showHelpAfterError();
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    throw error;
  }
  return ctx.exitCode;
}

/** Runs as the process: stdout carries only the command's output, so the core's logs go to stderr. */
export async function runCliProcess(argv: string[] = process.argv.slice(2)): Promise<void> {
  console.log = console.error;
  console.info = console.error;
  // A reader that stops early (`phare docs list | head`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  let code: number;
  try {
    code = await runCli(argv);
  } catch (error) {
    // A bug of the CLI itself: still one line, no stack trace.
    process.stderr.write(`phare: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 1;
  }
  process.exitCode = code;
  // Exit once output is flushed; if a stray handle would keep the process alive, leave anyway.
  setTimeout(() => process.exit(code), 2_000).unref();
}

function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void runCliProcess();
