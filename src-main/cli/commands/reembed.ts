/**
 * `phare reembed`: rebuilds the vectors of every document embedded with another model than the
 * configured one (or with none), through the contract's re-embed job. Unchanged passages come from the
 * embedding cache. Ctrl-C cancels (exit 130); a job stopped by a crash resumes when the library opens.
 */
import { Command } from 'commander';
import type { EmbeddingJob } from '../../../src-shared/domain';
import { CliError, localizeErrorValue } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, addModelOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

export function reembedCommand(ctx: CommandContext): Command {
  const command = new Command('reembed').description('rebuild stale vectors after the embedding model changed (unchanged passages come from the cache)');
  addLibraryOptions(command);
  addModelOptions(command, { chat: false });
  return command.action((options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client, core) => {
        const status = await client.call('embeddings.status', {});
        if (!status.embedder) throw new CliError('REEMBED_NO_MODEL');
        let lastDone = -1;
        const finished = new Promise<EmbeddingJob>((resolve) => {
          const off = core.events.on('embeddings.progress', (job) => {
            if (!options.json && job.state === 'running' && job.done !== lastDone && job.total > 0) {
              lastDone = job.done;
              ctx.io.stderr(cliMessage('REEMBED_PROGRESS', ctx.lang, { done: job.done, total: job.total }) + '\n');
            }
            if (job.state !== 'running') {
              off();
              resolve(job);
            }
          });
        });
        const stopListening = ctx.io.onInterrupt(() => {
          ctx.io.stderr(cliMessage('REEMBED_INTERRUPTED', ctx.lang) + '\n');
          void client.call('embeddings.cancel', {});
        });
        try {
          const started = await client.call('embeddings.reembed', {});
          const job = started.state === 'running' ? await finished : started;
          if (options.json) {
            printJson(ctx, { ...job, error: job.error ? localizeErrorValue(job.error, ctx.lang) : null });
          } else if (job.state === 'cancelled') {
            ctx.io.stderr(cliMessage('REEMBED_CANCELLED', ctx.lang, { done: job.done, total: job.total }) + '\n');
          } else if (job.state === 'failed') {
            ctx.io.stderr((job.error ? localizeErrorValue(job.error, ctx.lang).message : 'failed') + '\n');
          } else {
            const params = { done: job.done, total: job.total, model: job.embedder, embedded: job.embeddedChunks, cached: job.cachedChunks };
            ctx.io.stdout(cliMessage('REEMBED_DONE', ctx.lang, params) + '\n');
          }
          if (job.state === 'cancelled') return 130;
          return job.state === 'failed' ? 1 : 0;
        } finally {
          stopListening();
        }
      }),
    ),
  );
}
