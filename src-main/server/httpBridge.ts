/**
 * The HTTP + WebSocket bridge (`phare serve`): the contract over `POST /api/call/<method>` (JSON body in,
 * JSON CallResult out) and `/api/events` (a WebSocket pushing every event), plus the built renderer as
 * static files, so the same React app runs in a browser. It binds 127.0.0.1 unless told otherwise (LAN
 * mode, which needs TLS), and nothing passes without a credential: the data folder's API token as a
 * bearer header, or the session cookie a one-time link or the sign-in form gave (signInRoutes.ts).
 *
 * Like the other transports it is generic: it knows no method by name. Validation and routing are the
 * dispatcher's; a contract-level error is an HTTP 200 carrying `{ok: false, error}`. Status codes other
 * than 200 mean the request never reached the contract (refused, too large, wrong path).
 */
import { createReadStream } from 'node:fs';
import { createServer, IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { PhareError, toErrorValue } from '../../src-shared/errors';
import { httpProtocol } from '../../src-shared/preloadApi';
import type { CallResult, Dispatch } from '../../src-shared/rpc';
import { createAccessControl } from '../core/auth/accessControl';
import { runAsActor } from '../core/auth/callContext';
import type { UserAccounts } from '../core/auth/userAccounts';
import type { EventBus } from '../core/eventBus';
import { loadAccessSettings } from './accessSettingsCache';
import { gateCall, unauthorized } from './callGate';
import { contentSecurityPolicy } from './contentSecurityPolicy';
import { sessionCookieName } from './cookies';
import { attachEventSocket, SocketAdmission } from './eventSocket';
import { createOriginPolicy } from './originPolicy';
import { createBodyBudget, readCallBody } from './bodyLimits';
import { authenticate } from './requestAuth';
import { COMMON_HEADERS } from './securityHeaders';
import { createSignInRoutes } from './signInRoutes';
import { resolveStaticFile } from './staticFiles';
import { createUploadRoute } from './uploadRoute';
import { LOOPBACK_HOST } from './loopback';
import { sendJson } from './sendJson';

export { LOOPBACK_HOST };

export interface HttpBridgeOptions {
  dispatch: Dispatch;
  events: Pick<EventBus, 'onAny'>;
  /** The built renderer (out/renderer); without it only the API is served. */
  staticDir?: string;
  /** 0 picks a free port. */
  port: number;
  /**
   * 127.0.0.1 by default. Any other address is LAN mode, for a team: TLS is then required, the
   * accounts of `phare users` may sign in, and calls record their account in the audit log.
   */
  host?: string;
  /** The certificate and key (PEM), for LAN mode. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Required: there is no bridge without authentication. The data folder's API token and accounts. */
  auth: { apiToken: string; accounts: UserAccounts };
  /** Lowers every call's body limit (bodyLimits.ts has each method's). */
  maxBodyBytes?: number;
  /** The data folder, where `POST /api/upload` streams files (uploadRoute.ts); without it that route is 404. */
  uploads?: { dataDir: string };
}

export interface HttpBridge {
  url: string;
  port: number;
  lanMode: boolean;
  /** A new one-time sign-in link (printed at start; `phare link` asks for more). */
  loginLink(): string;
  close(): Promise<void>;
}

const CALL_PREFIX = httpProtocol.callPath('');

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(text);
}

/** Bodies Node may read and discard after a refusal, keeping the connection for the next call (the UI's polls). */
const DRAINABLE_BODY_BYTES = 64 * 1024;

/**
 * An answer sent before the request's body was read. A small body is left for Node to discard; a big
 * or unknown one (a refused upload) is not read at all: the connection closes once the answer is out.
 */
function refuseUnread(req: IncomingMessage, res: ServerResponse, status: number, body: CallResult, headers: Record<string, string>): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (req.headers['transfer-encoding'] === undefined && Number.isFinite(declared) && declared <= DRAINABLE_BODY_BYTES) return sendJson(res, status, body, headers);
  sendJson(res, status, body, { ...headers, Connection: 'close' });
  res.on('finish', () => req.destroy());
}

export async function startHttpBridge(options: HttpBridgeOptions): Promise<HttpBridge> {
  const host = options.host ?? LOOPBACK_HOST;
  const lanMode = host !== LOOPBACK_HOST;
  // Refused here, whoever the caller: the CLI checks the same with friendlier messages.
  if (lanMode && !options.tls) throw new Error(`Listening on ${host} (beyond 127.0.0.1) needs TLS: a certificate and its key`);
  if (!options.auth?.apiToken) throw new Error('The HTTP bridge needs the API token: it never runs without authentication');
  // Call bodies are read whole: small limits, and a budget for all of those being read at once.
  const bodyBudget = createBodyBudget();
  let port = options.port;

  const accessSettings = await loadAccessSettings(options.dispatch);
  const access = createAccessControl({ apiToken: options.auth.apiToken, accounts: options.auth.accounts, getSettings: accessSettings.get, lanMode });
  const policy = createOriginPolicy({ lanMode, tls: !!options.tls, port: () => port });
  const cookieName = () => sessionCookieName(port);
  const signIn = createSignInRoutes({ access, cookieName, policy });

  const handleCall = async (req: IncomingMessage, res: ServerResponse, encodedMethod: string) => {
    if (req.method !== 'POST') return sendText(res, 405, 'Method Not Allowed', { Allow: 'POST' });
    let method: string;
    try {
      method = decodeURIComponent(encodedMethod);
    } catch {
      method = encodedMethod;
    }
    // Before reading the body: a refused 300 MB upload is not read at all.
    const gate = gateCall(req, method, { access, cookieName, policy });
    if (!gate.passed) return refuseUnread(req, res, gate.status, gate.body, gate.headers);
    const body = await readCallBody(req, method, bodyBudget, options.maxBodyBytes);
    if (body.kind === 'aborted') return void req.destroy();
    if (body.kind === 'busy') return refuseUnread(req, res, 503, { ok: false, error: new PhareError('SERVER_BUSY', { seconds: 1 }).toValue() }, { 'Retry-After': '1' });
    if (body.kind === 'tooLarge') {
      const limit = body.limit >= 1024 * 1024 ? `${Math.round(body.limit / (1024 * 1024))} MB` : `${body.limit} bytes`;
      const detail = `the request is larger than ${limit}`;
      sendJson(res, 413, { ok: false, error: new PhareError('VALIDATION', { detail }).toValue() }, { Connection: 'close' });
      // Unread bytes may still be arriving: drop the connection once the answer is out.
      res.on('finish', () => req.destroy());
      return;
    }
    if (body.kind === 'malformed') {
      const detail = `the request body is not valid JSON (${body.detail})`;
      return sendJson(res, 200, { ok: false, error: new PhareError('VALIDATION', { detail }).toValue() });
    }
    let result: CallResult;
    try {
      const call = () => options.dispatch(method, body.value);
      // An account's calls carry its name to the services that record who did what (the audit log).
      result = await (gate.actor ? runAsActor(gate.actor, call) : call());
    } catch (error) {
      result = { ok: false, error: toErrorValue(error) };
    }
    accessSettings.observe(method, result);
    if (!res.destroyed) sendJson(res, 200, result);
  };

  const handleStatic = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    if (!options.staticDir) return sendText(res, 404, 'Not Found (the web UI is not built: run `npm run build`)');
    const file = await resolveStaticFile(options.staticDir, pathname);
    if (!file) return sendText(res, 404, 'Not Found');
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Content-Security-Policy': contentSecurityPolicy({ connectSrc: policy.socketSources(req.headers.host) }),
      // index.html names the hashed bundles, so it is always revalidated; the bundles never change.
      'Cache-Control': file.isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(file.filePath);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  // Files streamed to the inbox, then library.ingestUploads with the same checks and actor as the call.
  const uploads = options.uploads;
  const handleUpload = uploads
    ? createUploadRoute({
        dataDir: uploads.dataDir,
        gate: (req) => gateCall(req, 'library.ingestUploads', { access, cookieName, policy }),
        ingest: (input, actor) => {
          const call = () => options.dispatch('library.ingestUploads', input);
          return actor ? runAsActor(actor, call) : call();
        },
      })
    : null;

  /** No such API route; a 401 first, so the API's paths are not mapped by whoever has no credential. */
  const handleOtherApi = (req: IncomingMessage, res: ServerResponse) => {
    if (authenticate(req, access, cookieName())) return sendText(res, 404, 'Not Found');
    const refusal = unauthorized(req);
    refuseUnread(req, res, refusal.status, refusal.body, refusal.headers);
  };

  /** Pages and assets need a session too; a browser asking for a page without one is sent to sign in. */
  const handlePage = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (await signIn.handle(req, res, url)) return;
    if ((req.method === 'GET' || req.method === 'HEAD') && signIn.redeemLink(req, res, url)) return;
    if (!authenticate(req, access, cookieName())) {
      if (String(req.headers.accept ?? '').includes('text/html')) return signIn.sendToSignIn(res, url);
      return sendText(res, 401, 'Unauthorized: sign in first', { 'WWW-Authenticate': 'Bearer realm="phare"' });
    }
    return handleStatic(req, res, url.pathname);
  };

  const handleRequest: RequestListener = (req, res) => {
    // DNS rebinding: a hostile name resolving to 127.0.0.1 still sends its own name as Host.
    if (!policy.hostAllowed(req.headers.host)) return sendText(res, 403, 'Forbidden: unexpected Host header');
    // Concatenated, not resolved against a base: '//name' stays a path and never becomes a host.
    const url = new URL(`http://bridge.invalid${(req.url ?? '/').startsWith('/') ? (req.url ?? '/') : '/'}`);
    const pathname = url.pathname;
    const handled = pathname.startsWith(CALL_PREFIX)
      ? handleCall(req, res, pathname.slice(CALL_PREFIX.length))
      : pathname === httpProtocol.uploadPath && handleUpload
        ? handleUpload(req, res)
        : pathname.startsWith('/api/')
          ? Promise.resolve(handleOtherApi(req, res))
          : handlePage(req, res, url);
    handled.catch((error: unknown) => {
      console.error('[http] request failed:', error);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  };

  const server: Server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handleRequest) : createServer(handleRequest);

  const admitSocket = (req: IncomingMessage): SocketAdmission => {
    if (!policy.hostAllowed(req.headers.host) || !policy.originAllowed(req.headers.origin, req.headers.host)) return { allowed: false, status: '403 Forbidden' };
    const who = authenticate(req, access, cookieName());
    if (!who) return { allowed: false, status: '401 Unauthorized' };
    // Browsers always send Origin on upgrades: a cookie without one is not our page.
    if (who.via === 'cookie' && req.headers.origin === undefined) return { allowed: false, status: '403 Forbidden' };
    return { allowed: true, stillValid: who.stillValid };
  };
  const eventSocket = attachEventSocket(server, options.events, admitSocket);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  // In LAN mode on every address, the URL names the machine; the certificate must carry that name.
  const shownHost = !lanMode ? LOOPBACK_HOST : host === '0.0.0.0' || host === '::' ? hostname() : host.includes(':') ? `[${host}]` : host;
  const url = `${policy.scheme}://${shownHost}:${port}/`;
  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    lanMode,
    loginLink: () => `${url}?token=${access.issueLoginLink()}`,
    close() {
      closing ??= (async () => {
        await eventSocket.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive and in-flight connections would otherwise hold close() open.
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
