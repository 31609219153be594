/**
 * `phare feedback add|list|export`: rating answers from a script or a terminal, through the contract
 * like the app's thumbs and rating controls. `add` edits the answer's feedback when it has some (the
 * earlier version stays in its history); `export` prints the file, or writes it with --out.
 */
import { resolve } from 'node:path';
import { writePrivateFileSync } from '../../core/fs/privateFiles';
import { Command, Option } from 'commander';
import type { FeedbackFilter, FeedbackInput, FeedbackSummary, FeedbackVersion } from '../../../src-shared/feedback';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

interface AddOptions extends LibraryOptions {
  up?: boolean;
  down?: boolean;
  rating?: string;
  comment?: string;
  correction?: string;
  wrongSource: string[];
}

interface FilterOptions extends LibraryOptions {
  since?: string;
  until?: string;
  minRating?: string;
  maxRating?: string;
  thumbs?: 'up' | 'down';
  collection?: string;
  limit?: string;
}

interface ExportOptions extends FilterOptions {
  format: 'jsonl' | 'csv';
  training?: boolean;
  out?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Numbers are passed as typed: the contract validates them (a rating of 6 is a VALIDATION error like any input). */
const numberOrUndefined = (value: string | undefined) => (value === undefined ? undefined : Number(value));

function addFilterOptions(command: Command): Command {
  return command
    .option('--since <date>', 'given or changed on or after this day (YYYY-MM-DD) or instant')
    .option('--until <date>', 'given or changed up to this day (included) or instant')
    .option('--min-rating <r>', 'rated at least r (1-5)')
    .option('--max-rating <r>', 'rated at most r (1-5)')
    .addOption(new Option('--thumbs <direction>', 'thumbs up or down').choices(['up', 'down']))
    .option('--collection <name>', 'answers that searched this collection');
}

function filterOf(options: FilterOptions): FeedbackFilter {
  return {
    since: options.since,
    until: options.until,
    minRating: numberOrUndefined(options.minRating),
    maxRating: numberOrUndefined(options.maxRating),
    thumbs: options.thumbs,
    collection: options.collection,
    limit: numberOrUndefined(options.limit),
  };
}

/** "down  2/5": the direction, aligned for a list. */
function verdictOf(f: FeedbackVersion): string {
  return `${(f.thumbs ?? '-').padEnd(4)}  ${f.rating === null ? '  -' : `${f.rating}/5`}`;
}

/** What else it says, for the end of a line: ", comment, wrong source [2]". */
function marksOf(f: FeedbackVersion, ctx: CommandContext): string {
  const marks: string[] = [];
  if (f.comment !== null) marks.push(cliMessage('FEEDBACK_COMMENT', ctx.lang));
  if (f.correction !== null) marks.push(cliMessage('FEEDBACK_CORRECTION', ctx.lang));
  if (f.wrongSources.length > 0) marks.push(cliMessage('FEEDBACK_WRONG_SOURCES', ctx.lang, { sources: f.wrongSources.map((n) => `[${n}]`).join(' ') }));
  return marks.length > 0 ? `  (${marks.join(', ')})` : '';
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

function listLine(f: FeedbackSummary, ctx: CommandContext): string {
  const when = new Date(f.updatedAt);
  const local = `${when.getFullYear()}-${String(when.getMonth() + 1).padStart(2, '0')}-${String(when.getDate()).padStart(2, '0')} ${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}`;
  const collection = f.collection ? ` [${f.collection}]` : '';
  return `${local}  ${f.messageId}  ${verdictOf(f)}  ${oneLine(f.question, 70)}${collection}${marksOf(f, ctx)}`;
}

export function feedbackCommand(ctx: CommandContext): Command {
  const feedback = new Command('feedback').description('rate answers, list and export the feedback (the quality loop reads it)');

  const add = addLibraryOptions(
    new Command('add')
      .description('rate an answer (or change its rating: the earlier version is kept in its history)')
      .argument('<messageId>', 'the answer message id (printed by `phare ask --json` as messageId)')
      .addOption(new Option('--up', 'thumbs up').conflicts('down'))
      .addOption(new Option('--down', 'thumbs down').conflicts('up'))
      .option('--rating <r>', 'a rating from 1 to 5')
      .option('--comment <text>', 'a comment')
      .option('--correction <text>', 'the answer as it should have been')
      .option('--wrong-source <n>', 'source [n] is wrong for this question (repeatable)', collect, []),
  );
  add.action((messageId: string, options: AddOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const input: FeedbackInput = { messageId };
        if (options.up || options.down) input.thumbs = options.up ? 'up' : 'down';
        if (options.rating !== undefined) input.rating = Number(options.rating);
        if (options.comment !== undefined) input.comment = options.comment;
        if (options.correction !== undefined) input.correction = options.correction;
        if (options.wrongSource.length > 0) input.wrongSources = options.wrongSource.map(Number);
        const saved = await client.call('feedback.submit', input);
        if (options.json) return printJson(ctx, saved);
        const verdict = [saved.thumbs, saved.rating === null ? null : `${saved.rating}/5`].filter((part) => part !== null).join(', ');
        ctx.io.stdout(`${cliMessage('FEEDBACK_SAVED', ctx.lang, { id: saved.messageId, version: saved.version, verdict })}${marksOf(saved, ctx)}\n`);
      }),
    ),
  );

  const list = addLibraryOptions(
    addFilterOptions(new Command('list').description('list feedback, most recent first')).option('--limit <n>', 'at most n rows'),
  );
  list.action((options: FilterOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const found = await client.call('feedback.list', filterOf(options));
        if (options.json) return printJson(ctx, found);
        if (found.length === 0) return void ctx.io.stdout(cliMessage('FEEDBACK_NONE', ctx.lang) + '\n');
        for (const f of found) ctx.io.stdout(listLine(f, ctx) + '\n');
      }),
    ),
  );

  const exportCommand = addLibraryOptions(
    addFilterOptions(
      new Command('export')
        .description('export the feedback as JSONL or CSV, or as training/evaluation records (--training)')
        .addOption(new Option('--format <format>', 'file format').choices(['jsonl', 'csv']).default('jsonl'))
        .option('--training', 'question, passages, answer, correction, rating and comment per line (JSONL)')
        .option('--out <file>', 'write to this file instead of printing'),
    ),
  );
  exportCommand.action((options: ExportOptions) => {
    // The training records are JSONL only: asking for them as CSV is a usage error.
    if (options.training && options.format === 'csv') exportCommand.error(`error: ${cliMessage('TRAINING_IS_JSONL', ctx.lang)}`);
    return runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const exported = await client.call('feedback.export', { format: options.format, training: options.training, filter: filterOf(options) });
        if (!options.out) return void ctx.io.stdout(exported.content);
        const file = resolve(ctx.io.cwd, options.out);
        // Exports carry questions and passages of documents: readable by their owner only.
        writePrivateFileSync(file, exported.content);
        if (options.json) return printJson(ctx, { file, fileName: exported.fileName, count: exported.count, bytes: Buffer.byteLength(exported.content) });
        ctx.io.stdout(cliMessage('EXPORTED_COUNT', ctx.lang, { file, count: exported.count }) + '\n');
      }),
    );
  });

  return feedback.addCommand(add).addCommand(list).addCommand(exportCommand);
}
