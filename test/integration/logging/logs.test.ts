/**
 * The log through the real core: JSON lines in `<dataDir>/logs/`, rotated by size with a file count
 * kept; `logs.list` reads them back newest first and filters by level, source, time and words; the
 * console lines of the services (`[settings] …`) land in the log of the core they work for, even with
 * two cores in one process; the remote API key and the user's question never reach the files.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogEntrySchema } from '../../../src-shared/monitoring';
import { createCore } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import { openCoreLogger } from '../../../src-main/core/logging/coreLogger';
import { startFakeOpenAiServer } from '../../helpers/fakeOpenAiServer';
import { corpusFile } from '../../helpers/paths';
import { ingest } from '../../helpers/testCore';

const LOG_NAME = /^phare\.\d{4}-\d{2}-\d{2}\.\d+\.log$/;
const superBowl = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'phare-logs-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function logFiles(dataDir: string): string[] {
  const dir = join(dataDir, 'logs');
  return readdirSync(dir)
    .filter((name) => LOG_NAME.test(name))
    .map((name) => join(dir, name));
}

function allLogText(dataDir: string): string {
  return logFiles(dataDir)
    .map((file) => readFileSync(file, 'utf8'))
    .join('');
}

/** A fresh data folder; with `damagedSettings` the core says so with console.warn('[settings] …') while it starts. */
function dataFolder(name: string, options: { damagedSettings?: boolean } = {}): string {
  const dataDir = join(root, name);
  mkdirSync(dataDir, { recursive: true });
  if (options.damagedSettings) writeFileSync(join(dataDir, 'settings.json'), '{ not json');
  return dataDir;
}

describe('log files', () => {
  it('are JSON lines, rotated past the size limit, and only the newest files are kept', async () => {
    const dataDir = dataFolder('rotation');
    const core = await createCore({ dataDir, logging: { level: 'debug', rotation: { maxFileBytes: 2048, maxFiles: 3 } } });
    const client = createInProcessClient(core);
    // Each call writes a debug line of ~130 bytes: 120 calls are ~15 kB, seven or eight files' worth.
    for (let i = 0; i < 120; i++) await client.call('library.list', {});
    await core.dispose();

    const files = logFiles(dataDir);
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.length).toBeLessThanOrEqual(4); // 3 kept + the one being written when the limit ran
    let lines = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // A file is rotated once it reaches the limit: it may end with the line that crossed it.
      expect(statSync(file).size).toBeLessThan(2048 + 400);
      for (const line of text.split('\n').filter(Boolean)) {
        const entry = JSON.parse(line);
        expect(entry).toMatchObject({ level: expect.any(String), time: expect.any(String), source: expect.any(String), msg: expect.any(String), pid: process.pid });
        expect(Number.isNaN(Date.parse(entry.time))).toBe(false);
        lines++;
      }
    }
    // The oldest files were removed: what is left is less than everything written.
    expect(lines).toBeLessThan(120);
    expect(lines).toBeGreaterThan(10);
  });

  it('keep stderr as it was: a service warning still reaches the console, and also the log', async () => {
    const dataDir = dataFolder('stderr', { damagedSettings: true });
    const seen: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void seen.push(args);
    try {
      const core = await createCore({ dataDir });
      await core.dispose();
    } finally {
      console.warn = original;
    }
    expect(seen.some((args) => String(args[0]).startsWith('[settings] '))).toBe(true);
    const lines = allLogText(dataDir).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', source: 'settings', msg: expect.stringContaining('was damaged') }));
  });
});

describe('logs.list', () => {
  const dataDir = () => join(root, 'list');
  let between: string;

  beforeAll(async () => {
    dataFolder('list', { damagedSettings: true });
    const core = await createCore({ dataDir: dataDir() });
    const client = createInProcessClient(core);
    try {
      const empty = join(root, 'empty.txt');
      writeFileSync(empty, '');
      const results = await ingest(client, [superBowl, empty]);
      expect(results.map((r) => r.status)).toEqual(['ready', 'failed']);
      await new Promise((resolve) => setTimeout(resolve, 20));
      between = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const answer = await client.call('chat.ask', { question: 'Who won Super Bowl 50?', requestId: 'logs-1' });
      expect(answer.sources.length).toBeGreaterThan(0);
    } finally {
      await core.dispose();
    }
  });

  async function list(filter: Record<string, unknown>) {
    const core = await createCore({ dataDir: dataDir(), background: false });
    try {
      const entries = await createInProcessClient(core).call('logs.list', filter);
      for (const entry of entries) LogEntrySchema.parse(entry);
      return entries;
    } finally {
      await core.dispose();
    }
  }

  it('lists every entry, most recent first', async () => {
    const entries = await list({});
    const times = entries.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const messages = entries.map((e) => `${e.source}: ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^settings: .*was damaged/),
        'ingest: document ready',
        'ingest: document failed',
        'ingest: ingestion job finished',
        'chat: answer ready',
        'core: core started',
      ]),
    );
    expect(entries.find((e) => e.message === 'document ready')?.data).toMatchObject({ file: 'xquad_en_d000_Super_Bowl_50.txt', status: 'ready', chunks: expect.any(Number), ms: expect.any(Number) });
  });

  it('filters by lowest level', async () => {
    const warnings = await list({ level: 'warn' });
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(new Set(warnings.map((e) => e.level))).toEqual(new Set(['warn']));
    expect(warnings.map((e) => e.message)).toContain('document failed');
  });

  it('filters by source, time, words, and stops at the limit', async () => {
    const fromIngest = await list({ source: 'ingest' });
    expect(fromIngest.length).toBeGreaterThanOrEqual(3);
    expect(fromIngest.every((e) => e.source === 'ingest')).toBe(true);

    const since = await list({ since: between });
    expect(since.every((e) => e.time >= between)).toBe(true);
    expect(since.map((e) => e.message)).toContain('answer ready');
    expect(since.map((e) => e.message)).not.toContain('document ready');

    const words = await list({ query: 'file_empty' });
    expect(words.map((e) => e.message)).toEqual(['document failed']);
    expect(words[0].data).toMatchObject({ errorCode: 'FILE_EMPTY', file: 'empty.txt' });

    const all = await list({});
    const newest = await list({ limit: 1 });
    expect(newest).toHaveLength(1);
    expect(newest[0].time >= all[1].time).toBe(true);
  });

  it('refuses a bad level or date', async () => {
    const core = await createCore({ dataDir: dataDir(), background: false });
    try {
      const client = createInProcessClient(core);
      await expect(client.call('logs.list', { level: 'loud' as never })).rejects.toMatchObject({ code: 'VALIDATION' });
      await expect(client.call('logs.list', { since: 'yesterday-ish' })).rejects.toMatchObject({ code: 'VALIDATION' });
    } finally {
      await core.dispose();
    }
  });
});

describe('two cores in one process', () => {
  it('each writes its own log, console lines included', async () => {
    const a = dataFolder('core-a', { damagedSettings: true });
    const b = dataFolder('core-b');
    const coreA = await createCore({ dataDir: a, logging: { level: 'debug' } });
    const coreB = await createCore({ dataDir: b, logging: { level: 'debug' } });
    await createInProcessClient(coreA).call('collections.list', {});
    await createInProcessClient(coreB).call('watch.list', {});
    await Promise.all([coreA.dispose(), coreB.dispose()]);

    const textA = allLogText(a);
    const textB = allLogText(b);
    expect(textA).toContain('"source":"settings"');
    expect(textB).not.toContain('"source":"settings"');
    expect(textA).toContain('"method":"collections.list"');
    expect(textA).not.toContain('"method":"watch.list"');
    expect(textB).toContain('"method":"watch.list"');
    expect(textB).not.toContain('"method":"collections.list"');
  });
});

describe('secrets and questions', () => {
  const API_KEY = 'sk-phare-test-0123456789abcdef';
  const QUESTION = 'Which team represented the AFC at Super Bowl 50?';

  it('never reach the log, even at debug level, when a remote model answers', async () => {
    const server = await startFakeOpenAiServer();
    server.apiKey = API_KEY;
    const dataDir = dataFolder('secrets');
    const core = await createCore({ dataDir, logging: { level: 'debug' } });
    const client = createInProcessClient(core);
    try {
      await ingest(client, [superBowl]);
      await client.call('settings.update', {
        chatModelSource: 'remote',
        remoteChat: { enabled: true, baseUrl: server.baseUrl, model: 'fake-model', apiKey: API_KEY, label: 'Fake' },
      });
      const answer = await client.call('chat.ask', { question: QUESTION, requestId: 'secrets-1' });
      expect(answer.remote).toBe(true);
      // A wrong key: the server refuses, the core reports it.
      server.apiKey = 'another-key';
      await expect(client.call('chat.ask', { question: QUESTION, requestId: 'secrets-2' })).rejects.toMatchObject({ code: expect.stringMatching(/^REMOTE_/) });
    } finally {
      await core.dispose();
      await server.close();
    }
    const text = allLogText(dataDir);
    expect(text).toContain('answer ready');
    expect(text).toContain('answer failed');
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(QUESTION);
    expect(text).not.toContain('AFC at Super Bowl');
  });

  it('are cut from any line that would carry them (a key echoed in a message, a field named apiKey)', async () => {
    const dataDir = dataFolder('scrub');
    const logger = await openCoreLogger(dataDir);
    let key = API_KEY;
    logger.addSecrets(() => [key, null, 'short']);
    logger.for('llm').warn(`the server said: invalid key ${API_KEY}`);
    logger.for('llm').info({ remoteChat: { baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'anything-at-all' } }, 'settings saved');
    key = 'sk-changed-key-0000';
    logger.for('llm').warn('now sk-changed-key-0000 and a short word');
    await logger.close();
    const text = allLogText(dataDir);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain('anything-at-all');
    expect(text).not.toContain('sk-changed-key-0000');
    expect(text).toContain('short word');
    expect(text.match(/\[redacted\]/g)).toHaveLength(3);
  });
});
