/**
 * Reads a request body as JSON with a size limit: the body is held in memory until it is parsed, so
 * the limits are small (bodyLimits.ts); files have their own streamed route (uploadRoute.ts).
 */
import type { IncomingMessage } from 'node:http';

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
