/**
 * Big bodies on the HTTP bridge (issue 11: four 300 MB uploads took the server to 3 GB; a 100 MB JSON
 * array took 8 s to parse while `app.info` waited 4.5 s). On a real core: an ordinary call's big body is
 * refused before it is read while `app.info` answers; a 200 MB upload is streamed to the inbox with the
 * server's memory flat and `app.info` answering while it arrives, then ingested like any upload; few
 * uploads and JSON bodies are read at once (503 with Retry-After past that); a body that does not
 * match its manifest, or is cut, leaves nothing staged; no credential, nothing read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestJobDone } from '../../../src-shared/domain';
import { httpProtocol } from '../../../src-shared/preloadApi';
import type { CallResult } from '../../../src-shared/rpc';
import { uploadPrefix, type UploadManifest } from '../../../src-shared/uploadFraming';
import { startHttpBridge, type HttpBridge } from '../../../src-main/server/httpBridge';
import { bearer, bridgeAuth } from '../../helpers/bridgeAuth';
import { corpusFile } from '../../helpers/paths';
import { openTestCore, type TestCore } from '../../helpers/testCore';

const MB = 1024 * 1024;
const PDF = corpusFile('pdf', 'pdfjs_tracemonkey.pdf');

let t: TestCore;
let bridge: HttpBridge;
let token: string;

beforeAll(async () => {
  t = await openTestCore();
  token = bridgeAuth(t.dataDir).apiToken;
  bridge = await startHttpBridge({ dispatch: t.core.dispatch, events: t.core.events, port: 0, auth: bridgeAuth(t.dataDir), uploads: { dataDir: t.dataDir } });
});
afterAll(async () => {
  await bridge?.close();
  await t?.dispose();
});

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  result: CallResult | null;
  /** Bytes the client had handed to the socket when the answer came. */
  sentAtAnswer: number;
}

/**
 * POSTs a body produced by `chunks` with backpressure (a chunk is made only when the socket takes it),
 * and resolves with the answer; the connection closing on a refusal is not an error here.
 */
function send(path: string, headers: Record<string, string>, chunks: AsyncIterable<Buffer>): Promise<Sent> {
  let sent = 0;
  const counted = async function* () {
    for await (const chunk of chunks) {
      sent += chunk.length;
      yield chunk;
    }
  };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, method: 'POST', path, headers: { host: `127.0.0.1:${bridge.port}`, ...headers } }, (res) => {
      const sentAtAnswer = sent;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        let result: CallResult | null = null;
        try {
          result = JSON.parse(Buffer.concat(parts).toString('utf8')) as CallResult;
        } catch {
          result = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, result, sentAtAnswer });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    Readable.from(counted()).on('error', () => req.destroy()).pipe(req);
  });
}

const auth = () => ({ [httpProtocol.clientHeader]: 'test', ...bearer(token) });

async function* repeat(piece: Buffer, total: number, pause?: () => Promise<void>): AsyncIterable<Buffer> {
  for (let done = 0; done < total; done += piece.length) {
    await pause?.();
    yield done + piece.length <= total ? piece : piece.subarray(0, total - done);
  }
}

async function* concat(...parts: Array<Buffer | AsyncIterable<Buffer>>): AsyncIterable<Buffer> {
  for (const part of parts) {
    if (Buffer.isBuffer(part)) yield part;
    else yield* part;
  }
}

/** The headers and body of an upload: its manifest, then each file's bytes. */
function upload(manifest: UploadManifest, ...files: Array<Buffer | AsyncIterable<Buffer>>) {
  const prefix = Buffer.from(uploadPrefix(manifest));
  const length = prefix.length + manifest.files.reduce((sum, f) => sum + f.size, 0);
  return { headers: { ...auth(), 'content-type': 'application/octet-stream', 'content-length': String(length) }, body: concat(prefix, ...files) };
}

async function appInfoAnswers(): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${bridge.url}${httpProtocol.callPath('app.info').slice(1)}`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
  expect(((await res.json()) as CallResult).ok).toBe(true);
  return performance.now() - started;
}

const staged = () => readdirSync(join(t.dataDir, 'inbox', 'staged'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('bodies on the HTTP bridge', { timeout: 180_000 }, () => {
  it('refuses a 100 MB body to an ordinary method before reading it, while app.info answers', async () => {
    const total = 100 * MB;
    const body = concat(Buffer.from('['), repeat(Buffer.from('1,'.repeat(MB / 2)), total - 2), Buffer.from(']'));
    const big = send(httpProtocol.callPath('search.query'), { ...auth(), 'content-type': 'application/json', 'content-length': String(total) }, body);
    const infoMs = await appInfoAnswers();
    const refused = await big;
    expect(refused.status).toBe(413);
    expect(refused.result?.ok === false && refused.result.error.message).toMatch(/larger than 1 MB/);
    expect(refused.sentAtAnswer).toBeLessThan(16 * MB);
    console.log(`[bodies] 100 MB call body: 413 after ${(refused.sentAtAnswer / MB).toFixed(1)} MB sent; app.info meanwhile in ${infoMs.toFixed(0)} ms`);

    // A legacy JSON upload of 300 MB of base64 is refused the same way (the UI streams its files).
    const legacy = await send(httpProtocol.callPath('library.ingestUploads'), { ...auth(), 'content-type': 'application/json', 'content-length': String(300 * MB) }, repeat(Buffer.alloc(MB, 0x41), 300 * MB));
    expect(legacy.status).toBe(413);
    expect(legacy.sentAtAnswer).toBeLessThan(16 * MB);
  });

  it('streams a 200 MB upload to the inbox with memory flat, app.info answering meanwhile, then ingests it', async () => {
    const pdf = readFileSync(PDF);
    const padding = 200 * MB;
    let uploaded = false;
    const { headers, body } = upload(
      { files: [{ name: 'tracemonkey.pdf', size: pdf.length }, { name: 'padding.bin', size: padding }], collection: 'uploads' },
      pdf,
      repeat(Buffer.alloc(MB, 7), padding),
    );
    const rss = [process.memoryUsage().rss];
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 50);
    const done = new Promise<IngestJobDone>((resolve) => {
      const off = t.client.on('ingest.done', (event) => {
        off();
        resolve(event);
      });
    });
    const sending = send(httpProtocol.uploadPath, headers, body).finally(() => (uploaded = true));
    // While the bytes arrive: the other calls are answered.
    const infoTimes: number[] = [];
    while (!uploaded && infoTimes.length < 5) {
      await sleep(100);
      if (!uploaded) infoTimes.push(await appInfoAnswers());
    }
    const answered = await sending;
    clearInterval(sampler);
    expect(answered.status).toBe(200);
    expect(answered.result?.ok).toBe(true);
    expect(infoTimes.length).toBeGreaterThan(0);
    const growthMb = (Math.max(...rss) - rss[0]) / MB;
    console.log(`[bodies] 200 MB upload: RSS grew ${growthMb.toFixed(0)} MB; app.info during it: ${infoTimes.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    expect(growthMb).toBeLessThan(120);

    const results = (await done).results;
    expect(results.map((r) => [r.file, r.status])).toEqual([
      ['tracemonkey.pdf', 'ready'],
      ['padding.bin', 'failed'],
    ]);
    expect(staged()).toEqual([]);
    expect(readdirSync(join(t.dataDir, 'inbox')).filter((name) => name !== 'staged')).toEqual([]);
  });

  it('reads two uploads at a time, and turns the others away with Retry-After', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = () => {
      const { headers, body } = upload({ files: [{ name: 'slow.bin', size: 4 * MB }] }, repeat(Buffer.alloc(MB, 1), 4 * MB, () => held));
      return send(httpProtocol.uploadPath, headers, body);
    };
    const first = [slow(), slow()];
    await sleep(300);
    const turnedAway = await Promise.all([slow(), slow()]);
    for (const refused of turnedAway) {
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.result?.ok === false && refused.result.error.code).toBe('SERVER_BUSY');
    }
    release();
    for (const accepted of await Promise.all(first)) expect(accepted.status).toBe(200);
  });

  it('turns JSON bodies away past the in-flight budget', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const legacy = (size: number) =>
      send(
        httpProtocol.callPath('library.ingestUploads'),
        { ...auth(), 'content-type': 'application/json', 'content-length': String(size) },
        concat(Buffer.from('{"files":['), repeat(Buffer.from(' '.repeat(MB)), size - 12, () => held), Buffer.from(']}')),
      );
    const reading = [legacy(30 * MB), legacy(30 * MB)];
    await sleep(300);
    const third = await legacy(30 * MB);
    expect(third.status).toBe(503);
    expect(third.result?.ok === false && third.result.error.code).toBe('SERVER_BUSY');
    release();
    for (const done of await Promise.all(reading)) expect(done.status).toBe(200);
  });

  it('leaves nothing staged when the body does not match its manifest or is cut short', async () => {
    const mismatch = upload({ files: [{ name: 'a.txt', size: 10 }] }, Buffer.from('12345'));
    const refused = await send(httpProtocol.uploadPath, { ...mismatch.headers, 'content-length': String(Number(mismatch.headers['content-length']) - 5) }, mismatch.body);
    expect(refused.status).toBe(400);
    expect(refused.result?.ok === false && refused.result.error.message).toMatch(/manifest says/);

    // Cut after 2 MB of a 20 MB file: the half-written file is removed.
    const cut = upload({ files: [{ name: 'cut.bin', size: 20 * MB }] }, repeat(Buffer.alloc(MB, 3), 2 * MB));
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: bridge.port, method: 'POST', path: httpProtocol.uploadPath, headers: { host: `127.0.0.1:${bridge.port}`, ...cut.headers } });
      req.on('error', () => resolve());
      void (async () => {
        for await (const chunk of cut.body) req.write(chunk);
        await sleep(200);
        req.destroy();
        resolve();
      })();
    });
    await sleep(300);
    expect(staged()).toEqual([]);
  });

  it('reads nothing of an upload without a credential', async () => {
    const { headers, body } = upload({ files: [{ name: 'x.bin', size: 50 * MB }] }, repeat(Buffer.alloc(MB, 9), 50 * MB));
    const { authorization: _dropped, ...anonymous } = headers;
    const refused = await send(httpProtocol.uploadPath, anonymous, body);
    expect(refused.status).toBe(401);
    expect(refused.sentAtAnswer).toBeLessThan(16 * MB);
  });
});
