/**
 * The CLI side of access to the local API: `phare serve` refuses LAN mode without TLS files, prints a
 * one-time link (JSON: loginUrl), warns in LAN mode; `phare link` finds the running server and its token
 * by itself (over TLS too, pinned to the server's certificate); `phare users` manages the accounts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main';
import { selfSignedCert } from '../../helpers/selfSignedCert';
import { rawRequest } from '../../unit/transport/httpRequest';
import { captureIo } from './captureIo';

const root = mkdtempSync(join(tmpdir(), 'phare-serve-access-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function phare(args: string[], stdin = '') {
  const io = captureIo({ LANG: 'en_US.UTF-8' }, root, stdin);
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** Opens a one-time link as a browser does; the session cookie's Set-Cookie, or null. */
async function openLink(link: string, ca?: Buffer): Promise<string | null> {
  const url = new URL(link);
  const res = await rawRequest({ port: Number(url.port), address: url.hostname, path: url.pathname + url.search, headers: { host: url.host, accept: 'text/html' }, ...(ca ? { ca } : {}) });
  expect(res.status).toBe(303);
  const cookie = res.headers['set-cookie'];
  return cookie ? String(cookie) : null;
}

describe('phare serve --host', () => {
  it('refuses another address than 127.0.0.1 without TLS files, before opening the library', async () => {
    const data = join(root, 'refused');
    const plain = await phare(['serve', '--host', '0.0.0.0', '--port', '0', '--data', data]);
    expect(plain.code).toBe(1);
    expect(plain.err).toContain('Listening on 0.0.0.0 lets other machines reach this library: give a certificate and its key with --tls-cert');
    expect(existsSync(data)).toBe(false);

    const pair = selfSignedCert();
    const other = selfSignedCert();
    const halfPair = await phare(['serve', '--host', '0.0.0.0', '--tls-cert', pair.certFile, '--data', data]);
    expect(halfPair.err).toContain('Give both --tls-cert and --tls-key');
    const mismatched = await phare(['serve', '--host', '0.0.0.0', '--tls-cert', pair.certFile, '--tls-key', other.keyFile, '--data', data, '--json']);
    expect(mismatched.code).toBe(1);
    expect(JSON.parse(mismatched.out).error.code).toBe('TLS_PAIR_INVALID');
    const missing = await phare(['serve', '--host', '0.0.0.0', '--tls-cert', join(root, 'none.pem'), '--tls-key', pair.keyFile, '--data', data, '--json']);
    expect(JSON.parse(missing.out).error.code).toBe('TLS_FILE_UNREADABLE');
    expect(existsSync(data)).toBe(false);
  });
});

describe('phare serve and phare link', () => {
  it('prints a one-time link at start, and `phare link` asks the running server for more; each works once', async () => {
    const data = join(root, 'local');
    expect((await phare(['link', '--data', data])).err).toContain('No `phare serve` is running on');

    const io = captureIo({ LANG: 'en_US.UTF-8' }, root);
    const running = runCli(['serve', '--port', '0', '--json', '--data', data], io);
    await io.waitForOutput('}');
    const started = JSON.parse(io.out) as { url: string; loginUrl: string; lanMode: boolean };
    expect(started.lanMode).toBe(false);
    expect(started.loginUrl).toMatch(new RegExp(`^${started.url}\\?token=[A-Za-z0-9_-]{43}$`));
    expect(await openLink(started.loginUrl)).toMatch(/HttpOnly/);
    expect(await openLink(started.loginUrl)).toBeNull();

    const linked = await phare(['link', '--data', data]);
    expect(linked.code).toBe(0);
    const link = linked.out.trim();
    expect(link).toMatch(new RegExp(`^${started.url}\\?token=`));
    expect(link).not.toBe(started.loginUrl);
    expect(await openLink(link)).toMatch(/HttpOnly/);
    expect(await openLink(link)).toBeNull();

    io.interrupt();
    expect(await running).toBe(0);
    // The server's record went with it: no link from a stopped server.
    expect((await phare(['link', '--data', data])).code).toBe(1);
  }, 120_000);

  it('serves HTTPS in LAN mode with a warning, and `phare link` reaches it through the pinned certificate', async () => {
    const data = join(root, 'lan');
    const pair = selfSignedCert();
    const io = captureIo({ LANG: 'en_US.UTF-8' }, root);
    const running = runCli(['serve', '--host', '127.0.0.2', '--tls-cert', pair.certFile, '--tls-key', pair.keyFile, '--port', '0', '--json', '--data', data], io);
    await io.waitForOutput('}');
    const started = JSON.parse(io.out) as { url: string; loginUrl: string; lanMode: boolean };
    expect(started.lanMode).toBe(true);
    expect(started.url).toMatch(/^https:\/\/127\.0\.0\.2:\d+\/$/);
    expect(io.err).toContain('Warning: listening on 127.0.0.2: other machines on the network can reach this library');
    expect(io.err).toContain('No account yet');

    const linked = await phare(['link', '--data', data, '--json']);
    expect(linked.code, linked.out + linked.err).toBe(0);
    const { url } = JSON.parse(linked.out) as { url: string };
    expect(url.startsWith(started.url)).toBe(true);
    const cookie = await openLink(url, readFileSync(pair.certFile));
    expect(cookie).toMatch(/Secure/);

    io.interrupt();
    expect(await running).toBe(0);
  }, 120_000);
});

describe('phare users', () => {
  it('adds, lists, changes and removes accounts, with the password from stdin', async () => {
    const data = join(root, 'users');
    const added = await phare(['users', 'add', 'alice', '--role', 'read-only', '--password-stdin', '--data', data], 'correct horse battery\n');
    expect(added.code).toBe(0);
    expect(added.out).toContain('Account alice added (read-only).');
    expect((await phare(['users', 'add', 'alice', '--password-stdin', '--data', data], 'another long one\n')).err).toContain('An account named alice already exists');
    expect((await phare(['users', 'add', 'bob', '--password-stdin', '--data', data], 'short\n')).err).toContain('at least 10 characters');
    expect((await phare(['users', 'add', 'bob', '--role', 'boss', '--password-stdin', '--data', data], 'long enough one\n')).code).toBe(2);

    const listed = JSON.parse((await phare(['users', 'list', '--json', '--data', data])).out) as Array<{ name: string; role: string }>;
    expect(listed.map((a) => [a.name, a.role])).toEqual([['alice', 'read-only']]);
    expect(JSON.stringify(listed)).not.toContain('scrypt');

    expect((await phare(['users', 'role', 'alice', 'analyst', '--data', data])).out).toContain('Account alice is now analyst.');
    expect((await phare(['users', 'passwd', 'alice', '--password-stdin', '--data', data], 'a brand new passphrase\n')).code).toBe(0);
    expect((await phare(['users', 'passwd', 'nobody', '--password-stdin', '--data', data], 'a brand new passphrase\n')).err).toContain('No account named nobody');
    expect((await phare(['users', 'remove', 'alice', '--data', data])).out).toContain('Account alice removed');
    expect((await phare(['users', 'list', '--data', data])).out).toContain('No account.');
  }, 60_000);
});
