/**
 * `phare serve`: the headless app. The contract over HTTP + WebSocket and the built web UI, until
 * Ctrl-C or SIGTERM; then the bridge closes and the library is disposed in order.
 *
 * Nothing is served without a credential: the data folder's API token (`<data>/api-token`, created at the
 * first start) as a bearer header, or the session cookie of a browser that opened the one-time link
 * printed here. On 127.0.0.1 by default; `--host` with another address is LAN mode, refused without
 * TLS files, with a warning, and with accounts (`phare users`) for the team.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { Command } from 'commander';
import { apiTokenPath, loadOrCreateApiToken } from '../../core/auth/apiToken';
import { openUserAccounts } from '../../core/auth/userAccounts';
import { LOOPBACK_HOST } from '../../server/loopback';
import { removeServerRecord, writeServerRecord } from '../../server/runningServer';
import { CliError } from '../cliError';
import { cliMessage } from '../cliMessages';
import { addLibraryOptions, addModelOptions, CommandContext, dataDirOf, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';
import { packageRoot } from '../packageRoot';

export const DEFAULT_PORT = 7373;

interface ServeOptions extends Omit<LibraryOptions, 'metricsPort'> {
  port?: string;
  metricsPort?: string;
  host?: string;
  tlsCert?: string;
  tlsKey?: string;
}

interface Listening {
  host: string;
  tls?: { cert: Buffer; key: Buffer; certFile: string };
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('BAD_PORT', { port: value });
  return port;
}

function readPem(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliError('TLS_FILE_UNREADABLE', { file, detail: error instanceof Error ? error.message : String(error) });
  }
}

/** Where to listen, checked before the library opens: a refused LAN mode costs nothing. */
export function resolveListening(options: Pick<ServeOptions, 'host' | 'tlsCert' | 'tlsKey'>, cwd: string): Listening {
  const host = options.host?.trim() || LOOPBACK_HOST;
  const hasCert = options.tlsCert !== undefined;
  if (hasCert !== (options.tlsKey !== undefined)) throw new CliError('TLS_NEEDS_BOTH');
  if (!hasCert) {
    if (host !== LOOPBACK_HOST) throw new CliError('LAN_NEEDS_TLS', { host });
    return { host };
  }
  const certFile = resolve(cwd, options.tlsCert!);
  const cert = readPem(certFile);
  const key = readPem(resolve(cwd, options.tlsKey!));
  try {
    // Fails on a mismatched pair or an unreadable PEM now, rather than at the first browser's handshake.
    createSecureContext({ cert, key });
  } catch (error) {
    throw new CliError('TLS_PAIR_INVALID', { detail: error instanceof Error ? error.message : String(error) });
  }
  return { host, tls: { cert, key, certFile } };
}

/** The address a command on this machine connects to (a server on every address answers on loopback). */
function localUrlOf(url: string, host: string): string {
  const local = new URL(url);
  if (host === '0.0.0.0') local.hostname = '127.0.0.1';
  else if (host === '::') local.hostname = '[::1]';
  return local.toString();
}

export function serveCommand(ctx: CommandContext): Command {
  const command = new Command('serve')
    .description('serve the web UI and the API (127.0.0.1 unless --host) until stopped; prints a one-time sign-in link')
    .option('--port <n>', `port to listen on (0 picks a free one; default ${DEFAULT_PORT})`)
    .option('--host <address>', 'listen on this address instead of 127.0.0.1 (LAN mode for a team: needs --tls-cert and --tls-key)')
    .option('--tls-cert <file>', 'certificate (PEM) to serve HTTPS with')
    .option('--tls-key <file>', 'private key (PEM) of that certificate')
    .option('--metrics-port <n>', 'also serve /metrics, /health and /status for Prometheus on this port (127.0.0.1)');
  addLibraryOptions(command);
  addModelOptions(command, { chat: true });
  return command.action((options: ServeOptions) =>
    runAction(ctx, options, async () => {
      const port = parsePort(options.port);
      const metricsPort = options.metricsPort === undefined ? undefined : parsePort(options.metricsPort);
      const listening = resolveListening(options, ctx.io.cwd);
      const staticDir = join(packageRoot(), 'out', 'renderer');
      const uiBuilt = existsSync(join(staticDir, 'index.html'));
      if (!uiBuilt) ctx.io.stderr(cliMessage('UI_NOT_BUILT', ctx.lang, { dir: staticDir }) + '\n');
      // A server is long-lived: it resumes interrupted ingestion jobs and keeps watched folders in sync.
      await withLibrary(ctx, { ...options, metricsPort, background: true }, async (client, core) => {
        // Listen for Ctrl-C before the (slow) start, so an early one is not lost.
        let stop: () => void = () => undefined;
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        const stopListening = ctx.io.onInterrupt(() => stop());
        const dir = dataDirOf(ctx, { ...options, metricsPort });
        try {
          const accounts = openUserAccounts(dir);
          // The bridge (HTTP, WebSocket) is loaded by this command only.
          const { startHttpBridge } = await import('../../server/httpBridge');
          const bridge = await startHttpBridge({
            dispatch: core.dispatch,
            events: core.events,
            staticDir: uiBuilt ? staticDir : undefined,
            port,
            host: listening.host,
            tls: listening.tls,
            auth: { apiToken: loadOrCreateApiToken(dir), accounts },
            // The browser UI streams its files there (uploadRoute.ts).
            uploads: { dataDir: core.dataDir },
          }).catch((error: NodeJS.ErrnoException) => {
            throw error.code === 'EADDRINUSE' ? new CliError('PORT_IN_USE', { port }) : error;
          });
          writeServerRecord(dir, { pid: process.pid, url: bridge.url, localUrl: localUrlOf(bridge.url, listening.host), tlsCertFile: listening.tls?.certFile ?? null });
          const loginUrl = bridge.loginLink();
          if (bridge.lanMode) {
            ctx.io.stderr(cliMessage('LAN_WARNING', ctx.lang, { host: listening.host, port: bridge.port, token: apiTokenPath(dir) }) + '\n');
            if (accounts.list().length === 0) ctx.io.stderr(cliMessage('LAN_NO_ACCOUNTS', ctx.lang) + '\n');
          }
          // The metrics port (settings or --metrics-port): where it serves, or why it could not.
          const { metricsUrl, metricsError } = await client.call('monitoring.overview', {});
          if (metricsError) ctx.io.stderr(cliMessage('METRICS_UNAVAILABLE', ctx.lang, { detail: metricsError }) + '\n');
          if (options.json) printJson(ctx, { url: bridge.url, port: bridge.port, dataDir: dir, loginUrl, lanMode: bridge.lanMode, metricsUrl });
          else {
            ctx.io.stdout(`${cliMessage('SERVING', ctx.lang, { dir, url: bridge.url })}\n`);
            ctx.io.stdout(`${cliMessage('LOGIN_LINK', ctx.lang, { url: loginUrl })}\n`);
            if (metricsUrl) ctx.io.stdout(`${cliMessage('METRICS_SERVING', ctx.lang, { url: metricsUrl })}\n`);
            ctx.io.stdout(`${cliMessage('STOP_HINT', ctx.lang)}\n`);
          }
          await stopped;
          await bridge.close();
          if (!options.json) ctx.io.stderr(cliMessage('STOPPED', ctx.lang) + '\n');
        } finally {
          removeServerRecord(dir);
          stopListening();
        }
      });
    }),
  );
}
