/**
 * In LAN mode the quality audit log records who decided: a chunk blacklisted by the account `alice`
 * through the bridge (HTTPS, signed in with her password) is logged with actor "alice"; the same action
 * from the desktop app or the CLI (in-process) keeps the actor "user". Real core, real LanceDB.
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpBridge, startHttpBridge } from '../../../src-main/server/httpBridge';
import { httpProtocol } from '../../../src-shared/preloadApi';
import { bridgeAuth } from '../../helpers/bridgeAuth';
import { corpusFile } from '../../helpers/paths';
import { selfSignedCert } from '../../helpers/selfSignedCert';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';
import { rawRequest } from '../../unit/transport/httpRequest';

const ADDRESS = '127.0.0.2';
let test: TestCore;
let bridge: HttpBridge;
let chunkIds: string[];
const cert = selfSignedCert();
const ca = readFileSync(cert.certFile);

beforeAll(async () => {
  test = await openTestCore();
  await ingest(test.client, [corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt')]);
  chunkIds = (await test.client.call('search.query', { query: 'Super Bowl', topK: 2, mode: 'fulltext' })).map((h) => h.chunkId);
  const auth = bridgeAuth(test.dataDir);
  await auth.accounts.add('alice', 'admin', 'correct horse battery');
  bridge = await startHttpBridge({ dispatch: test.core.dispatch, events: test.core.events, port: 0, host: ADDRESS, tls: { cert: ca, key: readFileSync(cert.keyFile) }, auth });
});

afterAll(async () => {
  await bridge?.close();
  await test?.dispose();
  if (test) rmSync(test.dataDir, { recursive: true, force: true });
});

describe('the audit log in LAN mode', () => {
  it('records the account’s name for its decisions, and "user" for the desktop app and the CLI', async () => {
    const host = `${ADDRESS}:${bridge.port}`;
    const origin = `https://${host}`;
    const signIn = await rawRequest({
      port: bridge.port,
      address: ADDRESS,
      ca,
      method: 'POST',
      path: '/login',
      headers: { host, origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=alice&password=correct+horse+battery',
    });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0];
    const flagged = await rawRequest({
      port: bridge.port,
      address: ADDRESS,
      ca,
      method: 'POST',
      path: httpProtocol.callPath('quality.setChunkFlag'),
      headers: { host, origin, cookie, [httpProtocol.clientHeader]: '1', 'content-type': 'application/json' },
      body: JSON.stringify({ chunkId: chunkIds[0], action: 'blacklist', reason: 'off topic' }),
    });
    expect(JSON.parse(flagged.body)).toMatchObject({ ok: true });
    await test.client.call('quality.setChunkFlag', { chunkId: chunkIds[1], action: 'blacklist', reason: 'duplicate' });

    const audit = await test.client.call('quality.audit', {});
    const actorOf = (chunkId: string) => audit.find((e) => e.chunkId === chunkId)?.actor;
    expect(actorOf(chunkIds[0])).toBe('alice');
    expect(actorOf(chunkIds[1])).toBe('user');
    expect((await test.client.call('quality.audit', { actor: 'alice' })).map((e) => e.chunkId)).toEqual([chunkIds[0]]);
  });
});
