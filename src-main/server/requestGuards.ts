/**
 * Checks that keep other web pages away from the bridge. They are not authentication (the API token
 * and the session cookie are: src-main/server/requestAuth.ts); they stop a page the user visits from
 * using the user's own cookie. A page on any site can make the browser send requests to 127.0.0.1, so
 * the bridge accepts a request only when:
 * - its Host header names our loopback address and port (defeats DNS rebinding); in LAN mode, where
 *   names vary, a well-formed name;
 * - a call made with the cookie carries the custom client header (a page of another origin cannot add
 *   it without a CORS preflight, which the bridge never grants; SameSite does not help there, since
 *   another port of 127.0.0.1 is the same site);
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

/** LAN mode: the machine is reached by names we cannot list, but a Host header must look like one (it ends up in the CSP). */
export function isWellFormedHost(hostHeader: string | undefined): boolean {
  return typeof hostHeader === 'string' && /^(\[[0-9a-f:.]+\]|[a-z0-9.-]{1,253})(:\d{1,5})?$/i.test(hostHeader.trim());
}

/** LAN mode: a browser's Origin must be the very address it asked (scheme and Host header). */
export function isSameOrigin(originHeader: string | undefined, hostHeader: string | undefined, scheme: 'http' | 'https'): boolean {
  if (originHeader === undefined) return true;
  return !!hostHeader && originHeader.trim().toLowerCase() === `${scheme}://${hostHeader.trim().toLowerCase()}`;
}
