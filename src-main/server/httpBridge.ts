/**
 * The HTTP + WebSocket bridge (`phare serve`): the contract over `POST /api/call/<method>` (JSON body in,
 * JSON CallResult out) and `/api/events` (a WebSocket pushing every event), plus the built renderer as
 * static files, so the same React app runs in a browser. It binds the loopback interface only.
 *
 * Like the other transports it is generic: it knows no method by name. Validation and routing are the
 * dispatcher's; a contract-level error is an HTTP 200 carrying `{ok: false, error}`. Status codes other
 * than 200 mean the request never reached the contract (refused, too large, wrong path).
 */
import { createReadStream } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PhareError, toErrorValue } from '../../src-shared/errors';
import { httpProtocol } from '../../src-shared/preloadApi';
import type { CallResult, Dispatch } from '../../src-shared/rpc';
import type { EventBus } from '../core/eventBus';
import { contentSecurityPolicy } from './contentSecurityPolicy';
import { attachEventSocket } from './eventSocket';
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from './readJsonBody';
import { hasClientHeader, isAllowedHost } from './requestGuards';
import { resolveStaticFile } from './staticFiles';

export interface HttpBridgeOptions {
  dispatch: Dispatch;
  events: Pick<EventBus, 'onAny'>;
  /** The built renderer (out/renderer); without it only the API is served. */
  staticDir?: string;
  /** 0 picks a free port. */
  port: number;
  /** Loopback only: the bridge has no authentication beyond being unreachable from other machines. */
  host?: '127.0.0.1';
  maxBodyBytes?: number;
}

export interface HttpBridge {
  url: string;
  port: number;
  close(): Promise<void>;
}

const CALL_PREFIX = httpProtocol.callPath('');

/** Sent with every response: no MIME sniffing, no framing, no referrer leaking to anywhere. */
const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
} as const;

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: CallResult, extra: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(json)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(json);
}

export async function startHttpBridge(options: HttpBridgeOptions): Promise<HttpBridge> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('The HTTP bridge binds 127.0.0.1 only');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let port = options.port;

  const handleCall = async (req: IncomingMessage, res: ServerResponse, encodedMethod: string) => {
    if (req.method !== 'POST') return sendText(res, 405, 'Method Not Allowed', { Allow: 'POST' });
    if (!hasClientHeader(req.headers[httpProtocol.clientHeader])) return sendText(res, 403, 'Forbidden');
    let method: string;
    try {
      method = decodeURIComponent(encodedMethod);
    } catch {
      method = encodedMethod;
    }
    const body = await readJsonBody(req, maxBodyBytes);
    if (body.kind === 'aborted') return void req.destroy();
    if (body.kind === 'tooLarge') {
      const detail = `the request is larger than ${Math.round(maxBodyBytes / (1024 * 1024))} MB`;
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
      result = await options.dispatch(method, body.value);
    } catch (error) {
      result = { ok: false, error: toErrorValue(error) };
    }
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
      'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
      // index.html names the hashed bundles, so it is always revalidated; the bundles never change.
      'Cache-Control': file.isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(file.filePath);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  const server = createServer((req, res) => {
    // DNS rebinding: a hostile name resolving to 127.0.0.1 still sends its own name as Host.
    if (!isAllowedHost(req.headers.host, port)) return sendText(res, 403, 'Forbidden: unexpected Host header');
    const pathname = (req.url ?? '/').split(/[?#]/)[0];
    const handled = pathname.startsWith(CALL_PREFIX)
      ? handleCall(req, res, pathname.slice(CALL_PREFIX.length))
      : pathname.startsWith('/api/')
        ? Promise.resolve(sendText(res, 404, 'Not Found'))
        : handleStatic(req, res, pathname);
    handled.catch((error: unknown) => {
      console.error('[http] request failed:', error);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });

  const eventSocket = attachEventSocket(server, options.events, () => port);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
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
