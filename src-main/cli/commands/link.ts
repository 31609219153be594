/**
 * `phare link`: a new one-time sign-in link from the `phare serve` running on a data folder (the
 * printed one was used, or the browser's session ended). It finds the server and its token by itself
 * (`<data>/server.json`, `<data>/api-token`), so it works for whoever may read that folder, and no one else.
 */
import { Command } from 'commander';
import { LinkRequestError, requestLoginLink } from '../../server/loginLinkClient';
import { CliError } from '../cliError';
import { addLibraryOptions, CommandContext, dataDirOf, LibraryOptions, printJson, runAction } from '../commandContext';

export function linkCommand(ctx: CommandContext): Command {
  const command = addLibraryOptions(new Command('link').description('print a new one-time sign-in link for the running `phare serve` of the data folder'));
  return command.action((options: LibraryOptions) =>
    runAction(ctx, options, async () => {
      const dir = dataDirOf(ctx, options);
      let url: string;
      try {
        url = await requestLoginLink(dir);
      } catch (error) {
        if (!(error instanceof LinkRequestError)) throw error;
        const failure = error.failure;
        if (failure.problem === 'no-server') throw new CliError('NO_SERVER', { dir });
        if (failure.problem === 'no-token') throw new CliError('NO_API_TOKEN', { dir });
        throw new CliError('SERVER_UNREACHABLE', { dir, url: failure.url, detail: failure.detail });
      }
      if (options.json) return printJson(ctx, { url });
      ctx.io.stdout(url + '\n');
    }),
  );
}
