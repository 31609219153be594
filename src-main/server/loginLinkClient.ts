/**
 * Asks the running server of a data folder for a new one-time sign-in link, as `phare link` does: the
 * server's address from `<data>/server.json`, the API token from `<data>/api-token`, and over TLS the
 * server's certificate pinned to the file it was started with (a self-signed certificate works, and
 * no other certificate is accepted).
 */
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as tlsConnect, TLSSocket } from 'node:tls';
import { readApiToken } from '../core/auth/apiToken';
import { readServerRecord } from './runningServer';
import { LINK_PATH } from './signInRoutes';

export type LinkFailure = { problem: 'no-server' } | { problem: 'no-token' } | { problem: 'unreachable'; url: string; detail: string };

export class LinkRequestError extends Error {
  constructor(readonly failure: LinkFailure) {
    super(failure.problem === 'unreachable' ? `${failure.url}: ${failure.detail}` : failure.problem);
    this.name = 'LinkRequestError';
  }
}

const TIMEOUT_MS = 10_000;

/**
 * Over TLS the connection is made and the certificate checked before the request (and its token) is
 * written: the certificate must be the very one in the server's file, whatever signed it.
 */
async function verifiedTlsSocket(target: URL, pinned: string, fail: (detail: string) => Error): Promise<TLSSocket> {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const socket = tlsConnect({ host, port: Number(target.port || 443), rejectUnauthorized: false, servername: /^[\d.:]+$/.test(host) ? undefined : host });
  socket.setTimeout(TIMEOUT_MS, () => socket.destroy(fail('no answer')));
  try {
    await once(socket, 'secureConnect');
  } catch (error) {
    throw error instanceof LinkRequestError ? error : fail(error instanceof Error ? error.message : String(error));
  }
  if (socket.getPeerX509Certificate()?.fingerprint256 !== pinned) {
    socket.destroy();
    throw fail('the server presents another certificate than the one it was started with');
  }
  return socket;
}

async function post(target: URL, token: string, pinned: string | null, fail: (detail: string) => Error): Promise<string> {
  const socket = pinned ? await verifiedTlsSocket(target, pinned, fail) : null;
  return new Promise<string>((resolve, reject) => {
    const req = httpRequest(
      target.protocol === 'https:' ? new URL(target.pathname, `http://${target.host}`) : target,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-length': '0', host: target.host },
        timeout: TIMEOUT_MS,
        // No `agent` with it: `agent: false` would make a fresh agent that opens its own (plain) connection.
        ...(socket ? { createConnection: () => socket } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(fail(`HTTP ${res.statusCode}`))));
        res.on('error', (e) => reject(fail(e.message)));
      },
    );
    req.on('timeout', () => req.destroy(fail('no answer')));
    req.on('error', (e) => reject(e instanceof LinkRequestError ? e : fail(e.message)));
    req.end();
  });
}

export async function requestLoginLink(dataDir: string): Promise<string> {
  const record = readServerRecord(dataDir);
  if (!record) throw new LinkRequestError({ problem: 'no-server' });
  const token = readApiToken(dataDir);
  if (!token) throw new LinkRequestError({ problem: 'no-token' });
  const target = new URL(LINK_PATH, record.localUrl);
  const fail = (detail: string): LinkRequestError => new LinkRequestError({ problem: 'unreachable', url: record.localUrl, detail });
  const pinned = record.tlsCertFile ? new X509Certificate(readFileSync(record.tlsCertFile)).fingerprint256 : null;

  if (target.protocol === 'https:' && !pinned) throw fail('the server uses TLS but its certificate file is not recorded');
  const body = await post(target, token, pinned, fail);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw fail('not a Phare server');
  }
  const url = (parsed as { url?: unknown }).url;
  if (typeof url !== 'string') throw fail('not a Phare server');
  // The link names the address users open (the machine's name in LAN mode), not the local one asked.
  const link = new URL(url);
  return new URL(link.search, record.url).toString();
}
