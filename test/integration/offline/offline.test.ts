/**
 * Issue 11 §6, offline: the main job (ingest a text PDF and a scanned page, search, answer with the
 * tiny chat model) runs in a child process inside a network namespace with no network (`unshare -n`,
 * or `unshare -rn` as an unprivileged user), and every Node process and thread of it (the core, the
 * inference host, OCR workers) carries a guard that records each network destination asked for
 * (networkGuard.cjs). The test fails if any destination is not the machine itself, whatever the
 * namespace let through, so a code path that would phone home is caught even where no namespace can
 * be made (then only the guard holds, and the test says so).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { corpusFile, repoRoot, tinyChatModel, tinyEmbedModel } from '../../helpers/paths';

const work = mkdtempSync(join(tmpdir(), 'phare-offline-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The command that cuts the network, as this user can make it (root in CI: `unshare -n`). */
function noNetworkWrapper(): string[] | null {
  for (const wrapper of [['unshare', '-n'], ['unshare', '-rn']]) {
    const probe = spawnSync(wrapper[0], [...wrapper.slice(1), 'true'], { stdio: 'ignore' });
    if (probe.status === 0) return wrapper;
  }
  return null;
}

interface GuardEntry {
  pid: number;
  threadId: number;
  kind: 'installed' | 'tcp' | 'udp' | 'dns';
  host?: string;
  port?: number | null;
  stack?: string;
  argv?: string[];
}

interface ChildResult {
  interfaces: string[];
  ingested: { file: string; status: string; chunks: number; error: string | null }[];
  documents: { sourcePath: string; embedder: string }[];
  hybridTop: string[];
  vectorHits: number;
  answer: { mode: string; text: string; sources: number };
}

function runOffline(wrapper: string[], files: string[], guardLog: string): Promise<{ result: ChildResult; stderr: string }> {
  const dataDir = join(work, 'data');
  const nodeArgv = [process.execPath, '--import', 'tsx', join(repoRoot, 'test/integration/offline/mainJobOffline.ts'), dataDir, tinyChatModel, tinyEmbedModel, ...files];
  const argv = [...wrapper, ...nodeArgv];
  const guard = join(repoRoot, 'test/integration/offline/networkGuard.cjs');
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: repoRoot,
      env: {
        ...process.env,
        // Every Node process started under it inherits the guard: the inference host is forked with this environment.
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require="${guard}"`.trim(),
        PHARE_NET_GUARD_LOG: guardLog,
        // Settings a user could have left that would reach out are not the job's: none here (fresh library).
        HTTPS_PROXY: '',
        HTTP_PROXY: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const line = /^result (.*)$/m.exec(out);
      if (code === 0 && line) resolve({ result: JSON.parse(line[1]) as ChildResult, stderr: err });
      else reject(new Error(`the offline main job failed (code ${code}, signal ${signal})\nstdout: ${out.slice(-3000)}\nstderr: ${err.slice(-5000)}`));
    });
  });
}

it('ingests a PDF and a scan, searches and answers with the tiny model without a connection off the machine', async () => {
  const wrapper = noNetworkWrapper();
  if (!wrapper) console.warn('[offline] no network namespace can be made here: only the connection guard holds');
  const guardLog = join(work, 'guard.jsonl');
  writeFileSync(guardLog, '');
  const pdf = corpusFile('pdf', 'pdfjs_tracemonkey.pdf');
  const scan = corpusFile('ocr', 'en', 'tessjs_testocr.png');
  const { result } = await runOffline(wrapper ?? [], [pdf, scan], guardLog);

  const entries = readFileSync(guardLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GuardEntry);
  const offMachine = entries.filter((e) => e.kind !== 'installed');
  expect(offMachine.map((e) => `${e.kind} ${e.host}:${e.port ?? ''} from pid ${e.pid}\n${e.stack}`), 'connections to addresses off the machine').toEqual([]);
  // The guard was in the core's process and in the inference host (two processes at least).
  const guarded = new Set(entries.filter((e) => e.kind === 'installed').map((e) => e.pid));
  expect(guarded.size, 'processes that carried the guard').toBeGreaterThanOrEqual(2);
  if (wrapper) expect(result.interfaces.filter((name) => name !== 'lo'), 'network interfaces in the namespace').toEqual([]);

  // The main job itself worked: both files ready (the scan through OCR), found, and answered by the model.
  expect(result.ingested.map((r) => [r.status, r.error])).toEqual([
    ['ready', null],
    ['ready', null],
  ]);
  for (const r of result.ingested) expect(r.chunks).toBeGreaterThan(0);
  expect(result.documents.every((d) => d.embedder !== ''), 'documents embedded with the local model').toBe(true);
  expect(result.hybridTop.length).toBeGreaterThan(0);
  expect(result.vectorHits).toBeGreaterThan(0);
  expect(result.answer.mode).toBe('generative');
  expect(result.answer.text.length).toBeGreaterThan(0);
  expect(result.answer.sources).toBeGreaterThan(0);
  console.log(
    `[offline] ${wrapper ? wrapper.join(' ') : 'no namespace'}; guard in ${guarded.size} processes/${entries.filter((e) => e.kind === 'installed').length} threads; ` +
      `${result.ingested.map((r) => `${r.chunks} chunks`).join(', ')}; answer: ${JSON.stringify(result.answer.text.slice(0, 80))}`,
  );
}, 300_000);

it('the guard sees what it must: a fetch by name, a TCP connection by address, a UDP send, in a worker thread too', async () => {
  const guardLog = join(work, 'guard-self.jsonl');
  writeFileSync(guardLog, '');
  const guard = join(repoRoot, 'test/integration/offline/networkGuard.cjs');
  const script = [
    "const net = require('node:net'); const dgram = require('node:dgram'); const { Worker } = require('node:worker_threads');",
    "fetch('https://example.org/').catch(() => {});",
    "net.connect(9, '192.0.2.1').on('error', () => {}).destroy();",
    "const u = dgram.createSocket('udp4'); u.send('x', 53, '198.51.100.7', () => u.close());",
    "new Worker(\"require('node:net').connect({ host: '203.0.113.9', port: 443 }).on('error', () => {}).destroy()\", { eval: true });",
    "net.connect(9, '127.0.0.1').on('error', () => {}).destroy();",
    'setTimeout(() => {}, 500);',
  ].join('\n');
  const wrapper = noNetworkWrapper() ?? [];
  const argv = [...wrapper, process.execPath, '-e', script];
  const probe = spawnSync(argv[0], argv.slice(1), { env: { ...process.env, NODE_OPTIONS: `--require="${guard}"`, PHARE_NET_GUARD_LOG: guardLog }, encoding: 'utf8', timeout: 30_000 });
  expect(probe.status, probe.stderr).toBe(0);
  const seen = readFileSync(guardLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GuardEntry)
    .filter((e) => e.kind !== 'installed')
    .map((e) => `${e.kind} ${e.host}`);
  expect(seen).toContain('tcp 192.0.2.1');
  expect(seen).toContain('udp 198.51.100.7');
  expect(seen).toContain('tcp 203.0.113.9');
  expect(seen.some((s) => s.endsWith('example.org'))).toBe(true);
  expect(seen.filter((s) => s.includes('127.0.0.1'))).toEqual([]);
}, 60_000);
