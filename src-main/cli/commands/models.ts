/**
 * `phare models list|add`: the GGUF files of a models folder with their metadata and whether they fit
 * this machine, and importing a file into that folder (checked first, never overwriting). A missing,
 * truncated or malformed file is one line and exit 1: headers are read in plain Node, and whatever
 * node-llama-cpp does with a file runs in the inference host, never in this process.
 */
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { ModelFile } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import type { ContractClient } from '../../../src-shared/rpc';
import { CliError, localizeErrorValue } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, CommandContext, dataDirOf, LibraryOptions, printJson, runAction } from '../commandContext';

interface ModelsOptions extends LibraryOptions {
  models?: string;
}

function modelsDirOf(ctx: CommandContext, options: ModelsOptions): string {
  return options.models ? resolve(ctx.io.cwd, options.models) : join(dataDirOf(ctx, options), 'models');
}

/** A core over the data folder with the given models folder; no background work (one-shot command). */
async function withModels<T>(ctx: CommandContext, options: ModelsOptions, body: (client: ContractClient, modelsDir: string) => Promise<T>): Promise<T> {
  const dataDir = dataDirOf(ctx, options);
  const modelsDir = modelsDirOf(ctx, options);
  const [{ createCore }, { createInProcessClient }] = await Promise.all([import('../../core/core'), import('../../core/inProcessClient')]);
  let core;
  try {
    core = await createCore({ dataDir, modelsDir, background: false });
  } catch (error) {
    if (error instanceof PhareError) throw error;
    throw new CliError('DATA_DIR_UNUSABLE', { dir: dataDir, detail: error instanceof Error ? error.message : String(error) });
  }
  try {
    return await body(createInProcessClient(core), modelsDir);
  } finally {
    await core.dispose();
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value >= 100 || unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatParameters(count: number | null): string {
  if (count === null) return '-';
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)}B`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(count >= 1e8 ? 0 : 1)}M`;
  if (count >= 1e3) return `${(count / 1e3).toFixed(0)}K`;
  return String(count);
}

function describeRow(model: ModelFile, ctx: CommandContext): string {
  if (model.error) return `${model.fileName}  ${localizeErrorValue(model.error, ctx.lang).message}`;
  const cells = [
    model.fileName,
    model.role ?? '-',
    model.architecture ?? '-',
    formatParameters(model.parameterCount),
    model.quantisation ?? '-',
    formatBytes(model.sizeBytes),
    `ctx ${model.contextLength ?? '-'}`,
    model.hasChatTemplate ? 'template' : 'no template',
    `fit: ${model.fit?.fits ?? 'unknown'}`,
  ];
  return cells.join('  ');
}

export function modelsCommand(ctx: CommandContext): Command {
  const models = new Command('models').description('list the GGUF models of a folder, or add one to it');

  const list = addLibraryOptions(
    new Command('list')
      .description('list GGUF models with architecture, parameters, quantisation, size, context, template and fit')
      .option('--models <dir>', 'models folder (default: <data>/models)'),
  );
  list.action((options: ModelsOptions) =>
    runAction(ctx, options, () =>
      withModels(ctx, options, async (client, modelsDir) => {
        const files = await client.call('models.list', {});
        // The list comes at once; the fit of each model is estimated after (a simulated load each).
        for (const file of files) if (!file.error) file.fit = await client.call('models.fit', { path: file.path });
        if (options.json) return printJson(ctx, files);
        if (files.length === 0) return ctx.io.stdout(cliMessage('NO_MODELS', ctx.lang, { dir: modelsDir }) + '\n');
        for (const file of files) ctx.io.stdout(describeRow(file, ctx) + '\n');
      }),
    ),
  );

  const add = addLibraryOptions(
    new Command('add')
      .description('check a GGUF file and copy it into the models folder (never overwriting)')
      .argument('<file>', 'the .gguf file')
      .option('--models <dir>', 'models folder (default: <data>/models)'),
  );
  add.action((file: string, options: ModelsOptions) =>
    runAction(ctx, options, () =>
      withModels(ctx, options, async (client, modelsDir) => {
        const added = await client.call('models.import', { path: resolve(ctx.io.cwd, file) });
        if (options.json) return printJson(ctx, added);
        ctx.io.stdout(cliMessage('MODEL_ADDED', ctx.lang, { file: added.fileName, role: added.role ?? '-', size: formatBytes(added.sizeBytes), dir: modelsDir }) + '\n');
        const fit = added.fit;
        if (fit && fit.fits !== 'unknown' && fit.requiredBytes !== null && fit.availableBytes !== null) {
          ctx.io.stdout(
            cliMessage('MODEL_FIT', ctx.lang, {
              fits: fit.fits,
              required: formatBytes(fit.requiredBytes),
              available: formatBytes(fit.availableBytes),
              where: fit.where.toUpperCase(),
            }) + '\n',
          );
        }
      }),
    ),
  );

  return models.addCommand(list).addCommand(add);
}
