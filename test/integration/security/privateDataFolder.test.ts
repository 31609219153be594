/**
 * The data folder is its owner's alone, whatever the umask (issue 11: settings.json with the API key
 * was 0644 in a 0755 folder, and a 0600 document's kept original was 0644). Under umask 022, a real
 * core upgrades an older, open data folder, saves a key, ingests a 0600 file and an upload, downloads
 * a model and is exported from by the CLI; then every folder it wrote is 0700, every file 0600 (LanceDB's
 * own files excepted: their modes are printed, the folder around them is 0700), and when the test runs
 * as root, the local user `nobody` can read none of them (a control file shows it can read others).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngestJob } from '../../../src-shared/ingestJob';
import { runCli } from '../../../src-main/cli/main';
import { createCore, type Core } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import { captureIo } from '../cli/captureIo';
import { corpusFile, tinyChatModel } from '../../helpers/paths';

const mode = (path: string) => statSync(path).mode & 0o777;
const octal = (m: number) => m.toString(8).padStart(4, '0');

function walk(dir: string, out: { dirs: string[]; files: string[] } = { dirs: [], files: [] }) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.dirs.push(path);
      walk(path, out);
    } else if (entry.isFile()) out.files.push(path);
  }
  return out;
}

/** Whether this process can act as `nobody` (root, with su): the real test of "another local user". */
function canActAsNobody(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('su', ['nobody', '-s', '/bin/sh', '-c', 'true']).status === 0;
}

/** The files among `paths` that `nobody` could read. */
function readableByNobody(paths: string[]): string[] {
  const script = 'while IFS= read -r f; do if cat -- "$f" >/dev/null 2>&1; then echo "$f"; fi; done';
  const out = execFileSync('su', ['nobody', '-s', '/bin/sh', '-c', script], { input: paths.join('\n') + '\n', encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

let root: string;
let dataDir: string;
let previousUmask: number;
let server: Server;
let core: Core | null = null;
const seenDuringJobs: Array<{ path: string; mode: number }> = [];

beforeAll(async () => {
  previousUmask = process.umask(0o022);
  root = mkdtempSync(join(tmpdir(), 'phare-private-'));
  // A folder any local user may walk through, as home folders often are.
  chmodSync(root, 0o755);
  // An older Phare's data folder: created under the umask, its settings readable by all.
  dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o755 });
  writeFileSync(join(dataDir, 'settings.json'), '{}', { mode: 0o644 });
  const model = readFileSync(tinyChatModel);
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(model.length) });
    res.end(req.method === 'HEAD' ? undefined : model);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await core?.dispose();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  process.umask(previousUmask);
  rmSync(root, { recursive: true, force: true });
});

describe('the data folder under umask 022', { timeout: 120_000 }, () => {
  it('is written owner-only: folders 0700, files 0600', async () => {
    core = await createCore({ dataDir });
    const client = createInProcessClient(core);
    await client.call('settings.update', {
      remoteChat: { enabled: false, baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: 'sk-private-key-123', label: '' },
    });

    // While a job runs, its journal and its uploaded bytes are on disk: their modes are read then.
    const offProgress = client.on('ingest.progress', () => {
      for (const folder of ['jobs', 'inbox']) {
        for (const path of walk(join(dataDir, folder)).files) seenDuringJobs.push({ path, mode: mode(path) });
      }
    });
    const secret = join(root, 'secret.txt');
    copyFileSync(corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt'), secret);
    chmodSync(secret, 0o600);
    const fromPath = await runIngestJob(client, { method: 'library.ingestPaths', input: { paths: [secret] } });
    expect(fromPath.results[0].status).toBe('ready');
    const upload = Buffer.from('# Registre\n\nLe registre des visites du phare est tenu chaque jour par le gardien.\n');
    const fromUpload = await runIngestJob(client, {
      method: 'library.ingestUploads',
      input: { files: [{ name: 'registre.md', dataBase64: upload.toString('base64') }] },
    });
    expect(fromUpload.results[0].status).toBe('ready');
    offProgress();
    expect(seenDuringJobs.some((f) => f.path.includes(`${sep}jobs${sep}`))).toBe(true);
    expect(seenDuringJobs.some((f) => f.path.includes(`${sep}inbox${sep}`))).toBe(true);

    const port = (server.address() as AddressInfo).port;
    const { downloadId } = await client.call('models.download', { uri: `http://127.0.0.1:${port}/tiny-chat.gguf` });
    await new Promise<void>((resolve, reject) => {
      const off = client.on('models.downloadProgress', (p) => {
        if (p.downloadId !== downloadId || p.state === 'downloading') return;
        off();
        if (p.state === 'done') resolve();
        else reject(new Error(`download ended ${p.state}: ${p.error?.message}`));
      });
    });
    const answer = await client.call('chat.ask', { question: 'Who won Super Bowl 50?', requestId: 'private' });
    await core.dispose();
    core = null;

    // The CLI's export, written next to the data folder, in a folder others can walk through.
    const exported = join(root, 'conversation.md');
    const io = captureIo(undefined, root);
    expect(await runCli(['conversations', 'export', answer.conversationId!, '--format', 'md', '--out', exported, '--data', dataDir], io)).toBe(0);

    const { dirs, files } = walk(dataDir);
    const lance = join(dataDir, 'library.lance');
    const inLance = (p: string) => p.startsWith(lance + sep);
    const lanceModes = new Map<string, number>();
    for (const path of [...dirs, ...files].filter(inLance)) lanceModes.set(octal(mode(path)), (lanceModes.get(octal(mode(path))) ?? 0) + 1);
    console.log(`[private] LanceDB's own entries under umask 022, by mode: ${JSON.stringify(Object.fromEntries(lanceModes))}`);

    const wrong = [
      ...[dataDir, ...dirs.filter((d) => !inLance(d))].filter((d) => mode(d) !== 0o700).map((d) => `${relative(root, d) || '.'}/ ${octal(mode(d))}`),
      ...files.filter((f) => !inLance(f)).filter((f) => mode(f) !== 0o600).map((f) => `${relative(root, f)} ${octal(mode(f))}`),
      ...seenDuringJobs.filter((f) => f.mode !== 0o600).map((f) => `${relative(root, f.path)} ${octal(f.mode)} (during the job)`),
      ...(mode(exported) === 0o600 ? [] : [`conversation.md ${octal(mode(exported))}`]),
    ];
    expect(wrong).toEqual([]);
    for (const expected of ['settings.json', 'library.lance', 'originals', 'logs', 'models/tiny-chat.gguf']) {
      expect(statSync(join(dataDir, expected))).toBeTruthy();
    }
    expect(files.some((f) => f.startsWith(join(dataDir, 'originals') + sep))).toBe(true);
    expect(files.some((f) => f.startsWith(join(dataDir, 'logs') + sep))).toBe(true);
  });

  it.runIf(canActAsNobody())('is read by no other local user (nobody)', () => {
    const control = join(root, 'control.txt');
    writeFileSync(control, 'anyone may read this', { mode: 0o644 });
    expect(readableByNobody([control])).toEqual([control]);
    const { files } = walk(dataDir);
    expect(files.length).toBeGreaterThan(20);
    expect(readableByNobody([...files, join(root, 'conversation.md')])).toEqual([]);
  });
});
