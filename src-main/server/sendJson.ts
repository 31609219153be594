/** A JSON answer with the bridge's common security headers, never cached. */
import type { ServerResponse } from 'node:http';
import { COMMON_HEADERS } from './securityHeaders';

export function sendJson(res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
  const json = JSON.stringify(value);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(json)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(json);
}
