/**
 * Access to the bridge on 127.0.0.1 (issue 11 §1): nothing without a credential, the one-time link
 * works once, the bearer token and the session cookie both work, the sign-in form and sign-out, and the
 * rate limits per client and class. Over a stub dispatcher; the real core is in the integration tests.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createEventBus } from '../../../src-main/core/eventBus';
import { defaultSettings } from '../../../src-main/core/settings/defaultSettings';
import { HttpBridge, startHttpBridge } from '../../../src-main/server/httpBridge';
import type { Settings } from '../../../src-shared/domain';
import { httpProtocol } from '../../../src-shared/preloadApi';
import type { Dispatch } from '../../../src-shared/rpc';
import { bearer, bridgeAuth } from '../../helpers/bridgeAuth';
import { rawRequest, signInCookie } from './httpRequest';

/** Small limits, so a test meets them: 3 searches a minute for the token's holder, the rest generous. */
function limitedSettings(search: number): Settings {
  const settings = defaultSettings();
  const access = settings.access!;
  return { ...settings, access: { ...access, rateLimits: { ...access.rateLimits, admin: { ...access.rateLimits.admin, search } }, loginAttemptsPerMinute: 4 } };
}

let settings = limitedSettings(3);
const reached: string[] = [];
const dispatch: Dispatch = async (method, input) => {
  if (method === 'settings.get') return { ok: true, value: settings };
  if (method === 'settings.update') {
    settings = { ...settings, ...(input as Partial<Settings>) };
    return { ok: true, value: settings };
  }
  reached.push(String(method));
  return { ok: true, value: { method } };
};

const events = createEventBus();
const auth = bridgeAuth();
let root: string;
let bridge: HttpBridge;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-access-'));
  const staticDir = join(root, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Phare</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  bridge = await startHttpBridge({ dispatch, events, staticDir, port: 0, auth });
});

afterAll(async () => {
  await bridge?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(auth.dataDir, { recursive: true, force: true });
});

const host = () => `127.0.0.1:${bridge.port}`;
const origin = () => `http://${host()}`;
const call = (method: string, headers: Record<string, string>, body = '{}') =>
  rawRequest({ port: bridge.port, method: 'POST', path: httpProtocol.callPath(method), headers: { host: host(), 'content-type': 'application/json', ...headers }, body });
/** A call as the served page makes it: its cookie, its origin, the client header. */
const pageCall = (method: string, cookie: string) => call(method, { cookie, origin: origin(), [httpProtocol.clientHeader]: '1' });

function openSocket(options: { headers?: Record<string, string>; origin?: string }): Promise<string> {
  const ws = new WebSocket(`ws://${host()}${httpProtocol.eventsPath}`, { headers: options.headers, origin: options.origin });
  return new Promise<string>((resolve) => {
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(String(res.statusCode));
      ws.terminate();
    });
    ws.once('error', () => resolve('error'));
  });
}

describe('without a credential', () => {
  it('answers 401 on every route class: calls, other API paths, pages, assets, the events socket, new links', async () => {
    const before = reached.length;
    const apiCall = await call('library.remove', { [httpProtocol.clientHeader]: '1' }, '{"id":"x"}');
    expect(apiCall.status).toBe(401);
    expect(apiCall.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(JSON.parse(apiCall.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    // The review's header check accepted any value: it is no credential.
    expect((await call('library.text', { [httpProtocol.clientHeader]: 'anything' }, '{"id":"x"}')).status).toBe(401);
    expect((await rawRequest({ port: bridge.port, path: '/api/whatever', headers: { host: host() } })).status).toBe(401);
    expect((await rawRequest({ port: bridge.port, path: '/assets/app.js', headers: { host: host() } })).status).toBe(401);
    // A browser asking for a page is sent to the sign-in form, and comes back after.
    const page = await rawRequest({ port: bridge.port, path: '/library?x=1', headers: { host: host(), accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent('/library?x=1')}`);
    expect(page.body).not.toContain('Phare</title>');
    // The events stream, with no Origin (a script) and with ours (a page).
    expect(await openSocket({})).toBe('401');
    expect(await openSocket({ origin: origin() })).toBe('401');
    expect((await rawRequest({ port: bridge.port, method: 'POST', path: '/auth/link', headers: { host: host() } })).status).toBe(401);
    expect(reached.length).toBe(before);
  });

  it('refuses a wrong bearer token, a forged cookie, and a wrong token even next to a good cookie', async () => {
    const cookie = await signInCookie(bridge);
    expect((await call('app.info', bearer('x'.repeat(43)))).status).toBe(401);
    expect((await call('app.info', { authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(401);
    const [name, value] = cookie.split('=');
    const forged = `${name}=${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await pageCall('app.info', forged)).status).toBe(401);
    expect((await call('app.info', { ...bearer('wrong'), cookie, origin: origin(), [httpProtocol.clientHeader]: '1' })).status).toBe(401);
    expect(await openSocket({ headers: bearer('wrong') })).toBe('401');
  });
});

describe('with a credential', () => {
  it('takes the API token as a bearer header on calls, pages and the events socket (no Origin: a script)', async () => {
    const res = await call('app.info', bearer(auth.apiToken));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { method: 'app.info' } });
    expect((await rawRequest({ port: bridge.port, path: '/', headers: { host: host(), ...bearer(auth.apiToken) } })).status).toBe(200);
    expect(await openSocket({ headers: bearer(auth.apiToken) })).toBe('open');
  });

  it('exchanges a one-time link for an HttpOnly SameSite=Strict cookie once, and sends the browser to the clean address', async () => {
    const link = new URL(bridge.loginLink());
    expect(link.origin).toBe(origin());
    link.pathname = '/chat';
    link.searchParams.set('tab', '2');
    const first = await rawRequest({ port: bridge.port, path: link.pathname + link.search, headers: { host: host(), accept: 'text/html' } });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/chat?tab=2');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^phare_session_${bridge.port}=`));
    for (const attribute of ['HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${168 * 3600}`]) expect(setCookie).toContain(attribute);
    expect(setCookie).not.toContain('Secure');
    const cookie = setCookie.split(';')[0];

    // The same link again: spent, no cookie, to the sign-in form with a word about it.
    const second = await rawRequest({ port: bridge.port, path: link.pathname + link.search, headers: { host: host(), accept: 'text/html' } });
    expect(second.status).toBe(303);
    expect(second.headers['set-cookie']).toBeUndefined();
    expect(second.headers.location).toMatch(/^\/login\?notice=link-spent/);
    // A made-up code does not sign in either.
    const madeUp = await rawRequest({ port: bridge.port, path: '/?token=abc', headers: { host: host(), accept: 'text/html' } });
    expect(madeUp.headers['set-cookie']).toBeUndefined();

    // The cookie opens the page, the calls and the events socket of our page.
    const page = await rawRequest({ port: bridge.port, path: '/', headers: { host: host(), cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Phare</title>');
    expect((await pageCall('library.list', cookie)).status).toBe(200);
    expect(await openSocket({ headers: { cookie }, origin: origin() })).toBe('open');
    // Not from another page of the same machine (same site, other port), nor without an Origin.
    expect(await openSocket({ headers: { cookie }, origin: 'http://127.0.0.1:9' })).toBe('403');
    expect(await openSocket({ headers: { cookie } })).toBe('403');
  });

  it('signs in with the API token on the form, signs out with a form post, and the old cookie stops working', async () => {
    const form = await rawRequest({ port: bridge.port, path: '/login?next=%2Fsettings', headers: { host: host(), 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(form.status).toBe(200);
    expect(form.headers['content-security-policy']).toContain("form-action 'self'");
    expect(form.body).toContain('Jeton d’accès');
    expect(form.body).toContain('value="/settings"');

    const post = (body: string, extra: Record<string, string> = {}) =>
      rawRequest({ port: bridge.port, method: 'POST', path: '/login', headers: { host: host(), origin: origin(), 'content-type': 'application/x-www-form-urlencoded', ...extra }, body });
    const wrong = await post(`token=nope&next=%2Fsettings`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    // An absolute address in `next` is not followed.
    const ok = await post(`token=${encodeURIComponent(auth.apiToken)}&next=${encodeURIComponent('//evil.example/')}`);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/');
    const cookie = String(ok.headers['set-cookie']).split(';')[0];
    expect((await pageCall('app.info', cookie)).status).toBe(200);
    // From another origin, the form is refused.
    expect((await post(`token=${encodeURIComponent(auth.apiToken)}`, { origin: 'http://evil.example' })).status).toBe(403);

    const out = await rawRequest({ port: bridge.port, method: 'POST', path: '/logout', headers: { host: host(), origin: origin(), cookie } });
    expect(out.status).toBe(303);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await pageCall('app.info', cookie)).status).toBe(401);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past a class limit, per client and per class, and takes a changed limit at once', async () => {
    const cookieA = await signInCookie(bridge);
    const cookieB = await signInCookie(bridge);
    for (let i = 0; i < 3; i++) expect((await pageCall('search.query', cookieA)).status).toBe(200);
    const limited = await pageCall('search.query', cookieA);
    expect(limited.status).toBe(429);
    // 3 a minute: one more in 20 s.
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(19);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(20);
    expect(JSON.parse(limited.body)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', params: { limit: 3 } } });
    // Another client, and another class for the same client, are not held back.
    expect((await pageCall('search.query', cookieB)).status).toBe(200);
    expect((await pageCall('library.list', cookieA)).status).toBe(200);

    // The limit is a setting: raised through the API, it counts at the next call.
    const raised = limitedSettings(100).access!;
    const update = await call('settings.update', { cookie: cookieA, origin: origin(), [httpProtocol.clientHeader]: '1' }, JSON.stringify({ access: raised }));
    expect(update.status).toBe(200);
    expect((await pageCall('search.query', cookieA)).status).toBe(200);
  });

  it('limits sign-in attempts per address', async () => {
    const attempt = () =>
      rawRequest({ port: bridge.port, method: 'POST', path: '/login', headers: { host: host(), 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=guess' });
    // 4 a minute from this address (earlier tests in this file used some of them).
    const statuses: number[] = [];
    let last = await attempt();
    statuses.push(last.status);
    while (last.status === 401 && statuses.length < 6) {
      last = await attempt();
      statuses.push(last.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.length).toBeLessThanOrEqual(5);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right token waits: guessing and knowing look the same from here.
    const right = await rawRequest({
      port: bridge.port,
      method: 'POST',
      path: '/login',
      headers: { host: host(), 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(auth.apiToken)}`,
    });
    expect(right.status).toBe(429);
  });
});
