/**
 * Model downloads through node-llama-cpp's downloader, against a small HTTP server this test starts on
 * 127.0.0.1 (nothing is fetched from the internet): a whole download lands in the models folder, an
 * unreachable server is MODEL_DOWNLOAD_OFFLINE at once, a cancel stops it, and in every failure the
 * models folder holds no partial file.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelDownloadProgress } from '../../../src-shared/domain';
import { formatErrorMessage } from '../../../src-shared/errors';
import { checkModelUri, createModelDownloads, isOfflineError } from '../../../src-main/core/llm/models/modelDownloads';
import { tinyChatModel } from '../../helpers/paths';

let server: Server;
let baseUrl: string;
let model: Buffer;
/** The tiny model padded to 12 MB (still a valid GGUF): more than two of the downloader's chunks. */
let padded: Buffer;
/** What the flaky route did: whether it dropped a transfer and where that one started, where each transfer started. */
const flaky = { dropped: false, droppedAt: -1, starts: [] as number[] };
/** Bytes the slow route sends before it stalls until the client goes away. */
const SLOW_PREFIX = 64 * 1024;

/** Answers a request for a file of `size` bytes, whole (200) or the range asked for (206); returns the bytes to send. */
function writeRangeHead(req: IncomingMessage, res: ServerResponse, size: number): { start: number; end: number } {
  const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  const end = range && range[2] ? Number(range[2]) : size - 1;
  const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', 'content-length': String(end - start + 1) };
  if (range) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}` });
  else res.writeHead(200, headers);
  return { start, end };
}

beforeAll(async () => {
  model = await readFile(tinyChatModel);
  padded = Buffer.concat([model, Buffer.alloc(12 * 1024 * 1024 - model.length)]);
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/models/tiny-chat.gguf') || url.startsWith('/hub/owner/repo/resolve/main/tiny-chat.gguf')) {
      const { start, end } = writeRangeHead(req, res, model.length);
      if (req.method === 'HEAD') res.end();
      else res.end(model.subarray(start, end + 1));
      return;
    }
    if (url.startsWith('/flaky/padded.gguf')) {
      // node-llama-cpp's downloader fetches 5 MB chunks; the first transfer past the first chunk stops
      // half-way (a dropped connection), later ones are served whole.
      const { start, end } = writeRangeHead(req, res, padded.length);
      if (req.method === 'HEAD') return res.end();
      flaky.starts.push(start);
      if (!flaky.dropped && start > 0) {
        flaky.dropped = true;
        flaky.droppedAt = start;
        const half = padded.subarray(start, start + Math.floor((end - start + 1) / 2));
        res.write(half, () => setTimeout(() => res.destroy(), 50));
        return;
      }
      return res.end(padded.subarray(start, end + 1));
    }
    if (url.startsWith('/slow/big.gguf')) {
      const size = 512 * 1024 * 1024;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
      if (req.method === 'HEAD') return res.end();
      // Some bytes, then nothing: the download is in progress for as long as the test wants.
      res.write(Buffer.alloc(SLOW_PREFIX, 1));
      return;
    }
    if (url.startsWith('/notmodel.gguf')) {
      const body = Buffer.from('this is not a model at all, just text served as a .gguf');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    res.writeHead(url === '/' ? 200 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A downloads manager on a fresh models folder, with every progress event recorded. */
async function setup(huggingFaceEndpoint?: string) {
  const modelsDir = await mkdtemp(join(tmpdir(), 'phare-downloads-'));
  const events: ModelDownloadProgress[] = [];
  const waiters: Array<() => void> = [];
  const downloads = createModelDownloads({
    modelsDir,
    huggingFaceEndpoint,
    probeTimeoutMs: 5_000,
    onProgress: (p) => {
      events.push(p);
      for (const waiter of waiters.splice(0)) waiter();
    },
  });
  const until = async (predicate: (p: ModelDownloadProgress) => boolean): Promise<ModelDownloadProgress> => {
    for (;;) {
      const found = events.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const ended = (id: string) => until((p) => p.downloadId === id && p.state !== 'downloading');
  const visibleFiles = async () => (await readdir(modelsDir)).filter((name) => !name.startsWith('.'));
  const cleanup = async () => {
    await downloads.dispose();
    await rm(modelsDir, { recursive: true, force: true });
  };
  return { modelsDir, events, downloads, until, ended, visibleFiles, cleanup };
}

describe('model downloads', { timeout: 120_000 }, () => {
  it('downloads a GGUF over HTTP into the models folder, with progress, checked as a GGUF', async () => {
    const t = await setup();
    const { downloadId } = t.downloads.start(`${baseUrl}/models/tiny-chat.gguf`);
    const end = await t.ended(downloadId);
    expect(end.error).toBeNull();
    expect(end).toMatchObject({ state: 'done', fileName: 'tiny-chat.gguf', receivedBytes: model.length, totalBytes: model.length });
    expect(t.events[0]).toMatchObject({ downloadId, state: 'downloading', receivedBytes: 0 });
    expect((await readFile(join(t.modelsDir, 'tiny-chat.gguf'))).equals(model)).toBe(true);
    // The staging folder is gone once the file is in place.
    expect(await readdir(t.modelsDir)).toEqual(['tiny-chat.gguf']);

    // The same file again would overwrite it: refused, the first copy untouched.
    const again = t.downloads.start(`${baseUrl}/models/tiny-chat.gguf`);
    expect((await t.ended(again.downloadId)).error?.code).toBe('MODEL_EXISTS');
    expect((await readFile(join(t.modelsDir, 'tiny-chat.gguf'))).equals(model)).toBe(true);
    await t.cleanup();
  });

  it('resumes after a connection dropped mid-file: only the interrupted chunk is fetched again', async () => {
    const t = await setup();
    const { downloadId } = t.downloads.start(`${baseUrl}/flaky/padded.gguf`);
    const end = await t.ended(downloadId);
    expect(end.error).toBeNull();
    expect(end.state).toBe('done');
    expect(flaky.dropped).toBe(true);
    // Compared with equals(): a deep comparison of 12 MB byte by byte takes minutes.
    expect((await readFile(join(t.modelsDir, 'padded.gguf'))).equals(padded)).toBe(true);
    // The chunk that was cut is asked for again from its own start, and only it: every other chunk once
    // (byte 0 also by the downloader's opening request, which carries no range).
    const timesAsked = (start: number) => flaky.starts.filter((s) => s === start).length;
    expect(flaky.droppedAt).toBeGreaterThan(0);
    expect(timesAsked(flaky.droppedAt)).toBe(2);
    expect(timesAsked(0)).toBeLessThanOrEqual(2);
    for (const start of new Set(flaky.starts)) if (start !== 0 && start !== flaky.droppedAt) expect(timesAsked(start)).toBe(1);
    await t.cleanup();
  });

  it('resolves hf: URIs against the hub endpoint', async () => {
    const t = await setup(`${baseUrl}/hub`);
    const { downloadId } = t.downloads.start('hf:owner/repo/tiny-chat.gguf');
    const end = await t.ended(downloadId);
    expect(end.error).toBeNull();
    expect(end.state).toBe('done');
    expect(await t.visibleFiles()).toEqual(['tiny-chat.gguf']);
    await t.cleanup();
  });

  it('says plainly that the machine is offline, at once, and leaves nothing in the models folder', async () => {
    // Port 1 on the loopback refuses connections: the same failure as a machine with no network.
    const t = await setup('http://127.0.0.1:1');
    for (const uri of ['http://127.0.0.1:1/model.gguf', 'hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf']) {
      const { downloadId } = t.downloads.start(uri);
      const end = await t.ended(downloadId);
      expect(end.state).toBe('failed');
      expect(end.error?.code).toBe('MODEL_DOWNLOAD_OFFLINE');
      expect(end.error?.message).toContain(uri);
      expect(formatErrorMessage('MODEL_DOWNLOAD_OFFLINE', { uri }, 'fr')).toMatch(/hors ligne/);
    }
    expect(await readdir(t.modelsDir)).toEqual([]);
    await t.cleanup();
  });

  it('cancels a running download and removes its partial file', async () => {
    const t = await setup();
    const { downloadId } = t.downloads.start(`${baseUrl}/slow/big.gguf`);
    await t.until((p) => p.downloadId === downloadId && p.fileName === 'big.gguf');
    expect(t.downloads.cancel(downloadId)).toBe(true);
    const end = await t.ended(downloadId);
    expect(end.state).toBe('cancelled');
    expect(end.error).toBeNull();
    expect(await readdir(t.modelsDir)).toEqual([]);
    expect(t.downloads.cancel(downloadId)).toBe(false);
    await t.cleanup();
  });

  it('refuses a downloaded file that is not a GGUF, keeping nothing', async () => {
    const t = await setup();
    const { downloadId } = t.downloads.start(`${baseUrl}/notmodel.gguf`);
    const end = await t.ended(downloadId);
    expect(end.state).toBe('failed');
    expect(end.error?.code).toBe('MODEL_INVALID');
    expect(await readdir(t.modelsDir)).toEqual([]);
    await t.cleanup();
  });

  it('refuses what is not a model address before starting', () => {
    for (const uri of ['qwen', 'file:///etc/passwd', 'ftp://host/x.gguf', 'hf:only-owner', 'http://mirror.example.org/m.gguf']) {
      expect(() => checkModelUri(uri)).toThrowError(expect.objectContaining({ code: 'MODEL_URI_INVALID' }));
    }
    for (const uri of ['hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf', 'hf:user/model:Q4_K_M', 'https://example.org/m.gguf', 'http://127.0.0.1:8080/m.gguf']) {
      expect(() => checkModelUri(uri)).not.toThrow();
    }
    expect(isOfflineError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }))).toBe(true);
    expect(isOfflineError(new Error('HTTP 404'))).toBe(false);
  });
});
