/**
 * Browser sessions as signed values (the HttpOnly cookie's content): who, until when, signed with a
 * key derived from the data folder's API token. Signed rather than kept in memory so that restarting
 * `phare serve` does not sign everyone out; replacing the token file signs everyone out. Sign-out is
 * remembered in memory until the session would have expired anyway.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { secretEquals } from './secretEquals';

export interface SessionClaims {
  /** Session id: what sign-out revokes and what the rate limits count by for the owner. */
  sid: string;
  kind: 'owner' | 'account';
  /** The account's name ('owner' for the token's holder). */
  sub: string;
  /** Expiry, ms since the epoch. */
  exp: number;
  /** For accounts: the password stamp when the session began; a changed password ends the session. */
  pwd?: string;
}

export interface SessionTokens {
  issue(claims: Omit<SessionClaims, 'sid' | 'exp'>, lifetimeMs: number): { value: string; claims: SessionClaims };
  /** The claims of a well-signed, unexpired, unrevoked value; null otherwise. */
  read(value: string): SessionClaims | null;
  revoke(claims: SessionClaims): void;
}

export function createSessionTokens(apiToken: string, clock: () => number = Date.now): SessionTokens {
  const key = createHmac('sha256', apiToken).update('phare browser session v1').digest();
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  const revoked = new Map<string, number>();

  const forgetExpired = (now: number) => {
    for (const [sid, exp] of revoked) if (exp <= now) revoked.delete(sid);
  };

  return {
    issue(claims, lifetimeMs) {
      const full: SessionClaims = { ...claims, sid: randomBytes(16).toString('base64url'), exp: clock() + lifetimeMs };
      const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
      return { value: `${payload}.${sign(payload)}`, claims: full };
    },
    read(value) {
      const dot = value.indexOf('.');
      if (dot <= 0 || value.length > 4096) return null;
      const payload = value.slice(0, dot);
      if (!secretEquals(value.slice(dot + 1), sign(payload))) return null;
      let claims: SessionClaims;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
      } catch {
        return null;
      }
      const now = clock();
      if (typeof claims.exp !== 'number' || claims.exp <= now || revoked.has(claims.sid)) return null;
      return claims;
    },
    revoke(claims) {
      forgetExpired(clock());
      revoked.set(claims.sid, claims.exp);
    },
  };
}
