/**
 * `phare ingest <paths...>`: starts one ingestion job through the contract, follows its progress events,
 * and prints one result per file. Files that fail are reported, not fatal: the exit code is 0 whenever
 * the job ran. Ctrl-C cancels the job and prints what was done.
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { IngestProgress, IngestResult, OcrMode } from '../../../src-shared/domain';
import { runIngestJob } from '../../../src-shared/ingestJob';
import { localizeErrorValue } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, addModelOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

interface IngestOptions extends LibraryOptions {
  collection?: string;
  ocr?: OcrMode;
}

function describeResult(result: IngestResult, ctx: CommandContext): string {
  const page = cliMessage('PAGE', ctx.lang);
  if (result.status === 'failed') return `✗ ${result.file}: ${result.error ? localizeErrorValue(result.error, ctx.lang).message : 'failed'}`;
  const counts = `${result.pages} ${page}, ${result.chunks} chunks`;
  if (result.status === 'duplicate') return `= ${result.file}: ${result.error ? localizeErrorValue(result.error, ctx.lang).message : 'duplicate'} (${result.documentId})`;
  return `✓ ${result.file}: ${result.documentId} (${counts})`;
}

export function ingestCommand(ctx: CommandContext): Command {
  const command = new Command('ingest')
    .description('add documents to the library (one result per file; failures are reported, not fatal)')
    .argument('<paths...>', 'files or folders to ingest (folders recursively)')
    .option('--collection <name>', 'collection to put the documents in')
    .addOption(new Option('--ocr <mode>', 'OCR of scans and pictures: auto (pages without usable text), always, never').choices(['auto', 'always', 'never']));
  addLibraryOptions(command);
  addModelOptions(command, { chat: false });
  return command.action((paths: string[], options: IngestOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        let jobId: string | null = null;
        const lastStage = new Map<number, string>();
        // Folders expand to their files in the core: the job's own count says how many there are.
        let total = paths.length;
        let finished = 0;
        const stopCounting = client.on('jobs.changed', (job) => {
          if (jobId === null || job.jobId === jobId) ({ total, finished } = job);
        });
        // Files finished as this process saw them (the job's own count can trail its progress events).
        const finishedHere = new Set<number>();
        const onProgress = (progress: IngestProgress) => {
          jobId = progress.jobId;
          if (options.json || lastStage.get(progress.index) === progress.stage) return;
          lastStage.set(progress.index, progress.stage);
          if (progress.stage === 'done') finishedHere.add(progress.index);
          const done = Math.max(finished, finishedHere.size);
          const key = progress.stage === 'done' ? 'INGEST_FILE_DONE' : 'INGEST_PROGRESS';
          ctx.io.stderr(cliMessage(key, ctx.lang, { done, total, file: progress.file, stage: progress.stage }) + '\n');
        };
        const stopListening = ctx.io.onInterrupt(() => {
          if (!jobId) return;
          ctx.io.stderr(cliMessage('INGEST_INTERRUPTED', ctx.lang) + '\n');
          void client.call('library.cancelJob', { jobId });
        });
        try {
          const input = { paths: paths.map((p) => resolve(ctx.io.cwd, p)), collection: options.collection, ocr: options.ocr };
          const done = await runIngestJob(client, { method: 'library.ingestPaths', input }, onProgress);
          if (options.json) {
            printJson(
              ctx,
              done.results.map((r) => ({
                file: r.file,
                documentId: r.documentId,
                status: r.status,
                pages: r.pages,
                chunks: r.chunks,
                error: r.error ? localizeErrorValue(r.error, ctx.lang) : null,
              })),
            );
          } else {
            for (const result of done.results) ctx.io.stdout(describeResult(result, ctx) + '\n');
            const count = (status: IngestResult['status']) => done.results.filter((r) => r.status === status).length;
            ctx.io.stderr(cliMessage('SUMMARY', ctx.lang, { ready: count('ready'), failed: count('failed'), duplicate: count('duplicate') }) + '\n');
          }
          return done.cancelled ? 130 : 0;
        } finally {
          stopListening();
          stopCounting();
        }
      }),
    ),
  );
}
