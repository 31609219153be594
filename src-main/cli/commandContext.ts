/**
 * What every command shares: the IO, the user's language, the exit code it sets, opening the library
 * (a core over `--data`, with `--model`/`--embedding-model` as unsaved setting overrides) and reporting
 * a failure the same way everywhere.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Settings } from '../../src-shared/domain';
import { Lang, PhareError } from '../../src-shared/errors';
import type { ContractClient } from '../../src-shared/rpc';
import type { Core } from '../core/core';
import { CliError, reportError } from './cliError';
import type { CliIo } from './cliIo';
import { defaultDataDir } from './userDataDir';

export interface CommandContext {
  io: CliIo;
  lang: Lang;
  exitCode: number;
}

export interface LibraryOptions {
  data?: string;
  model?: string;
  embeddingModel?: string;
  json?: boolean;
  /** Whether this run resumes interrupted ingestion jobs and watches folders (`phare serve`); one-shot commands do not. */
  background?: boolean;
  /** `phare serve --metrics-port`: the metrics port for this run, whatever the settings say. */
  metricsPort?: number;
}

export function addLibraryOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'library folder (default: the platform user-data folder, shared with the desktop app)')
    .option('--json', 'print machine-readable JSON');
}

export function addModelOptions(command: Command, which: { chat: boolean }): Command {
  if (which.chat) command.option('--model <gguf>', 'chat model file for this run (not saved)');
  return command.option('--embedding-model <gguf>', 'embedding model file for this run (not saved)');
}

export function dataDirOf(ctx: CommandContext, options: LibraryOptions): string {
  return options.data ? resolve(ctx.io.cwd, options.data) : defaultDataDir(process.platform, ctx.io.env);
}

export async function openCore(ctx: CommandContext, options: LibraryOptions): Promise<Core> {
  const dataDir = dataDirOf(ctx, options);
  const settingsOverrides: Partial<Settings> = {};
  if (options.model) settingsOverrides.chatModelPath = resolve(ctx.io.cwd, options.model);
  if (options.embeddingModel) settingsOverrides.embeddingModelPath = resolve(ctx.io.cwd, options.embeddingModel);
  // Loaded on demand: `--help` and usage errors need no database or model runtime.
  const { createCore } = await import('../core/core');
  try {
    return await createCore({ dataDir, settingsOverrides, background: options.background ?? false, metricsPort: options.metricsPort });
  } catch (error) {
    if (error instanceof PhareError) throw error;
    throw new CliError('DATA_DIR_UNUSABLE', { dir: dataDir, detail: error instanceof Error ? error.message : String(error) });
  }
}

/** Opens the library, runs `body` with a client of the contract, and always closes the library. */
export async function withLibrary<T>(
  ctx: CommandContext,
  options: LibraryOptions,
  body: (client: ContractClient, core: Core) => Promise<T>,
): Promise<T> {
  const core = await openCore(ctx, options);
  const { createInProcessClient } = await import('../core/inProcessClient');
  try {
    return await body(createInProcessClient(core), core);
  } finally {
    await core.dispose();
  }
}

/** Runs a command's action and turns any failure into one reported line and exit code 1. */
export async function runAction(ctx: CommandContext, options: { json?: boolean }, action: () => Promise<number | void>): Promise<void> {
  try {
    const code = await action();
    ctx.exitCode = code ?? 0;
  } catch (error) {
    ctx.exitCode = reportError(ctx.io, error, { json: Boolean(options.json), lang: ctx.lang });
  }
}

export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.io.stdout(JSON.stringify(value, null, 2) + '\n');
}
