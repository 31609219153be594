/**
 * `phare ask --conversation` and `phare conversations list|show|export`, in-process with captured
 * output, on a real library (no chat model: answers are extractive).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main';
import { corpusFile } from '../../helpers/paths';
import { captureIo } from './captureIo';

const superBowl = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');

let root: string;
let data: string;

async function phare(args: string[], env?: NodeJS.ProcessEnv) {
  const io = captureIo(env, root);
  const code = await runCli([...args, '--data', data], io);
  return { code, out: io.out, err: io.err };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-cli-conversations-'));
  data = join(root, 'library');
  const { code } = await phare(['ingest', superBowl, '--json']);
  expect(code).toBe(0);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('phare ask and phare conversations', () => {
  let conversationId: string;

  it('ask --json gives the answer with its timings, conversation and message ids', async () => {
    const { code, out } = await phare(['ask', 'Who won Super Bowl 50?', '--json']);
    expect(code).toBe(0);
    const answer = JSON.parse(out);
    expect(answer).toMatchObject({ mode: 'extractive', citationCheck: null, conversationId: expect.any(String), messageId: expect.any(String) });
    expect(answer.sources.length).toBeGreaterThan(0);
    for (const key of ['retrievalMs', 'ttftMs', 'totalMs', 'tokensPerSecond']) expect(answer.timings).toHaveProperty(key);
    conversationId = answer.conversationId;
  });

  it('ask --conversation asks a follow-up in the same conversation', async () => {
    const { code, out } = await phare(['ask', 'Who was its MVP?', '--conversation', conversationId, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).conversationId).toBe(conversationId);
    const plain = await phare(['ask', 'Where was it played?', '--conversation', conversationId]);
    expect(plain.code).toBe(0);
    expect(plain.err).toContain(`--conversation ${conversationId}`);
  });

  it('ask --conversation with an unknown id fails in one line, exit 1', async () => {
    const { code, out, err } = await phare(['ask', 'Anything?', '--conversation', 'no-such-conversation']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/No conversation no-such-conversation/);
  });

  it('conversations list shows it with its questions, and --query searches', async () => {
    const json = await phare(['conversations', 'list', '--json']);
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.out);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: conversationId, title: 'Who won Super Bowl 50?', questionCount: 3 });
    const text = await phare(['conversations', 'list']);
    expect(text.out).toContain(conversationId);
    expect(text.out).toContain('3 question(s)');
    const fr = await phare(['conversations', 'list', '--query', 'nothing like this'], { LANG: 'fr_FR.UTF-8' });
    expect(fr.out).toBe('Aucune conversation.\n');
    const found = await phare(['conversations', 'list', '--query', 'MVP', '--json']);
    expect(JSON.parse(found.out).map((c: { id: string }) => c.id)).toEqual([conversationId]);
  });

  it('conversations show prints questions, answers and sources', async () => {
    const { code, out } = await phare(['conversations', 'show', conversationId]);
    expect(code).toBe(0);
    expect(out).toContain('> Who won Super Bowl 50?');
    expect(out).toContain('> Who was its MVP?');
    expect(out).toMatch(/\[1\] .+, p\. \d+/);
    const json = JSON.parse((await phare(['conversations', 'show', conversationId, '--json'])).out);
    expect(json.messages).toHaveLength(6);
  });

  it('conversations export writes Markdown or JSON', async () => {
    const md = await phare(['conversations', 'export', conversationId, '--format', 'md', '--out', 'conversation.md']);
    expect(md.code).toBe(0);
    const written = readFileSync(join(root, 'conversation.md'), 'utf8');
    expect(written).toMatch(/^# Who won Super Bowl 50\?/);
    expect(written).toContain('## Question\n\nWho was its MVP?');
    const json = await phare(['conversations', 'export', conversationId, '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out).id).toBe(conversationId);
    const bad = await phare(['conversations', 'export', conversationId, '--format', 'pdf']);
    expect(bad.code).toBe(2);
    const missing = await phare(['conversations', 'show', 'nope', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out || missing.err).error.code).toBe('CONVERSATION_NOT_FOUND');
  });
});
