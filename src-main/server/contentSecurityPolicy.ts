/**
 * The Content-Security-Policy of the app's pages, shared by the HTTP bridge and the Electron shell so
 * the renderer runs under the same rules in both. No `unsafe-eval`, no inline scripts, no remote
 * origins: the renderer loads only its own bundled files and talks only to its own transport.
 */
export interface CspOptions {
  /** Extra `connect-src` sources, e.g. the bridge's own `ws://127.0.0.1:<port>` (some browsers do not count ws: as 'self'). */
  connectSrc?: string[];
  /** Extra `script-src` sources; only the Electron shell's dev mode uses it (Vite's inline HMR preamble). */
  scriptSrc?: string[];
  /** Extra `style-src` sources; only dev mode again (Vite injects CSS as <style> tags). */
  styleSrc?: string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connectSrc = ["'self'", ...(options.connectSrc ?? [])].join(' ');
  return [
    "default-src 'self'",
    ["script-src 'self'", ...(options.scriptSrc ?? [])].join(' '),
    // React's style props go through the CSSOM, which CSP does not govern: no 'unsafe-inline' needed.
    ["style-src 'self'", ...(options.styleSrc ?? [])].join(' '),
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connectSrc}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
