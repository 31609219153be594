/**
 * LAN mode (issue 11 §1): listening beyond 127.0.0.1 only with TLS and the token; accounts sign in
 * with a password over HTTPS (a self-signed pair made here), each role may call what
 * src-shared/methodRights.ts says, rate limits follow the role, and each call runs as its account (the
 * actor the audit log records). Over a stub dispatcher that reports the actor it was called as.
 */
import { readFileSync, rmSync } from 'node:fs';
import { request as plainRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { currentActor } from '../../../src-main/core/auth/callContext';
import type { UserAccounts } from '../../../src-main/core/auth/userAccounts';
import { createEventBus } from '../../../src-main/core/eventBus';
import { defaultSettings } from '../../../src-main/core/settings/defaultSettings';
import { HttpBridge, startHttpBridge } from '../../../src-main/server/httpBridge';
import { requestLoginLink } from '../../../src-main/server/loginLinkClient';
import { writeServerRecord } from '../../../src-main/server/runningServer';
import type { Settings } from '../../../src-shared/domain';
import { httpProtocol } from '../../../src-shared/preloadApi';
import type { Dispatch } from '../../../src-shared/rpc';
import { bearer, bridgeAuth } from '../../helpers/bridgeAuth';
import { selfSignedCert } from '../../helpers/selfSignedCert';
import { rawRequest } from './httpRequest';

/** A loopback address other than 127.0.0.1: LAN mode, without opening a port to the network during tests. */
const ADDRESS = '127.0.0.2';
const PASSWORD = 'correct horse battery';

const settings: Settings = (() => {
  const base = defaultSettings();
  const access = base.access!;
  // Sign-ins are many here; their own limit is tested in bridgeAccess.test.ts.
  const rateLimits = { ...access.rateLimits, 'read-only': { ...access.rateLimits['read-only'], search: 2 } };
  return { ...base, access: { ...access, rateLimits, loginAttemptsPerMinute: 1000 } };
})();

/** Which account each call ran as. */
const actors: Array<{ method: string; actor: string }> = [];
const dispatch: Dispatch = async (method) => {
  if (method === 'settings.get') return { ok: true, value: settings };
  actors.push({ method: String(method), actor: currentActor('none') });
  return { ok: true, value: { method } };
};

const events = createEventBus();
const auth = bridgeAuth();
const cert = selfSignedCert();
const ca = readFileSync(cert.certFile);
let accounts: UserAccounts;
let bridge: HttpBridge;

beforeAll(async () => {
  accounts = auth.accounts;
  await accounts.add('alice', 'admin', PASSWORD);
  await accounts.add('bob', 'analyst', PASSWORD);
  await accounts.add('carol', 'read-only', PASSWORD);
  bridge = await startHttpBridge({ dispatch, events, port: 0, host: ADDRESS, tls: { cert: ca, key: readFileSync(cert.keyFile) }, auth });
}, 60_000);

afterAll(async () => {
  await bridge?.close();
  rmSync(auth.dataDir, { recursive: true, force: true });
});

const host = () => `${ADDRESS}:${bridge.port}`;
const origin = () => `https://${host()}`;
const request = (options: { method?: string; path: string; headers?: Record<string, string>; body?: string }) =>
  rawRequest({ port: bridge.port, address: ADDRESS, ca, ...options, headers: { host: host(), ...options.headers } });
const callAs = (cookie: string, method: string, body = '{}', extra: Record<string, string> = {}) =>
  request({ method: 'POST', path: httpProtocol.callPath(method), headers: { cookie, origin: origin(), [httpProtocol.clientHeader]: '1', 'content-type': 'application/json', ...extra }, body });

async function signIn(name: string, password = PASSWORD): Promise<{ status: number; cookie: string; setCookie: string }> {
  const res = await request({
    method: 'POST',
    path: '/login',
    headers: { origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name, password, next: '/' }).toString(),
  });
  const setCookie = String(res.headers['set-cookie'] ?? '');
  return { status: res.status, cookie: setCookie.split(';')[0], setCookie };
}

describe('listening beyond 127.0.0.1', () => {
  it('is refused without TLS files, and without the token', async () => {
    const base = { dispatch, events, port: 0 };
    await expect(startHttpBridge({ ...base, host: '0.0.0.0', auth })).rejects.toThrow(/needs TLS/);
    const tls = { cert: ca, key: readFileSync(cert.keyFile) };
    await expect(startHttpBridge({ ...base, host: '0.0.0.0', tls, auth: undefined as unknown as typeof auth })).rejects.toThrow(/API token/);
    await expect(startHttpBridge({ ...base, host: '0.0.0.0', tls, auth: { ...auth, apiToken: 'short' } })).rejects.toThrow(/token/);
  });

  it('serves HTTPS only, with the given certificate', async () => {
    expect(bridge.url).toBe(`https://${host()}/`);
    expect(bridge.lanMode).toBe(true);
    const res = await request({ path: '/api/call/app.info', method: 'POST', headers: bearer(auth.apiToken), body: '{}' });
    expect(res.status).toBe(200);
    // Plain HTTP on the same port gets no answer.
    const plain = await new Promise<string>((resolve) => {
      const req = plainRequest({ host: ADDRESS, port: bridge.port, path: '/', method: 'GET' }, (r) => resolve(`HTTP ${r.statusCode}`));
      req.on('error', (error) => resolve(`error: ${error.message}`));
      req.end();
    });
    expect(plain).toMatch(/^error/);
  });
});

describe('phare link over TLS', () => {
  it('reaches the server with the certificate it was started with, and refuses any other before sending the token', async () => {
    writeServerRecord(auth.dataDir, { pid: process.pid, url: bridge.url, localUrl: bridge.url, tlsCertFile: cert.certFile });
    const link = await requestLoginLink(auth.dataDir);
    expect(link).toMatch(new RegExp(`^https://${host().replace(/\./g, '\\.')}/\\?token=`));
    const impostor = selfSignedCert();
    writeServerRecord(auth.dataDir, { pid: process.pid, url: bridge.url, localUrl: bridge.url, tlsCertFile: impostor.certFile });
    await expect(requestLoginLink(auth.dataDir)).rejects.toThrow(/another certificate/);
  });
});

describe('accounts and roles', () => {
  it('signs an account in with its password: a Secure HttpOnly cookie; a wrong password or an unknown name get nothing', async () => {
    const form = await request({ path: '/login' });
    expect(form.body).toContain('name="password"');
    const ok = await signIn('alice');
    expect(ok.status).toBe(303);
    for (const attribute of ['HttpOnly', 'SameSite=Strict', 'Secure']) expect(ok.setCookie).toContain(attribute);
    for (const [name, password] of [
      ['alice', 'wrong password'],
      ['nobody', PASSWORD],
    ]) {
      const refused = await signIn(name, password);
      expect(refused.status).toBe(401);
      expect(refused.setCookie).toBe('');
    }
  });

  it('refuses read-only the calls that change the library, with FORBIDDEN in the user’s language', async () => {
    const { cookie } = await signIn('carol');
    const forbidden = [
      ['library.remove', { id: 'x' }],
      ['library.ingestPaths', { paths: ['/etc/shadow'] }],
      ['settings.update', { topK: 3 }],
      ['quality.run', {}],
      ['feedback.submit', {}],
    ] as const;
    const before = actors.length;
    for (const [method, input] of forbidden) {
      const res = await callAs(cookie, method, JSON.stringify(input));
      expect(res.status, method).toBe(403);
      expect(JSON.parse(res.body), method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', params: { role: 'read-only', method } } });
    }
    expect(actors.length).toBe(before);
    const french = await callAs(cookie, 'library.remove', '{"id":"x"}', { 'accept-language': 'fr' });
    expect(JSON.parse(french.body).error.message).toBe('Votre rôle (read-only) ne permet pas library.remove ; demandez à un administrateur');
    for (const method of ['search.query', 'chat.ask', 'library.list', 'quality.audit']) expect((await callAs(cookie, method)).status, method).toBe(200);
  });

  it('lets an analyst work on documents but not on settings or the server’s own files; an admin does everything', async () => {
    const bob = (await signIn('bob')).cookie;
    for (const method of ['library.remove', 'library.ingestUploads', 'feedback.submit', 'analytics.query']) expect((await callAs(bob, method)).status, method).toBe(200);
    for (const method of ['settings.update', 'library.ingestPaths', 'watch.add', 'quality.run', 'logs.list']) expect((await callAs(bob, method)).status, method).toBe(403);
    const alice = (await signIn('alice')).cookie;
    for (const method of ['settings.update', 'library.ingestPaths', 'quality.run', 'library.remove']) expect((await callAs(alice, method)).status, method).toBe(200);
  });

  it('runs each call as its account (the audit log’s actor); the API token counts as the owner', async () => {
    const carol = (await signIn('carol')).cookie;
    await callAs(carol, 'library.list');
    expect(actors.at(-1)).toEqual({ method: 'library.list', actor: 'carol' });
    await request({ method: 'POST', path: httpProtocol.callPath('quality.decide'), headers: bearer(auth.apiToken), body: '{}' });
    expect(actors.at(-1)).toEqual({ method: 'quality.decide', actor: 'owner' });
  });

  it('limits each role by its own limits', async () => {
    const carol = (await signIn('carol')).cookie;
    // read-only: 2 searches a minute here (earlier tests may have used some); admins keep theirs.
    let status = 200;
    for (let i = 0; i < 3 && status === 200; i++) status = (await callAs(carol, 'search.query')).status;
    expect(status).toBe(429);
    const alice = (await signIn('alice')).cookie;
    for (let i = 0; i < 3; i++) expect((await callAs(alice, 'search.query')).status).toBe(200);
  });

  it('ends an account’s sessions when its password changes or it is removed; a new role counts at once', async () => {
    const before = (await signIn('bob')).cookie;
    await accounts.setPassword('bob', 'another long password');
    expect((await callAs(before, 'library.list')).status).toBe(401);
    const after = (await signIn('bob', 'another long password')).cookie;
    expect((await callAs(after, 'library.list')).status).toBe(200);

    accounts.setRole('bob', 'read-only');
    expect((await callAs(after, 'library.remove')).status).toBe(403);
    accounts.setRole('bob', 'analyst');
    expect((await callAs(after, 'library.remove')).status).toBe(200);

    accounts.remove('bob');
    expect((await callAs(after, 'library.list')).status).toBe(401);
  });

  it('opens the events socket over TLS for a signed-in page of the same origin only', async () => {
    const { cookie } = await signIn('carol');
    const open = (originHeader: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`wss://${host()}${httpProtocol.eventsPath}`, { ca, headers: { cookie }, origin: originHeader });
        ws.once('open', () => {
          ws.close();
          resolve('open');
        });
        ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.once('error', (error) => resolve(`error: ${error.message}`));
      });
    expect(await open(origin())).toBe('open');
    expect(await open(`http://${host()}`)).toBe('403');
    expect(await open('https://evil.example')).toBe('403');
  });
});
