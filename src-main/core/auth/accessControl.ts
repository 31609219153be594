/**
 * Who may use a running server and how much: the API token's holder (the owner of the data folder),
 * and in LAN mode the accounts of `phare users`. It turns a credential (a bearer token, a session
 * cookie's value, a one-time link, a name and password) into a principal, decides whether that
 * principal may call a method (src-shared/methodRights.ts) and whether its rate limit allows it now.
 * Transport-free: the HTTP bridge reads headers and cookies, this decides.
 */
import type { AccessRole, AccessSettings, MethodClass } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import { rightOf, roleAllows } from '../../../src-shared/methodRights';
import { isWellFormedToken } from './apiToken';
import { createLoginLinks } from './loginLinks';
import { createRateLimiter, RateDecision } from './rateLimiter';
import { secretEquals } from './secretEquals';
import { createSessionTokens, SessionClaims } from './sessionTokens';
import type { UserAccounts } from './userAccounts';

/** The name the owner's calls carry in the audit log in LAN mode (accounts carry their own). */
export const OWNER_NAME = 'owner';

export interface Principal {
  kind: 'owner' | 'account';
  /** The account's name, or OWNER_NAME. */
  name: string;
  role: AccessRole;
  /** What rate limits count by: an account (all its sessions together), a session, or a token user's address. */
  clientKey: string;
}

export interface IssuedSession {
  /** The cookie's value. */
  value: string;
  maxAgeSeconds: number;
}

export type CallDecision =
  | { allowed: true; methodClass: MethodClass; actor: string | undefined }
  | { allowed: false; status: 403 | 429; error: PhareError; retryAfterSeconds?: number };

export interface AccessControl {
  /** Accounts may sign in, and calls record who made them (the server listens beyond 127.0.0.1). */
  readonly lanMode: boolean;
  viaBearer(token: string, remoteAddress: string): Principal | null;
  viaSession(value: string): Principal | null;
  issueLoginLink(): string;
  signInWithLink(code: string): IssuedSession | null;
  /** The login page of a local server takes the API token itself (the link was used, say). */
  signInWithToken(token: string): IssuedSession | null;
  signInWithPassword(name: string, password: string): Promise<IssuedSession | null>;
  signOut(value: string): void;
  /** Rights, then the rate limit; a refused call does not reach the contract. */
  checkCall(principal: Principal, method: string): CallDecision;
  /** Sign-in attempts from one address (password guessing); counted whether they succeed or not. */
  checkSignInAttempt(remoteAddress: string): RateDecision;
}

export interface AccessControlOptions {
  apiToken: string;
  accounts: UserAccounts;
  getSettings: () => AccessSettings;
  lanMode: boolean;
  clock?: () => number;
}

const HOUR_MS = 60 * 60 * 1000;

export function createAccessControl(options: AccessControlOptions): AccessControl {
  // Refused here rather than trusted: an empty or short token would make the API open to guessing.
  if (!isWellFormedToken(options.apiToken)) throw new Error('The API token is missing or malformed');
  const clock = options.clock ?? Date.now;
  const sessions = createSessionTokens(options.apiToken, clock);
  const links = createLoginLinks(clock);
  const limiter = createRateLimiter(clock);
  const owner = (clientKey: string): Principal => ({ kind: 'owner', name: OWNER_NAME, role: 'admin', clientKey });

  const issue = (claims: Omit<SessionClaims, 'sid' | 'exp'>): IssuedSession => {
    const hours = options.getSettings().sessionHours;
    return { value: sessions.issue(claims, hours * HOUR_MS).value, maxAgeSeconds: hours * 3600 };
  };

  const principalOf = (claims: SessionClaims): Principal | null => {
    if (claims.kind === 'owner') return owner(`session:${claims.sid}`);
    if (!options.lanMode) return null;
    const account = options.accounts.get(claims.sub);
    // Removed, or its password changed since this session began.
    if (!account || account.passwordChangedAt !== claims.pwd) return null;
    // The role is read at each request: a changed role counts at once.
    return { kind: 'account', name: account.name, role: account.role, clientKey: `account:${account.name}` };
  };

  return {
    lanMode: options.lanMode,

    viaBearer(token, remoteAddress) {
      return secretEquals(token, options.apiToken) ? owner(`token@${remoteAddress}`) : null;
    },

    viaSession(value) {
      const claims = sessions.read(value);
      if (!claims) return null;
      try {
        return principalOf(claims);
      } catch (error) {
        console.error('[access] cannot read the accounts:', error instanceof Error ? error.message : error);
        return null;
      }
    },

    issueLoginLink: () => links.issue(),

    signInWithLink: (code) => (links.redeem(code) ? issue({ kind: 'owner', sub: OWNER_NAME }) : null),

    signInWithToken: (token) => (secretEquals(token, options.apiToken) ? issue({ kind: 'owner', sub: OWNER_NAME }) : null),

    async signInWithPassword(name, password) {
      if (!options.lanMode) return null;
      const account = await options.accounts.verify(name, password);
      return account ? issue({ kind: 'account', sub: account.name, pwd: account.passwordChangedAt }) : null;
    },

    signOut(value) {
      const claims = sessions.read(value);
      if (claims) sessions.revoke(claims);
    },

    checkCall(principal, method) {
      const right = rightOf(method);
      if (!roleAllows(principal.role, right.role)) {
        return { allowed: false, status: 403, error: new PhareError('FORBIDDEN', { role: principal.role, method: method.slice(0, 100) }) };
      }
      const limit = options.getSettings().rateLimits[principal.role][right.class];
      const decision = limiter.take(`${principal.clientKey}|${right.class}`, limit);
      if (!decision.allowed) {
        const error = new PhareError('RATE_LIMITED', { limit, seconds: decision.retryAfterSeconds, class: right.class });
        return { allowed: false, status: 429, error, retryAfterSeconds: decision.retryAfterSeconds };
      }
      return { allowed: true, methodClass: right.class, actor: options.lanMode ? principal.name : undefined };
    },

    checkSignInAttempt(remoteAddress) {
      return limiter.take(`sign-in@${remoteAddress}`, options.getSettings().loginAttemptsPerMinute);
    },
  };
}
