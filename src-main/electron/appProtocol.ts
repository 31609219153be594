/**
 * Serves the built renderer on `phare://app/`, with the same path rules (no traversal, index.html
 * fallback) and the same CSP as the HTTP bridge. A privileged standard scheme gives the pages a real
 * origin for the CSP's 'self' without exposing the rest of the disk as file:// would.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { resolveStaticFile } from '../server/staticFiles';
import { APP_HOST, APP_SCHEME } from './appOrigin';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function serveAppProtocol(rendererDir: string, securityHeaders: Record<string, string>): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('Not Found', { status: 404 });
    const file = await resolveStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not Found', { status: 404 });
    return new Response(await readFile(file.filePath), {
      status: 200,
      headers: { 'Content-Type': file.contentType, ...securityHeaders },
    });
  });
}
