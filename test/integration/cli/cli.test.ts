/**
 * The `phare` CLI, run in-process on a real library in a temporary folder: ingest, search (single and
 * batch), docs, ask without a model (extractive), serve, errors in both languages and in JSON.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main';
import { readApiToken } from '../../../src-main/core/auth/apiToken';
import { httpProtocol } from '../../../src-shared/preloadApi';
import { corpusFile, tinyChatModel } from '../../helpers/paths';
import { createCore } from '../../../src-main/core/core';
import { captureIo } from './captureIo';

const superBowl = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');
const warsaw = corpusFile('qa/xquad_en/docs/xquad_en_d001_Warsaw.txt');
const docx = corpusFile('office/docx/docx4j_sample-docx.docx');

let root: string;
let data: string;

async function phare(args: string[], env?: NodeJS.ProcessEnv) {
  const io = captureIo(env, root);
  const code = await runCli([...args, '--data', data], io);
  return { code, out: io.out, err: io.err };
}

interface IngestOutput {
  file: string;
  documentId: string | null;
  status: string;
  pages: number;
  chunks: number;
  error: { code: string; message: string } | null;
}

let ingested: IngestOutput[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-cli-'));
  data = join(root, 'library');
  const { code, out } = await phare(['ingest', superBowl, warsaw, docx, 'missing/nothing-here.pdf', '--json']);
  expect(code).toBe(0);
  ingested = JSON.parse(out) as IngestOutput[];
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('phare ingest', () => {
  it('prints one result per file, reports a missing path and still exits 0', () => {
    expect(ingested).toHaveLength(4);
    for (const result of ingested) expect(Object.keys(result).sort()).toEqual(['chunks', 'documentId', 'error', 'file', 'pages', 'status']);
    const ready = ingested.filter((r) => r.status === 'ready');
    expect(ready).toHaveLength(3);
    for (const r of ready) {
      expect(r.documentId).toBeTruthy();
      expect(r.chunks).toBeGreaterThan(0);
      expect(r.pages).toBeGreaterThan(0);
      expect(r.error).toBeNull();
    }
    const missing = ingested.find((r) => r.file.endsWith('nothing-here.pdf'))!;
    expect(missing.status).toBe('failed');
    expect(missing.documentId).toBeNull();
    expect(missing.error?.code).toBe('FILE_NOT_FOUND');
    expect(missing.error?.message).toContain('nothing-here.pdf');
  });

  it('shows progress on stderr and one line per file on stdout without --json', async () => {
    const { code, out, err } = await phare(['ingest', superBowl]);
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toContain('Super_Bowl_50');
    expect(err).toMatch(/\[1\/1\]/);
  });
});

describe('phare search', () => {
  it('prints hits with the promised fields', async () => {
    const { code, out } = await phare(['search', 'Panthers defense interceptions', '--top-k', '3', '--json']);
    expect(code).toBe(0);
    const hits = JSON.parse(out) as Array<Record<string, unknown>>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(Object.keys(hits[0]).sort()).toEqual(['chunkId', 'documentId', 'page', 'score', 'text', 'title']);
    expect(String(hits[0].text)).toMatch(/Panthers/);
  });

  it('answers a batch file with one JSON array per line, in order', async () => {
    const batch = join(root, 'queries.txt');
    writeFileSync(batch, 'Panthers defense\n\nVistula river Warsaw\n');
    const { code, out } = await phare(['search', '--batch', batch, '--top-k', '2']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Array<{ text: string; title: string }>);
    expect(lines).toHaveLength(3);
    expect(lines[0][0].text).toMatch(/Panthers/);
    expect(lines[1]).toEqual([]);
    expect(lines[2][0].title).toMatch(/Warsaw/);
  });

  it('reports a bad --top-k as a validation error', async () => {
    const { code, out } = await phare(['search', 'x', '--top-k', 'many', '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(out).error.code).toBe('VALIDATION');
  });
});

describe('phare docs', () => {
  it('lists, shows, prints and removes documents', async () => {
    const list = await phare(['docs', 'list', '--json']);
    expect(list.code).toBe(0);
    const docs = JSON.parse(list.out) as Array<{ id: string; title: string }>;
    expect(docs).toHaveLength(3);

    const warsawDoc = ingested.find((r) => r.file === warsaw)!;
    const show = await phare(['docs', 'show', warsawDoc.documentId!, '--json']);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.out)).toMatchObject({ id: warsawDoc.documentId, status: 'ready' });

    const text = await phare(['docs', 'text', warsawDoc.documentId!]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Warsaw');

    const docxDoc = ingested.find((r) => r.file === docx)!;
    const remove = await phare(['docs', 'remove', docxDoc.documentId!, '--json']);
    expect(remove.code).toBe(0);
    expect(JSON.parse(remove.out)).toEqual({ removed: true });
    const after = JSON.parse((await phare(['docs', 'list', '--json'])).out) as Array<{ id: string }>;
    expect(after.map((d) => d.id)).not.toContain(docxDoc.documentId);
    expect(after).toHaveLength(2);
  });

  it('reports an unknown id as one line, in English or French, or as JSON', async () => {
    const en = await phare(['docs', 'show', 'no-such-id']);
    expect(en.code).toBe(1);
    expect(en.err.trim().split('\n')).toHaveLength(1);
    expect(en.err).toMatch(/^phare: Not found/);

    const fr = await phare(['docs', 'show', 'no-such-id'], { LANG: 'fr_FR.UTF-8' });
    expect(fr.code).toBe(1);
    expect(fr.err).toMatch(/^phare: Introuvable/);
    expect(fr.err).not.toMatch(/\bat .*\.ts:\d+/);

    const json = await phare(['docs', 'show', 'no-such-id', '--json']);
    expect(json.code).toBe(1);
    const body = JSON.parse(json.out);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
    expect(body.error.code).toBe('NOT_FOUND');
  });
});

describe('phare ask', () => {
  it('answers extractively with sources when no chat model is set', async () => {
    const { code, out } = await phare(['ask', 'Who led the Panthers in sacks?', '--json']);
    expect(code).toBe(0);
    const answer = JSON.parse(out);
    expect(Object.keys(answer).sort()).toEqual(['answer', 'citationCheck', 'conversationId', 'messageId', 'mode', 'sources', 'timings']);
    expect(answer.citationCheck).toBeNull(); // extractive: passages quoted as they are, nothing to check
    expect(answer.mode).toBe('extractive');
    expect(answer.answer.length).toBeGreaterThan(0);
    expect(answer.sources.length).toBeGreaterThan(0);
    expect(answer.sources[0]).toMatchObject({ n: 1, page: expect.any(Number), title: expect.any(String) });
    expect(typeof answer.timings.totalMs).toBe('number');
  });

  it('prints the answer, a label and the sources without --json', async () => {
    const { code, out } = await phare(['ask', 'Who led the Panthers in sacks?']);
    expect(code).toBe(0);
    expect(out).toContain('No chat model loaded');
    expect(out).toMatch(/Sources:\n\[1\] .+, p\. \d+/);
  });
});

describe('phare ask with a model', () => {
  it('streams the generated tokens to stdout, then the sources', async () => {
    // A short answer keeps the test quick; --model itself is not saved in the library's settings.
    const core = await createCore({ dataDir: data });
    const update = await core.dispatch('settings.update', { maxTokens: 12, threads: 1 });
    await core.dispose();
    expect(update.ok).toBe(true);

    const io = captureIo({ LANG: 'en_US.UTF-8' }, root);
    const writes: string[] = [];
    const stdout = io.stdout;
    io.stdout = (text) => {
      writes.push(text);
      stdout(text);
    };
    const code = await runCli(['ask', 'Who led the Panthers in sacks?', '--model', tinyChatModel, '--data', data], io);
    expect(code, io.err).toBe(0);
    const sourcesAt = writes.findIndex((w) => w.includes('Sources:'));
    expect(sourcesAt).toBeGreaterThan(1); // several token writes came before the sources
    expect(io.out).not.toContain('No chat model loaded');
    expect(io.err).toMatch(/tiny-chat\.gguf/);

    const settings = await phare(['ask', 'x', '--json']);
    expect(JSON.parse(settings.out).mode).toBe('extractive');
  }, 300_000);
});

describe('phare serve', () => {
  it('serves the contract on 127.0.0.1 until interrupted', async () => {
    const io = captureIo({ LANG: 'en_US.UTF-8' }, root);
    const running = runCli(['serve', '--port', '0', '--json', '--data', data], io);
    await io.waitForOutput('}');
    const { url } = JSON.parse(io.out) as { url: string };
    expect(new URL(url).hostname).toBe('127.0.0.1');
    // A script on this machine authenticates with the data folder's API token.
    const res = await fetch(new URL(httpProtocol.callPath('library.list'), url), {
      method: 'POST',
      headers: { [httpProtocol.clientHeader]: 'cli-test', authorization: `Bearer ${readApiToken(data)}` },
      body: '{}',
    });
    const result = (await res.json()) as { ok: boolean; value: unknown[] };
    expect(result.ok).toBe(true);
    expect(result.value).toHaveLength(2);
    io.interrupt();
    expect(await running).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('phare usage', () => {
  it('exits 2 on a usage error and 0 on --help', async () => {
    const io = captureIo();
    expect(await runCli(['ingest'], io)).toBe(2);
    expect(io.err).toMatch(/missing required argument/);
    const help = captureIo();
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.out).toMatch(/ingest/);
  });
});
