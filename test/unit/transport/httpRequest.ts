/** A raw HTTP(S) request for transport tests: node:http sends the path and Host header exactly as given. */
import { request } from 'node:http';
import { request as tlsRequest } from 'node:https';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(options: {
  port: number;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Address to connect to (127.0.0.1 unless given). */
  address?: string;
  /** HTTPS, trusting this certificate (PEM). */
  ca?: string | Buffer;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const send = options.ca ? tlsRequest : request;
    const req = send(
      { host: options.address ?? '127.0.0.1', port: options.port, method: options.method ?? 'GET', path: options.path, headers: options.headers, ...(options.ca ? { ca: options.ca } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The `name=value` of the session cookie a bridge sets when its one-time link is opened, as a browser would. */
export async function signInCookie(bridge: { port: number; loginLink(): string }, tls?: { address: string; ca: string | Buffer }): Promise<string> {
  const link = new URL(bridge.loginLink());
  const res = await rawRequest({ port: bridge.port, path: link.pathname + link.search, headers: { host: link.host, accept: 'text/html' }, ...tls });
  const setCookie = res.headers['set-cookie'];
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (res.status !== 303 || !first) throw new Error(`the one-time link did not sign in (HTTP ${res.status})`);
  return first.split(';')[0];
}
