/**
 * Reads the credentials of a request to the bridge: `Authorization: Bearer <API token>` (scripts, the
 * CLI) or the session cookie (the browser UI). A request that carries a credential but a wrong one is
 * not tried with the other: a bad bearer token is a 401 even with a good cookie, so mistakes show.
 */
import type { IncomingMessage } from 'node:http';
import type { AccessControl, Principal } from '../core/auth/accessControl';
import { readCookie } from './cookies';

export interface Authenticated {
  principal: Principal;
  /** A cookie comes with every request the browser makes, so cookie calls need the CSRF checks too. */
  via: 'bearer' | 'cookie';
  /** Whether the same credential still holds (long-lived WebSockets re-check it). */
  stillValid(): boolean;
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

export function authenticate(req: IncomingMessage, access: AccessControl, cookieName: string): Authenticated | null {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const token = bearerToken(authorization);
    const remote = req.socket.remoteAddress ?? 'unknown';
    const principal = token ? access.viaBearer(token, remote) : null;
    return principal ? { principal, via: 'bearer', stillValid: () => access.viaBearer(token!, remote) !== null } : null;
  }
  const value = readCookie(req.headers.cookie, cookieName);
  const principal = value ? access.viaSession(value) : null;
  return principal ? { principal, via: 'cookie', stillValid: () => access.viaSession(value!) !== null } : null;
}
