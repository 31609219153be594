/**
 * Reads a request body as JSON with a size limit. Uploads from the browser arrive as base64 inside the
 * JSON body, so the limit is large (a few hundred MB), but bounded: the body is held in memory and a
 * JavaScript string cannot exceed ~512 MB.
 */
import type { IncomingMessage } from 'node:http';

/** 400 MiB: enough for the contract's largest upload (~200 MB of base64) plus its neighbours. */
export const DEFAULT_MAX_BODY_BYTES = 400 * 1024 * 1024;

export type BodyResult = { kind: 'ok'; value: unknown } | { kind: 'tooLarge' } | { kind: 'malformed'; detail: string } | { kind: 'aborted' };

export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    // Refuse before reading a byte; the response closes the connection.
    return Promise.resolve({ kind: 'tooLarge' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        settle({ kind: 'tooLarge' });
        // Stop buffering; the caller answers 413 and closes the connection.
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      if (size === 0) return settle({ kind: 'ok', value: undefined });
      try {
        settle({ kind: 'ok', value: JSON.parse(Buffer.concat(chunks, size).toString('utf8')) });
      } catch (error) {
        settle({ kind: 'malformed', detail: error instanceof Error ? error.message : String(error) });
      }
    });
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('aborted', () => settle({ kind: 'aborted' }));
  });
}
