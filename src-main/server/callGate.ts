/**
 * What a call must pass before its body is read: a credential (401), the CSRF checks when the
 * credential is the browser's cookie (403), the caller's role (403 FORBIDDEN) and its rate limit
 * (429 RATE_LIMITED with Retry-After). Refusals carry a CallResult, so the UI shows them like any
 * other error in the user's language.
 */
import type { IncomingMessage } from 'node:http';
import { PhareError } from '../../src-shared/errors';
import { httpProtocol } from '../../src-shared/preloadApi';
import type { CallResult } from '../../src-shared/rpc';
import type { AccessControl } from '../core/auth/accessControl';
import type { OriginPolicy } from './originPolicy';
import { authenticate } from './requestAuth';
import { hasClientHeader } from './requestGuards';
import { pageLanguage } from './signInPages';

export type GateDecision = { passed: true; actor: string | undefined } | { passed: false; status: number; body: CallResult; headers: Record<string, string> };

export interface CallGateOptions {
  access: AccessControl;
  cookieName: () => string;
  policy: OriginPolicy;
}

export function unauthorized(req: IncomingMessage): { status: 401; body: CallResult; headers: Record<string, string> } {
  const error = new PhareError('UNAUTHORIZED').toValue(pageLanguage(req.headers['accept-language']));
  return { status: 401, body: { ok: false, error }, headers: { 'WWW-Authenticate': 'Bearer realm="phare"' } };
}

export function gateCall(req: IncomingMessage, method: string, options: CallGateOptions): GateDecision {
  const who = authenticate(req, options.access, options.cookieName());
  if (!who) return { passed: false, ...unauthorized(req) };
  if (who.via === 'cookie') {
    // The cookie comes with any request the browser makes: only our own page may use it.
    const sameOrigin = options.policy.originAllowed(req.headers.origin, req.headers.host);
    if (!sameOrigin || !hasClientHeader(req.headers[httpProtocol.clientHeader])) {
      const error = new PhareError('FORBIDDEN', { role: who.principal.role, method: `${method} (from another page)` }).toValue();
      return { passed: false, status: 403, body: { ok: false, error }, headers: {} };
    }
  }
  const decision = options.access.checkCall(who.principal, method);
  if (!decision.allowed) {
    const lang = pageLanguage(req.headers['accept-language']);
    const headers: Record<string, string> = decision.retryAfterSeconds ? { 'Retry-After': String(decision.retryAfterSeconds) } : {};
    return { passed: false, status: decision.status, body: { ok: false, error: decision.error.toValue(lang) }, headers };
  }
  return { passed: true, actor: decision.actor };
}
