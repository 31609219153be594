/**
 * The security review's "High: the bridge has no authentication" (issue 11 §2), replayed on a real core
 * behind the bridge as `phare serve` runs it: another local user calls `library.ingestPaths` on a
 * 0600 file then `library.text` to read it back, `library.remove` on a document, and opens
 * `/api/events` with no Origin to watch answers and paths go by. Every one of these must now be a 401,
 * and the library must be as it was. When the tests run as root, the calls are made by a real other
 * user (`nobody`), who cannot read the data folder's token; otherwise by a client without the token.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenPath } from '../../../src-main/core/auth/apiToken';
import { HttpBridge, startHttpBridge } from '../../../src-main/server/httpBridge';
import { bridgeAuth } from '../../helpers/bridgeAuth';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';

let test: TestCore;
let bridge: HttpBridge;
let secretDir: string;
let secretFile: string;
let documentId: string;

beforeAll(async () => {
  test = await openTestCore();
  const [result] = await ingest(test.client, [corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt')]);
  documentId = result.documentId!;
  secretDir = mkdtempSync(join(tmpdir(), 'phare-secret-'));
  secretFile = join(secretDir, 'salaries.txt');
  writeFileSync(secretFile, 'CONFIDENTIAL: the director earns 250,000 a year.\n', { mode: 0o600 });
  bridge = await startHttpBridge({ dispatch: test.core.dispatch, events: test.core.events, port: 0, auth: bridgeAuth(test.dataDir) });
});

afterAll(async () => {
  await bridge?.close();
  await test?.dispose();
  if (test) rmSync(test.dataDir, { recursive: true, force: true });
  if (secretDir) rmSync(secretDir, { recursive: true, force: true });
});

/**
 * The attack, as a script another user would run: each step's HTTP status (or 'open' for the socket),
 * with the client header set to any value, as the review did.
 */
const ATTACK = `
const [base, secretFile, documentId, tokenFile] = process.argv.slice(1);
const headers = { 'content-type': 'application/json', 'x-phare-client': 'anything' };
const call = (method, input) => fetch(base + '/api/call/' + method, { method: 'POST', headers, body: JSON.stringify(input) }).then((r) => r.status);
(async () => {
  const out = {};
  try { require('node:fs').readFileSync(tokenFile); out.token = 'read'; } catch (e) { out.token = e.code; }
  out.ingestPaths = await call('library.ingestPaths', { paths: [secretFile] });
  out.text = await call('library.text', { id: documentId });
  out.remove = await call('library.remove', { id: documentId });
  // A WebSocket handshake by hand: the script needs nothing from the checkout, which the other user may not read.
  out.events = await new Promise((resolve) => {
    const upgrade = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    const req = require('node:http').request(base + '/api/events', { headers: upgrade });
    req.on('upgrade', (_res, socket) => { socket.destroy(); resolve('open'); });
    req.on('response', (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', (e) => resolve('error ' + e.message));
    req.end();
  });
  console.log(JSON.stringify(out));
})();
`;

const asRoot = process.getuid?.() === 0;

describe('the review’s attack on the bridge', () => {
  it(asRoot ? 'fails for another local user (nobody), who cannot read the token' : 'fails for a client without the token', async () => {
    const base = bridge.url.replace(/\/$/, '');
    const args = ['-e', ATTACK, base, secretFile, documentId, apiTokenPath(test.dataDir)];
    // Run from the system's temporary folder: the checkout may sit in a folder only its owner can enter.
    const options = { encoding: 'utf8' as const, cwd: tmpdir(), ...(asRoot ? { uid: 65534, gid: 65534 } : {}) };
    // Asynchronously: the bridge answers from this very process.
    const { stdout } = await promisify(execFile)(process.execPath, args, options);
    const out = JSON.parse(stdout.trim()) as Record<string, unknown>;
    if (asRoot) expect(out.token).toBe('EACCES');
    expect(out).toMatchObject({ ingestPaths: 401, text: 401, remove: 401, events: 401 });
  });

  it('left the library as it was: the document is there, the 0600 file was never ingested', async () => {
    const docs = await test.client.call('library.list', {});
    expect(docs.map((d) => d.id)).toEqual([documentId]);
    const hits = await test.client.call('search.query', { query: 'director earns', topK: 5, mode: 'fulltext' });
    expect(hits.some((h) => h.text.includes('CONFIDENTIAL'))).toBe(false);
  });
});
