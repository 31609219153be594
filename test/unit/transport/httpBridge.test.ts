/**
 * The HTTP bridge's transport rules, over a stub dispatcher (the contract itself is covered by the
 * integration tests on a real core): who may call, what is refused, what static files are served.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createEventBus } from '../../../src-main/core/eventBus';
import { HttpBridge, startHttpBridge } from '../../../src-main/server/httpBridge';
import { httpProtocol } from '../../../src-shared/preloadApi';
import type { Dispatch } from '../../../src-shared/rpc';
import { bearer, bridgeAuth } from '../../helpers/bridgeAuth';
import { rawRequest, signInCookie } from './httpRequest';

const calls: Array<{ method: unknown; input: unknown }> = [];
const dispatch: Dispatch = async (method, input) => {
  calls.push({ method, input });
  // For an upload, how much of it arrived; for anything else, how many keys the input had.
  const upload = (input as { files?: Array<{ dataBase64: string }> } | undefined)?.files?.[0]?.dataBase64;
  const size = upload !== undefined ? upload.length : Object.keys(input ?? {}).length;
  return { ok: true, value: { method, size } };
};

let root: string;
let staticDir: string;
let bridge: HttpBridge;
let smallBridge: HttpBridge;
const events = createEventBus();
const auth = bridgeAuth();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-bridge-'));
  staticDir = join(root, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Phare</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  bridge = await startHttpBridge({ dispatch, events, staticDir, port: 0, auth });
  smallBridge = await startHttpBridge({ dispatch, events, port: 0, maxBodyBytes: 1024, auth });
});

afterAll(async () => {
  await bridge?.close();
  await smallBridge?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(auth.dataDir, { recursive: true, force: true });
});

const host = () => `127.0.0.1:${bridge.port}`;
const callHeaders = () => ({ host: host(), [httpProtocol.clientHeader]: 'test', 'content-type': 'application/json', ...bearer(auth.apiToken) });
/** A page request as a signed-in script makes it (the browser's cookie is tested in bridgeAccess.test.ts). */
const pageHeaders = (hostHeader = host()) => ({ host: hostHeader, ...bearer(auth.apiToken) });

describe('HTTP bridge transport rules', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/`);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal)
      .map((i) => i!.address);
    for (const address of ['::1', ...others]) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port: bridge.port });
        socket.on('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.on('error', () => resolve(true));
      });
      expect(refused, `reachable on ${address}`).toBe(true);
    }
  });

  it('routes a call to the dispatcher and returns its CallResult', async () => {
    const res = await rawRequest({ port: bridge.port, method: 'POST', path: httpProtocol.callPath('app.info'), headers: callHeaders(), body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { method: 'app.info', size: 1 } });
    expect(calls.at(-1)).toEqual({ method: 'app.info', input: { a: 1 } });
  });

  it('refuses a call made with the browser cookie but without the client header, and never grants CORS', async () => {
    const cookie = await signInCookie(bridge);
    const before = calls.length;
    const res = await rawRequest({ port: bridge.port, method: 'POST', path: httpProtocol.callPath('app.info'), headers: { host: host(), origin: 'http://evil.example', cookie }, body: '{}' });
    expect(res.status).toBe(403);
    // Nor from a page of another origin that adds the header (it could only after a preflight, which fails below).
    const foreign = await rawRequest({
      port: bridge.port,
      method: 'POST',
      path: httpProtocol.callPath('app.info'),
      headers: { host: host(), origin: 'http://127.0.0.1:9', cookie, [httpProtocol.clientHeader]: '1' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect(calls.length).toBe(before);
    const preflight = await rawRequest({
      port: bridge.port,
      method: 'OPTIONS',
      path: httpProtocol.callPath('app.info'),
      headers: { host: host(), origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': httpProtocol.clientHeader },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    for (const res2 of [res, preflight]) {
      expect(Object.keys(res2.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('refuses a request whose Host is not our loopback address (DNS rebinding)', async () => {
    for (const badHost of ['evil.example', `evil.example:${bridge.port}`, `127.0.0.1:${bridge.port + 1}`, '127.0.0.1']) {
      const res = await rawRequest({ port: bridge.port, method: 'POST', path: httpProtocol.callPath('app.info'), headers: { ...callHeaders(), host: badHost }, body: '{}' });
      expect(res.status, badHost).toBe(403);
      const page = await rawRequest({ port: bridge.port, path: '/', headers: pageHeaders(badHost) });
      expect(page.status, badHost).toBe(403);
    }
    const ok = await rawRequest({ port: bridge.port, path: '/', headers: pageHeaders(`localhost:${bridge.port}`) });
    expect(ok.status).toBe(200);
  });

  it('answers malformed JSON with a VALIDATION CallResult', async () => {
    const res = await rawRequest({ port: bridge.port, method: 'POST', path: httpProtocol.callPath('app.info'), headers: callHeaders(), body: '{"a":' });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('VALIDATION');
    expect(typeof body.error.message).toBe('string');
  });

  it('treats an empty body as no input', async () => {
    const res = await rawRequest({ port: bridge.port, method: 'POST', path: httpProtocol.callPath('models.list'), headers: callHeaders() });
    expect(JSON.parse(res.body).ok).toBe(true);
    expect(calls.at(-1)).toEqual({ method: 'models.list', input: undefined });
  });

  it('refuses a body over the limit with 413, declared or streamed, without calling the dispatcher', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(4096) });
    const callsBefore = calls.length;
    const declared = await rawRequest({ port: smallBridge.port, method: 'POST', path: httpProtocol.callPath('app.info'), headers: { host: `127.0.0.1:${smallBridge.port}`, [httpProtocol.clientHeader]: '1', ...bearer(auth.apiToken) }, body: big });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error.code).toBe('VALIDATION');
    const streamed = await rawRequest({
      port: smallBridge.port,
      method: 'POST',
      path: httpProtocol.callPath('app.info'),
      headers: { host: `127.0.0.1:${smallBridge.port}`, [httpProtocol.clientHeader]: '1', 'transfer-encoding': 'chunked', ...bearer(auth.apiToken) },
      body: big,
    });
    expect(streamed.status).toBe(413);
    expect(streamed.headers.connection).toBe('close');
    expect(JSON.parse(streamed.body).error.code).toBe('VALIDATION');
    expect(calls.length).toBe(callsBefore);
  });

  it('accepts base64 uploads in a call up to 32 MB; larger files go to the streamed upload route', async () => {
    const upload = (bytes: number) => Buffer.concat([Buffer.from('{"files":[{"name":"big.pdf","dataBase64":"'), Buffer.alloc(bytes, 'A'), Buffer.from('"}]}')]);
    const path = httpProtocol.callPath('library.ingestUploads');
    const res = await rawRequest({ port: bridge.port, method: 'POST', path, headers: callHeaders(), body: upload(30 * 1024 * 1024) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { method: 'library.ingestUploads', size: 30 * 1024 * 1024 } });
    // Held whole in memory to be parsed: a few hundred MB are refused (bridgeBodies.test.ts streams them).
    // The bridge answers 413 and closes while the client may still be writing: the client then sees
    // either that answer or its connection reset, and the dispatcher never sees the call.
    const callsBefore = calls.length;
    const big = await rawRequest({ port: bridge.port, method: 'POST', path, headers: callHeaders(), body: upload(250 * 1024 * 1024) }).then(
      (r) => `status ${r.status}`,
      (error: NodeJS.ErrnoException) => `error ${error.code}`,
    );
    expect(['status 413', 'error ECONNRESET', 'error EPIPE']).toContain(big);
    expect(calls.length).toBe(callsBefore);
  }, 120_000);

  it('allows only POST on the call path and 404s other API paths', async () => {
    const get = await rawRequest({ port: bridge.port, path: httpProtocol.callPath('app.info'), headers: callHeaders() });
    expect(get.status).toBe(405);
    const other = await rawRequest({ port: bridge.port, path: '/api/nothing', headers: callHeaders() });
    expect(other.status).toBe(404);
  });
});

describe('HTTP bridge static files', () => {
  it('serves index.html with a strict CSP and nosniff', async () => {
    const res = await rawRequest({ port: bridge.port, path: '/', headers: pageHeaders() });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Phare</title>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets with their content type, and index.html for client-side routes', async () => {
    const js = await rawRequest({ port: bridge.port, path: '/assets/app.js?v=1', headers: pageHeaders() });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    const route = await rawRequest({ port: bridge.port, path: '/library', headers: pageHeaders() });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Phare</title>');
    const missing = await rawRequest({ port: bridge.port, path: '/assets/missing.js', headers: pageHeaders() });
    expect(missing.status).toBe(404);
  });

  it('never serves a file outside the static folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/%00']) {
      const res = await rawRequest({ port: bridge.port, path, headers: pageHeaders() });
      expect(res.body, path).not.toContain('secret');
    }
  });
});

describe('HTTP bridge events', () => {
  const wsUrl = () => `ws://127.0.0.1:${bridge.port}${httpProtocol.eventsPath}`;

  it('pushes every event to a WebSocket client as {event, payload}', async () => {
    const ws = new WebSocket(wsUrl(), { origin: `http://127.0.0.1:${bridge.port}`, headers: bearer(auth.apiToken) });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const received = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    events.emit('library.changed', { documentIds: ['d1'] });
    expect(await received).toEqual({ event: 'library.changed', payload: { documentIds: ['d1'] } });
    ws.close();
  });

  it('refuses a WebSocket from another origin', async () => {
    const ws = new WebSocket(wsUrl(), { origin: 'http://evil.example', headers: bearer(auth.apiToken) });
    const outcome = await new Promise<string>((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.once('error', () => resolve('error'));
    });
    expect(outcome).not.toBe('open');
    ws.terminate();
  });
});
