/**
 * `phare ingest <paths...>`: starts one ingestion job through the contract, follows its progress events,
 * and prints one result per file. Files that fail are reported, not fatal: the exit code is 0 whenever
 * the job ran. Ctrl-C cancels the job and prints what was done.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { IngestJobDone, IngestResult } from '../../../src-shared/domain';
import type { ContractClient } from '../../../src-shared/rpc';
import { localizeErrorValue } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, addModelOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

interface IngestOptions extends LibraryOptions {
  collection?: string;
}

/** Subscribes before the job starts: a job over missing files can finish before the call returns. */
function collectJobs(client: ContractClient) {
  const finished = new Map<string, IngestJobDone>();
  const waiting = new Map<string, (done: IngestJobDone) => void>();
  const off = client.on('ingest.done', (done) => {
    const waiter = waiting.get(done.jobId);
    if (waiter) waiter(done);
    else finished.set(done.jobId, done);
  });
  return {
    wait(jobId: string): Promise<IngestJobDone> {
      const early = finished.get(jobId);
      if (early) return Promise.resolve(early);
      return new Promise((resolve) => waiting.set(jobId, resolve));
    },
    off,
  };
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
    .argument('<paths...>', 'files to ingest')
    .option('--collection <name>', 'collection to put the documents in');
  addLibraryOptions(command);
  addModelOptions(command, { chat: false });
  return command.action((paths: string[], options: IngestOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const jobs = collectJobs(client);
        const lastStage = new Map<number, string>();
        const offProgress = options.json
          ? () => undefined
          : client.on('ingest.progress', (progress) => {
              if (progress.stage === 'done' || lastStage.get(progress.index) === progress.stage) return;
              lastStage.set(progress.index, progress.stage);
              ctx.io.stderr(`[${progress.index + 1}/${paths.length}] ${progress.file}: ${progress.stage}…\n`);
            });
        let jobId: string | null = null;
        const stopListening = ctx.io.onInterrupt(() => {
          if (!jobId) return;
          ctx.io.stderr(cliMessage('INGEST_INTERRUPTED', ctx.lang) + '\n');
          void client.call('library.cancelJob', { jobId });
        });
        try {
          const job = await client.call('library.ingestPaths', {
            paths: paths.map((p) => resolve(ctx.io.cwd, p)),
            collection: options.collection,
          });
          jobId = job.jobId;
          const done = await jobs.wait(job.jobId);
          const results = done.results.map((r) => ({
            file: r.file,
            documentId: r.documentId,
            status: r.status,
            pages: r.pages,
            chunks: r.chunks,
            error: r.error ? localizeErrorValue(r.error, ctx.lang) : null,
          }));
          if (options.json) {
            printJson(ctx, results);
          } else {
            for (const result of done.results) ctx.io.stdout(describeResult(result, ctx) + '\n');
            const count = (status: IngestResult['status']) => done.results.filter((r) => r.status === status).length;
            ctx.io.stderr(cliMessage('SUMMARY', ctx.lang, { ready: count('ready'), failed: count('failed'), duplicate: count('duplicate') }) + '\n');
          }
          return done.cancelled ? 130 : 0;
        } finally {
          stopListening();
          offProgress();
          jobs.off();
        }
      }),
    ),
  );
}
