/**
 * `phare serve`: the headless app. The contract over HTTP + WebSocket and the built web UI, on
 * 127.0.0.1 only, until Ctrl-C or SIGTERM; then the bridge closes and the library is disposed in order.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { startHttpBridge } from '../../server/httpBridge';
import { CliError } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, addModelOptions, CommandContext, dataDirOf, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';
import { packageRoot } from '../packageRoot';

export const DEFAULT_PORT = 7373;

interface ServeOptions extends Omit<LibraryOptions, 'metricsPort'> {
  port?: string;
  metricsPort?: string;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('BAD_PORT', { port: value });
  return port;
}

export function serveCommand(ctx: CommandContext): Command {
  const command = new Command('serve')
    .description('serve the web UI and the API on 127.0.0.1 until stopped')
    .option('--port <n>', `port to listen on (0 picks a free one; default ${DEFAULT_PORT})`)
    .option('--metrics-port <n>', 'also serve /metrics, /health and /status for Prometheus on this port (127.0.0.1)');
  addLibraryOptions(command);
  addModelOptions(command, { chat: true });
  return command.action((options: ServeOptions) =>
    runAction(ctx, options, async () => {
      const port = parsePort(options.port);
      const metricsPort = options.metricsPort === undefined ? undefined : parsePort(options.metricsPort);
      const staticDir = join(packageRoot(), 'out', 'renderer');
      const uiBuilt = existsSync(join(staticDir, 'index.html'));
      if (!uiBuilt) ctx.io.stderr(cliMessage('UI_NOT_BUILT', ctx.lang, { dir: staticDir }) + '\n');
      // A server is long-lived: it resumes interrupted ingestion jobs and keeps watched folders in sync.
      await withLibrary(ctx, { ...options, metricsPort, background: true }, async (client, core) => {
        // Listen for Ctrl-C before the (slow) start, so an early one is not lost.
        let stop: () => void = () => undefined;
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        const stopListening = ctx.io.onInterrupt(() => stop());
        try {
          const bridge = await startHttpBridge({ dispatch: core.dispatch, events: core.events, staticDir: uiBuilt ? staticDir : undefined, port }).catch(
            (error: NodeJS.ErrnoException) => {
              throw error.code === 'EADDRINUSE' ? new CliError('PORT_IN_USE', { port }) : error;
            },
          );
          const dir = dataDirOf(ctx, { ...options, metricsPort });
          // The metrics port (settings or --metrics-port): where it serves, or why it could not.
          const { metricsUrl, metricsError } = await client.call('monitoring.overview', {});
          if (metricsError) ctx.io.stderr(cliMessage('METRICS_UNAVAILABLE', ctx.lang, { detail: metricsError }) + '\n');
          if (options.json) printJson(ctx, { url: bridge.url, port: bridge.port, dataDir: dir, metricsUrl });
          else {
            ctx.io.stdout(`${cliMessage('SERVING', ctx.lang, { dir, url: bridge.url })}\n`);
            if (metricsUrl) ctx.io.stdout(`${cliMessage('METRICS_SERVING', ctx.lang, { url: metricsUrl })}\n`);
            ctx.io.stdout(`${cliMessage('STOP_HINT', ctx.lang)}\n`);
          }
          await stopped;
          await bridge.close();
          if (!options.json) ctx.io.stderr(cliMessage('STOPPED', ctx.lang) + '\n');
        } finally {
          stopListening();
        }
      });
    }),
  );
}
