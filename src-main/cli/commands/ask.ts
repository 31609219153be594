/**
 * `phare ask "<question>"`: a cited answer from the library. Without --json the tokens stream to stdout
 * as the model writes them (`chat.token` events), then the sources follow; with no chat model the answer
 * is extractive (the best passages, cited) and says so. Ctrl-C stops the generation.
 * Every answer goes into a conversation (its id is printed on stderr, and in --json): `--conversation <id>`
 * asks a follow-up in it, rewritten into a standalone query from the earlier turns.
 */
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, addModelOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

interface AskOptions extends LibraryOptions {
  collection?: string;
  conversation?: string;
}

export function askCommand(ctx: CommandContext): Command {
  const command = new Command('ask')
    .description('answer a question from the library, with cited sources')
    .argument('<question>', 'the question')
    .option('--collection <name>', 'use only this collection')
    .option('--conversation <id>', 'ask a follow-up in this conversation (see `phare conversations list`)');
  addLibraryOptions(command);
  addModelOptions(command, { chat: true });
  return command.action((question: string, options: AskOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const requestId = randomUUID();
        let streamed = false;
        const offTokens = options.json
          ? () => undefined
          : client.on('chat.token', (token) => {
              if (token.requestId !== requestId || !token.delta) return;
              streamed = true;
              ctx.io.stdout(token.delta);
            });
        const stopListening = ctx.io.onInterrupt(() => void client.call('chat.cancel', { requestId }));
        try {
          const answer = await client.call('chat.ask', { question, requestId, collection: options.collection, conversationId: options.conversation });
          if (options.json) {
            return printJson(ctx, {
              answer: answer.answer,
              mode: answer.mode,
              sources: answer.sources,
              citationCheck: answer.citationCheck,
              timings: answer.timings,
              conversationId: answer.conversationId,
              messageId: answer.messageId,
            });
          }
          if (!streamed) ctx.io.stdout(answer.answer);
          ctx.io.stdout('\n');
          if (answer.mode === 'extractive') ctx.io.stdout('\n' + cliMessage('EXTRACTIVE_LABEL', ctx.lang) + '\n');
          if (answer.sources.length === 0) {
            ctx.io.stdout(cliMessage('NO_SOURCES', ctx.lang) + '\n');
          } else {
            const page = cliMessage('PAGE', ctx.lang);
            ctx.io.stdout('\n' + cliMessage('SOURCES', ctx.lang) + '\n');
            for (const source of answer.sources) ctx.io.stdout(`[${source.n}] ${source.title}, ${page} ${source.page}\n`);
          }
          const t = answer.timings;
          const speed = t.tokensPerSecond === null ? '' : `, ${t.tokensPerSecond.toFixed(1)} tok/s`;
          ctx.io.stderr(`(${(t.totalMs / 1000).toFixed(1)} s${answer.model ? `, ${answer.model}` : ''}${speed})\n`);
          if (answer.conversationId) ctx.io.stderr(cliMessage('CONVERSATION_HINT', ctx.lang, { id: answer.conversationId }) + '\n');
        } finally {
          stopListening();
          offTokens();
        }
      }),
    ),
  );
}
