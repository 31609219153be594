/**
 * `phare conversations list|show <id>|export <id>`: the conversations kept with the library (the same
 * ones the desktop app shows), through the contract. `export` prints the file, or writes it with --out.
 */
import { resolve } from 'node:path';
import { writePrivateFileSync } from '../../core/fs/privateFiles';
import { Command, Option } from 'commander';
import type { Conversation } from '../../../src-shared/conversations';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

interface ListOptions extends LibraryOptions {
  query?: string;
  collection?: string;
}

interface ExportOptions extends LibraryOptions {
  format: 'md' | 'json';
  out?: string;
}

function describeConversation(conversation: Conversation, ctx: CommandContext): string {
  const lines = [`${conversation.title}  (${conversation.id})`];
  if (conversation.collection) lines.push(`collection: ${conversation.collection}`);
  const page = cliMessage('PAGE', ctx.lang);
  for (const m of conversation.messages) {
    if (m.role === 'user') {
      lines.push('', `> ${m.content}`);
      continue;
    }
    lines.push('', m.answer?.answer ?? m.error?.message ?? '');
    for (const s of m.answer?.sources ?? []) lines.push(`  [${s.n}] ${s.title}, ${page} ${s.page}`);
    lines.push(`  (${m.id})`);
  }
  return lines.join('\n') + '\n';
}

export function conversationsCommand(ctx: CommandContext): Command {
  const conversations = new Command('conversations').description('list, show or export the conversations kept with the library');

  const list = addLibraryOptions(
    new Command('list')
      .description('list conversations, most recent first')
      .option('--query <text>', 'only those whose title or messages contain this text')
      .option('--collection <name>', 'only those scoped to this collection'),
  );
  list.action((options: ListOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const found = await client.call('conversations.list', { query: options.query, collection: options.collection });
        if (options.json) return printJson(ctx, found);
        if (found.length === 0) return void ctx.io.stdout(cliMessage('NO_CONVERSATIONS', ctx.lang) + '\n');
        for (const c of found) {
          const count = cliMessage('CONVERSATION_QUESTIONS', ctx.lang, { count: c.questionCount });
          ctx.io.stdout(`${c.id}  ${c.updatedAt.slice(0, 16).replace('T', ' ')}  ${count.padEnd(14)} ${c.title}${c.collection ? ` [${c.collection}]` : ''}\n`);
          if (options.query && c.match && c.match !== c.title) ctx.io.stdout(`    ${c.match}\n`);
        }
      }),
    ),
  );

  const show = addLibraryOptions(new Command('show').description('print a conversation: questions, answers and their sources').argument('<id>', 'conversation id'));
  show.action((id: string, options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const conversation = await client.call('conversations.get', { id });
        if (options.json) return printJson(ctx, conversation);
        ctx.io.stdout(describeConversation(conversation, ctx));
      }),
    ),
  );

  const exportCommand = addLibraryOptions(
    new Command('export')
      .description('export a conversation as Markdown or JSON')
      .argument('<id>', 'conversation id')
      .addOption(new Option('--format <format>', 'file format').choices(['md', 'json']).default('md'))
      .option('--out <file>', 'write to this file instead of printing'),
  );
  exportCommand.action((id: string, options: ExportOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const exported = await client.call('conversations.export', { id, format: options.format === 'json' ? 'json' : 'markdown' });
        if (!options.out) return void ctx.io.stdout(exported.content);
        const file = resolve(ctx.io.cwd, options.out);
        // Exports carry questions and passages of documents: readable by their owner only.
        writePrivateFileSync(file, exported.content);
        if (options.json) return printJson(ctx, { file, fileName: exported.fileName, bytes: Buffer.byteLength(exported.content) });
        ctx.io.stdout(cliMessage('EXPORTED', ctx.lang, { file }) + '\n');
      }),
    ),
  );

  return conversations.addCommand(list).addCommand(show).addCommand(exportCommand);
}
