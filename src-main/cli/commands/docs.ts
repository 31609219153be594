/** `phare docs list|show <id>|text <id>|remove <id>`: the library's documents, through the contract. */
import { Command } from 'commander';
import type { DocumentDetail, DocumentRecord, OcrReason } from '../../../src-shared/domain';
import { CliError, localizeErrorValue } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

interface ListOptions extends LibraryOptions {
  collection?: string;
}

const OCR_REASON_MESSAGES = {
  'no-text-layer': 'OCR_REASON_NO_TEXT_LAYER',
  'garbled-text-layer': 'OCR_REASON_GARBLED_TEXT_LAYER',
  'ocr-always': 'OCR_REASON_OCR_ALWAYS',
  'picture-file': 'OCR_REASON_PICTURE_FILE',
} as const satisfies Record<OcrReason, string>;

/** "2 (p. 1, 5: no text layer, a picture that could hold text)": how many pages OCR read, which, and why. */
function ocrPagesLine(doc: DocumentRecord, ctx: CommandContext): string {
  if (doc.ocrPages === 0) return '0';
  if (!doc.ocrReasons?.length) return `${doc.ocrPages} (${cliMessage('OCR_REASON_NOT_RECORDED', ctx.lang)})`;
  const why = doc.ocrReasons.map((r) => `p. ${r.pages.join(', ')}: ${cliMessage(OCR_REASON_MESSAGES[r.reason], ctx.lang)}`);
  return `${doc.ocrPages} (${why.join('; ')})`;
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
    ['ocr pages', ocrPagesLine(doc, ctx)],
    ['embedder', doc.embedder || '-'],
    ['created', doc.createdAt],
    ['updated', doc.updatedAt],
  ];
  if (doc.error) rows.push(['error', localizeErrorValue(doc.error, ctx.lang).message]);
  return rows.map(([k, v]) => `${k.padEnd(11)} ${v}`).join('\n') + '\n';
}

/** The record, then its validation, pages (with OCR confidence) and chunks (with their pages). */
function describeDetail(detail: DocumentDetail, ctx: CommandContext): string {
  const lines = [describeDocument(detail.document, ctx).trimEnd()];
  const validation = detail.validation;
  const verdict = !validation ? cliMessage('VALIDATION_NONE', ctx.lang) : validation.ok ? cliMessage('VALIDATION_OK', ctx.lang) : cliMessage('VALIDATION_FAILED', ctx.lang);
  lines.push(`${'validation'.padEnd(11)} ${verdict}`);
  for (const check of validation?.checks ?? []) lines.push(`  ${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`);
  lines.push('', 'pages');
  for (const p of detail.pages) {
    const reason = p.ocrReason ? ` (${cliMessage(OCR_REASON_MESSAGES[p.ocrReason], ctx.lang)})` : '';
    const ocr = p.ocr ? `OCR ${p.confidence === null ? '-' : p.confidence.toFixed(0)}%${reason}` : 'text';
    lines.push(`  ${String(p.page).padStart(4)}  ${String(p.chars).padStart(7)} chars  ${ocr}`);
  }
  lines.push('', 'chunks');
  for (const c of detail.chunks) {
    const pages = c.pageStart === c.pageEnd ? `p. ${c.pageStart}` : `p. ${c.pageStart}-${c.pageEnd}`;
    const preview = c.text.replace(/\s+/g, ' ').slice(0, 80);
    lines.push(`  #${String(c.ordinal).padEnd(4)} ${pages.padEnd(10)} ${String(c.tokenCount).padStart(5)} tok  ${preview}`);
  }
  return lines.join('\n') + '\n';
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

  const show = addLibraryOptions(
    new Command('show').description('show a document: its record, validation, pages with OCR confidence, and chunks').argument('<id>', 'document id'),
  );
  show.action((id: string, options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const detail = await client.call('library.detail', { id });
        // The record's fields at the top (as before), with its pages and chunks (validation is on the record).
        if (options.json) printJson(ctx, { ...detail.document, pages: detail.pages, chunks: detail.chunks });
        else ctx.io.stdout(describeDetail(detail, ctx));
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
