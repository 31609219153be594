/** `phare docs list|show <id>|text <id>|remove <id>`: the library's documents, through the contract. */
import { Command } from 'commander';
import type { DocumentRecord } from '../../../src-shared/domain';
import { CliError, localizeErrorValue } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

interface ListOptions extends LibraryOptions {
  collection?: string;
}

function describeDocument(doc: DocumentRecord, ctx: CommandContext): string {
  const rows: Array<[string, string | number]> = [
    ['id', doc.id],
    ['title', doc.title],
    ['collection', doc.collection],
    ['status', doc.status],
    ['source', doc.sourcePath],
    ['stored', doc.storedPath],
    ['type', doc.mime],
    ['size', `${doc.sizeBytes} bytes`],
    ['pages', doc.pages],
    ['chunks', doc.chunks],
    ['language', doc.language],
    ['ocr pages', doc.ocrPages],
    ['embedder', doc.embedder || '-'],
    ['created', doc.createdAt],
    ['updated', doc.updatedAt],
  ];
  if (doc.error) rows.push(['error', localizeErrorValue(doc.error, ctx.lang).message]);
  return rows.map(([k, v]) => `${k.padEnd(11)} ${v}`).join('\n') + '\n';
}

export function docsCommand(ctx: CommandContext): Command {
  const docs = new Command('docs').description('list, show, print or remove the library’s documents');

  const list = addLibraryOptions(new Command('list').description('list documents').option('--collection <name>', 'only this collection'));
  list.action((options: ListOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const documents = await client.call('library.list', { collection: options.collection });
        if (options.json) return printJson(ctx, documents);
        if (documents.length === 0) return ctx.io.stdout(cliMessage('NO_DOCUMENTS', ctx.lang) + '\n');
        for (const d of documents) {
          ctx.io.stdout(`${d.id}  ${d.status.padEnd(10)} ${String(d.pages).padStart(5)} p. ${String(d.chunks).padStart(6)} chunks  ${d.title}\n`);
        }
      }),
    ),
  );

  const show = addLibraryOptions(new Command('show').description('show a document’s record').argument('<id>', 'document id'));
  show.action((id: string, options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const doc = await client.call('library.get', { id });
        if (options.json) printJson(ctx, doc);
        else ctx.io.stdout(describeDocument(doc, ctx));
      }),
    ),
  );

  const text = addLibraryOptions(
    new Command('text').description('print a document’s full extracted text (pages separated by form feeds, like pdftotext)').argument('<id>', 'document id'),
  );
  text.action((id: string, options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const doc = await client.call('library.text', { id });
        if (options.json) printJson(ctx, doc);
        else ctx.io.stdout(doc.pages.map((p) => p.text).join('\f') + '\n');
      }),
    ),
  );

  const remove = addLibraryOptions(new Command('remove').description('remove a document and its passages').argument('<id>', 'document id'));
  remove.action((id: string, options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const { removed } = await client.call('library.remove', { id });
        if (!removed) throw new CliError('NOT_REMOVED', { id });
        if (options.json) printJson(ctx, { removed });
        else ctx.io.stdout(cliMessage('REMOVED', ctx.lang, { id }) + '\n');
      }),
    ),
  );

  return docs.addCommand(list).addCommand(show).addCommand(text).addCommand(remove);
}
