/**
 * `phare search "<query>"` prints the best passages; `phare search --batch <file>` reads one query per
 * line and prints one compact JSON array per line, in the same order (a line that fails gets
 * `{"error": ...}` instead, so line numbers always match), for evaluation scripts.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { SearchHit } from '../../../src-shared/domain';
import { CliError, describeError } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, addModelOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

interface SearchOptions extends LibraryOptions {
  batch?: string;
  topK?: string;
  mode?: string;
  collection?: string;
}

/** The fields the CLI promises, whatever else a hit carries. */
function toOutput(hit: SearchHit) {
  return { chunkId: hit.chunkId, documentId: hit.documentId, title: hit.title, page: hit.page, score: hit.score, text: hit.text };
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export function searchCommand(ctx: CommandContext): Command {
  const command = new Command('search')
    .description('search the library (hybrid when an embedding model is set, full-text otherwise)')
    .argument('[query]', 'what to look for')
    .option('--batch <file>', 'one query per line ("-" for stdin); prints one JSON array per line')
    .option('--top-k <n>', 'number of passages')
    .option('--mode <mode>', 'hybrid, fulltext or vector')
    .option('--collection <name>', 'search only this collection');
  addLibraryOptions(command);
  addModelOptions(command, { chat: false });
  return command.action((query: string | undefined, options: SearchOptions) =>
    runAction(ctx, options, async () => {
      if (query === undefined && options.batch === undefined) throw new CliError('NO_QUERY');
      if (query !== undefined && options.batch !== undefined) throw new CliError('BATCH_WITH_QUERY');
      let batch: string[] | null = null;
      if (options.batch !== undefined) {
        const file = options.batch;
        try {
          const text = file === '-' ? await ctx.io.readStdin() : await readFile(resolve(ctx.io.cwd, file), 'utf8');
          batch = text.split(/\r?\n/);
          if (batch.at(-1) === '') batch.pop();
        } catch (error) {
          throw new CliError('BATCH_UNREADABLE', { file, detail: error instanceof Error ? error.message : String(error) });
        }
      }
      return withLibrary(ctx, options, async (client) => {
        // The contract validates these: a bad --top-k comes back as a VALIDATION error like any input.
        const search = (q: string) =>
          client.call('search.query', {
            query: q,
            topK: options.topK === undefined ? undefined : Number(options.topK),
            mode: options.mode as 'hybrid' | 'fulltext' | 'vector' | undefined,
            collection: options.collection,
          });
        if (batch) return runBatch(ctx, batch, search);
        const hits = (await search(query!)).map(toOutput);
        if (options.json) return printJson(ctx, hits);
        if (hits.length === 0) return ctx.io.stdout(cliMessage('NO_HITS', ctx.lang) + '\n');
        const page = cliMessage('PAGE', ctx.lang);
        hits.forEach((hit, i) => {
          ctx.io.stdout(`${i + 1}. ${hit.title} (${page} ${hit.page}) [${hit.score.toFixed(4)}]\n   ${oneLine(hit.text, 240)}\n`);
        });
      });
    }),
  );
}

async function runBatch(ctx: CommandContext, queries: string[], search: (q: string) => Promise<SearchHit[]>): Promise<void> {
  for (const line of queries) {
    const query = line.trim();
    if (!query) {
      ctx.io.stdout('[]\n');
      continue;
    }
    try {
      ctx.io.stdout(JSON.stringify((await search(query)).map(toOutput)) + '\n');
    } catch (error) {
      ctx.io.stdout(JSON.stringify({ error: describeError(error, ctx.lang) }) + '\n');
    }
  }
}
