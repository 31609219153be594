/**
 * Checks that keep other web pages away from the local bridge. A page on any site can make the user's
 * browser send requests to 127.0.0.1, so the bridge accepts a request only when:
 * - its Host header names our loopback address and port (defeats DNS rebinding);
 * - a call carries the custom client header (a cross-site page cannot add it without a CORS preflight,
 *   which the bridge never grants);
 * - a WebSocket upgrade comes from our own origin, or from no browser at all (no Origin header).
 */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.trim().toLowerCase();
  return LOOPBACK_NAMES.some((name) => host === `${name}:${port}`);
}

export function isAllowedOrigin(originHeader: string | undefined, port: number): boolean {
  // Non-browser clients (the CLI, scripts) send no Origin; browsers always do on WebSocket upgrades.
  if (originHeader === undefined) return true;
  return LOOPBACK_NAMES.some((name) => originHeader.trim().toLowerCase() === `http://${name}:${port}`);
}

export function hasClientHeader(value: string | string[] | undefined): boolean {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim().length > 0;
}
