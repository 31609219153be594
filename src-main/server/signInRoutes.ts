/**
 * The bridge's sign-in routes:
 * - `GET /?token=<code>` (any page): a one-time link from `phare serve` or `phare link`; the code is
 *   spent, the session cookie set, and the browser sent to the same address without the code;
 * - `GET|POST /login`: the sign-in form (the API token on a local server, a name and password in LAN mode);
 * - `GET|POST /logout`: sign-out (a form, so another page cannot sign the user out with a link);
 * - `POST /auth/link` with the bearer token: a new one-time link, for `phare link`.
 * Forms are checked like API calls from a cookie: same origin only. Attempts are rate limited per address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessControl, IssuedSession } from '../core/auth/accessControl';
import { clearedSessionCookie, readCookie, sessionCookie } from './cookies';
import type { OriginPolicy } from './originPolicy';
import { bearerToken } from './requestAuth';
import { COMMON_HEADERS } from './securityHeaders';
import { pageLanguage, SIGN_IN_CSP, signInPage, SignInNotice, signOutPage } from './signInPages';
import { sendJson } from './sendJson';

/** A sign-in form is a few hundred bytes; anything bigger is not one. */
const MAX_FORM_BYTES = 16 * 1024;
export const LOGIN_PATH = '/login';
export const LOGOUT_PATH = '/logout';
export const LINK_PATH = '/auth/link';
const LINK_PARAM = 'token';

export interface SignInRoutesOptions {
  access: AccessControl;
  /** The port is known only once listening: read at each request. */
  cookieName: () => string;
  policy: OriginPolicy;
}

export interface SignInRoutes {
  /** Answers /login, /logout and /auth/link; false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Answers a page request carrying `?token=`; false when there is none. */
  redeemLink(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  /** A page asked without a session: to the sign-in form, coming back here after. */
  sendToSignIn(res: ServerResponse, url: URL): void;
}

/** Only a path of this server: never `//evil.example` or an absolute URL. */
export function safeNext(value: string | null | undefined): string {
  if (!value || value.length > 2000 || !value.startsWith('/') || value.startsWith('//') || /[\\\r\n\t]/.test(value)) return '/';
  return value;
}

function redirect(res: ServerResponse, location: string, cookie?: string): void {
  res.writeHead(303, { ...COMMON_HEADERS, Location: location, 'Cache-Control': 'no-store', 'Content-Length': '0', ...(cookie ? { 'Set-Cookie': cookie } : {}) });
  res.end();
}

function sendPage(res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html)),
    'Content-Security-Policy': SIGN_IN_CSP,
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(html);
}

/** The form's fields, or null when the body is too big, not a form, or cut off. */
function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return Promise.resolve(null);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (value: URLSearchParams | null) => {
      if (done) return;
      done = true;
      resolve(value);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        finish(null);
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', () => finish(null));
    req.on('aborted', () => finish(null));
  });
}

export function createSignInRoutes(options: SignInRoutesOptions): SignInRoutes {
  const { access, cookieName, policy } = options;
  const secure = policy.scheme === 'https';
  const cookieFor = (session: IssuedSession) => sessionCookie(cookieName(), session.value, { maxAgeSeconds: session.maxAgeSeconds, secure });
  const signedIn = (req: IncomingMessage) => {
    const value = readCookie(req.headers.cookie, cookieName());
    return value !== null && access.viaSession(value) !== null;
  };
  const formPage = (req: IncomingMessage, res: ServerResponse, status: number, next: string, notice?: SignInNotice, retryAfterSeconds?: number) =>
    sendPage(
      res,
      status,
      signInPage({ lang: pageLanguage(req.headers['accept-language']), lanMode: access.lanMode, next, notice, retryAfterSeconds }),
      retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : {},
    );

  const postLogin = async (req: IncomingMessage, res: ServerResponse) => {
    if (!policy.originAllowed(req.headers.origin, req.headers.host)) return formPage(req, res, 403, '/', 'bad-request');
    const attempt = access.checkSignInAttempt(req.socket.remoteAddress ?? 'unknown');
    if (!attempt.allowed) {
      res.setHeader('Connection', 'close');
      return formPage(req, res, 429, '/', 'too-many', attempt.retryAfterSeconds);
    }
    const form = await readForm(req);
    if (!form) {
      res.setHeader('Connection', 'close');
      return formPage(req, res, 400, '/', 'bad-request');
    }
    const next = safeNext(form.get('next'));
    const session = access.lanMode
      ? await access.signInWithPassword((form.get('name') ?? '').trim().toLowerCase(), form.get('password') ?? '')
      : access.signInWithToken((form.get('token') ?? '').trim());
    if (!session) return formPage(req, res, 401, next, access.lanMode ? 'wrong-password' : 'wrong-token');
    redirect(res, next, cookieFor(session));
  };

  const postLogout = (req: IncomingMessage, res: ServerResponse) => {
    if (!policy.originAllowed(req.headers.origin, req.headers.host)) return formPage(req, res, 403, '/', 'bad-request');
    const value = readCookie(req.headers.cookie, cookieName());
    if (value) access.signOut(value);
    redirect(res, `${LOGIN_PATH}?notice=signed-out`, clearedSessionCookie(cookieName(), secure));
  };

  const postLink = (req: IncomingMessage, res: ServerResponse) => {
    // Only the token's holder hands out links: a session (or an account) cannot mint more sessions.
    const token = bearerToken(req.headers.authorization);
    if (!token || !access.viaBearer(token, req.socket.remoteAddress ?? 'unknown')) {
      return sendJson(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer realm="phare"' });
    }
    const code = access.issueLoginLink();
    sendJson(res, 200, { url: `${policy.scheme}://${req.headers.host}/?${LINK_PARAM}=${code}` });
  };

  return {
    async handle(req, res, url) {
      const method = req.method ?? 'GET';
      const isPage = method === 'GET' || method === 'HEAD';
      switch (url.pathname) {
        case LOGIN_PATH:
          if (isPage) {
            if (signedIn(req)) redirect(res, safeNext(url.searchParams.get('next')));
            else {
              const notice = url.searchParams.get('notice');
              formPage(req, res, 200, safeNext(url.searchParams.get('next')), notice === 'signed-out' || notice === 'link-spent' ? notice : undefined);
            }
          } else if (method === 'POST') await postLogin(req, res);
          else sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD, POST' });
          return true;
        case LOGOUT_PATH:
          if (isPage) sendPage(res, 200, signOutPage(pageLanguage(req.headers['accept-language'])));
          else if (method === 'POST') postLogout(req, res);
          else sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD, POST' });
          return true;
        case LINK_PATH:
          if (method === 'POST') postLink(req, res);
          else sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'POST' });
          return true;
        default:
          return false;
      }
    },

    redeemLink(req, res, url) {
      const code = url.searchParams.get(LINK_PARAM);
      if (code === null) return false;
      const clean = new URL(url);
      clean.searchParams.delete(LINK_PARAM);
      const location = safeNext(clean.pathname + clean.search);
      const session = access.signInWithLink(code);
      if (session) redirect(res, location, cookieFor(session));
      // Already signed in (a reload, a second tab): the spent code changes nothing.
      else if (signedIn(req)) redirect(res, location);
      else redirect(res, `${LOGIN_PATH}?notice=link-spent&next=${encodeURIComponent(location)}`);
      return true;
    },

    sendToSignIn(res, url) {
      redirect(res, `${LOGIN_PATH}?next=${encodeURIComponent(safeNext(url.pathname + url.search))}`);
    },
  };
}
