/**
 * The remote model's API key lives only in the secret store: an existing key moves out of
 * settings.json at start; after a session that used it (an answer from a fake OpenAI-compatible
 * server that demands it, a connection test, exports, a backup), no file of the data folder holds it
 * (logs, tables, exports written there, backups unpacked) except the secret store itself, a 0600 file.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { x } from 'tar';
import { createCore } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import { API_KEY_MASK } from '../../../src-main/core/llm/remote/remoteSettings';
import { startFakeOpenAiServer } from '../../helpers/fakeOpenAiServer';
import { corpusFile } from '../../helpers/paths';
import { ingest } from '../../helpers/testCore';

const API_KEY = 'sk-phare-secret-7f3a9c2e51';
const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function filesHolding(dir: string, needle: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && readFileSync(p).includes(needle)) found.push(relative(dir, p));
    }
  };
  walk(dir);
  return found.sort();
}

it('keeps the API key in the secret store only, never in settings, logs, tables, exports or backups', async () => {
  const server = await startFakeOpenAiServer();
  cleanup.push(() => server.close());
  server.apiKey = API_KEY;
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-secret-'));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  // A settings.json as an earlier version wrote it, key included.
  const remoteChat = { enabled: true, baseUrl: server.baseUrl, model: 'fake-model', apiKey: API_KEY, label: 'Fake' };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ language: 'en', chatModelSource: 'remote', remoteChat, maxTokens: 32 }));

  const core = await createCore({ dataDir, background: false, logging: { level: 'debug' } });
  const client = createInProcessClient(core);
  // Moved at start: out of settings.json, into the 0600 secret file, still used.
  expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain(API_KEY);
  expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  expect((await client.call('settings.get', {})).remoteChat.apiKey).toBe(API_KEY_MASK);

  await ingest(client, [corpusFile('pdf', 'pdfjs_tracemonkey.pdf')]);
  const answer = await client.call('chat.ask', { question: 'What is a trace tree?', requestId: 'secret-1' });
  expect(answer.remote).toBeDefined();
  const sent = server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.authorization);
  expect(sent.length).toBeGreaterThan(0);
  expect(new Set(sent)).toEqual(new Set([`Bearer ${API_KEY}`]));
  expect((await client.call('models.testRemote', { baseUrl: server.baseUrl, apiKey: API_KEY_MASK })).ok).toBe(true);
  // A settings change that keeps the key (the UI sends the mask back).
  await client.call('settings.update', { remoteChat: { ...remoteChat, apiKey: API_KEY_MASK, label: 'Renamed' } });
  await client.call('feedback.submit', { messageId: answer.messageId!, thumbs: 'down', comment: 'checking secrets' });

  // Exports, as a user saves them next to the library.
  const exports = join(dataDir, 'exports');
  mkdirSync(exports);
  const conversation = await client.call('conversations.export', { id: answer.conversationId!, format: 'json' });
  writeFileSync(join(exports, conversation.fileName), conversation.content);
  writeFileSync(join(exports, 'feedback.jsonl'), (await client.call('feedback.export', { format: 'jsonl' })).content);
  for (const table of ['questions', 'answers', 'feedback'] as const) {
    writeFileSync(join(exports, `${table}.json`), (await client.call('analytics.export', { table, format: 'json' })).content);
  }
  writeFileSync(join(exports, 'trace.json'), JSON.stringify(await client.call('chat.trace', { messageId: answer.messageId! })));
  writeFileSync(join(exports, 'settings.json'), JSON.stringify(await client.call('settings.get', {})));
  const backup = await client.call('backup.create', {});
  await core.dispose();

  // Backups unpacked, so their content is searched too (they are gzipped on disk).
  const unpacked = join(dataDir, 'unpacked-backup');
  mkdirSync(unpacked);
  await x({ file: backup.path, cwd: unpacked });
  expect(readdirSync(unpacked)).toContain('library.lance');
  expect(filesHolding(dataDir, API_KEY)).toEqual(['secrets.json']);

  // Reopened, the key is still there for the next answer.
  const again = await createCore({ dataDir, background: false });
  cleanup.push(() => again.dispose());
  await createInProcessClient(again).call('chat.ask', { question: 'And nested loops?', requestId: 'secret-2' });
  expect(server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.authorization).at(-1)).toBe(`Bearer ${API_KEY}`);
  await again.dispose();
  // Forgetting the key removes it from the disk.
  const third = await createCore({ dataDir, background: false });
  cleanup.push(() => third.dispose());
  await createInProcessClient(third).call('settings.update', { remoteChat: { ...remoteChat, apiKey: null } });
  await third.dispose();
  rmSync(unpacked, { recursive: true });
  expect(filesHolding(dataDir, API_KEY)).toEqual([]);
});
