/**
 * `phare feedback add|list|export`, in-process with captured output, on a real library (no chat model:
 * answers are extractive, with three sources).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackSchema, TrainingRecordSchema } from '../../../src-shared/feedback';
import { runCli } from '../../../src-main/cli/main';
import { corpusFile } from '../../helpers/paths';
import { parseCsv } from '../feedback/parseCsv';
import { captureIo } from './captureIo';

const superBowl = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');

let root: string;
let data: string;

async function phare(args: string[], env?: NodeJS.ProcessEnv) {
  const io = captureIo(env, root);
  const code = await runCli([...args, '--data', data], io);
  return { code, out: io.out, err: io.err };
}

/** Asks a question and returns its answer message id. */
async function askForId(question: string): Promise<string> {
  const { code, out } = await phare(['ask', question, '--json']);
  expect(code).toBe(0);
  const answer = JSON.parse(out);
  expect(answer.sources).toHaveLength(3);
  return answer.messageId;
}

/** A failure reported the CLI's way: exit 1, nothing on stdout, one line on stderr. */
function expectOneLineFailure(result: { code: number; out: string; err: string }, message: RegExp) {
  expect(result.code).toBe(1);
  expect(result.out).toBe('');
  expect(result.err.trim().split('\n')).toHaveLength(1);
  expect(result.err).toMatch(message);
}

let first: string;
let second: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-cli-feedback-'));
  data = join(root, 'library');
  expect((await phare(['ingest', superBowl, '--json'])).code).toBe(0);
  first = await askForId('Who won Super Bowl 50?');
  second = await askForId('Where was Super Bowl 50 played?');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('phare feedback add', () => {
  it('rates an answer, then edits it', async () => {
    const up = await phare(['feedback', 'add', first, '--up']);
    expect(up.code).toBe(0);
    expect(up.out).toBe(`Feedback saved on answer ${first} (version 1): up\n`);

    const edit = await phare(['feedback', 'add', first, '--rating', '2', '--comment', 'Too short', '--correction', 'The Denver Broncos', '--wrong-source', '3', '--wrong-source', '1', '--json']);
    expect(edit.code).toBe(0);
    const saved = FeedbackSchema.parse(JSON.parse(edit.out));
    expect(saved).toMatchObject({ messageId: first, version: 2, thumbs: 'up', rating: 2, comment: 'Too short', correction: 'The Denver Broncos', wrongSources: [1, 3], needsAttention: true });

    const fr = await phare(['feedback', 'add', second, '--down'], { LANG: 'fr_FR.UTF-8' });
    expect(fr.code).toBe(0);
    expect(fr.out).toBe(`Avis enregistré sur la réponse ${second} (version 1) : down\n`);
  });

  it('refuses bad input in one line (exit 1) or as bad usage (exit 2), and stores nothing', async () => {
    const before = (await phare(['feedback', 'list', '--json'])).out;
    expectOneLineFailure(await phare(['feedback', 'add', first, '--rating', '0']), /^phare: Invalid input: rating: /);
    expectOneLineFailure(await phare(['feedback', 'add', first, '--rating', '6']), /^phare: Invalid input: rating: /);
    expectOneLineFailure(await phare(['feedback', 'add', first, '--rating', 'five']), /^phare: Invalid input: rating: /);
    expectOneLineFailure(await phare(['feedback', 'add', first, '--up', '--comment', 'x'.repeat(1024 * 1024)]), /^phare: Invalid input: comment: /);
    expectOneLineFailure(await phare(['feedback', 'add', 'no-such-message', '--up']), /^phare: No answer no-such-message in your conversations$/m);
    expectOneLineFailure(await phare(['feedback', 'add', first, '--down', '--wrong-source', '9']), /^phare: The answer has no source \[9\] \(it has 3\)$/m);
    const fresh = await askForId('Who was the MVP of Super Bowl 50?');
    expectOneLineFailure(await phare(['feedback', 'add', fresh, '--comment', 'no direction']), /thumbs up or down, or a rating from 1 to 5/);
    const json = await phare(['feedback', 'add', 'no-such-message', '--up', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).error.code).toBe('MESSAGE_NOT_FOUND');

    const both = await phare(['feedback', 'add', first, '--up', '--down']);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/cannot be used with/);
    const noId = await phare(['feedback', 'add']);
    expect(noId.code).toBe(2);

    expect((await phare(['feedback', 'list', '--json'])).out).toBe(before);
  });
});

describe('phare feedback list', () => {
  it('lists most recent first, filtered, in the user’s language', async () => {
    const all = await phare(['feedback', 'list', '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out).map((f: { messageId: string }) => f.messageId)).toEqual([second, first]);

    const text = await phare(['feedback', 'list']);
    expect(text.code).toBe(0);
    const lines = text.out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}  ${second}  down    -  Where was Super Bowl 50 played\\?$`));
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}  ${first}  up    2/5  Who won Super Bowl 50\\?  \\(comment, correction, wrong source \\[1\\] \\[3\\]\\)$`));

    const ids = async (args: string[]) => JSON.parse((await phare(['feedback', 'list', ...args, '--json'])).out).map((f: { messageId: string }) => f.messageId);
    expect(await ids(['--max-rating', '2'])).toEqual([first]);
    expect(await ids(['--min-rating', '3'])).toEqual([]);
    expect(await ids(['--thumbs', 'down'])).toEqual([second]);
    expect(await ids(['--since', '2000-01-01'])).toEqual([second, first]);
    expect(await ids(['--since', '2999-01-01'])).toEqual([]);
    expect(await ids(['--collection', 'elsewhere'])).toEqual([]);

    const none = await phare(['feedback', 'list', '--since', '2999-01-01'], { LANG: 'fr_FR.UTF-8' });
    expect(none.out).toBe('Aucun avis.\n');
    expectOneLineFailure(await phare(['feedback', 'list', '--since', 'yesterday-ish']), /^phare: Invalid input: since: /);
    expect((await phare(['feedback', 'list', '--thumbs', 'sideways'])).code).toBe(2);
  });
});

describe('phare feedback export', () => {
  it('prints JSONL and CSV, writes a file with --out, and gives training records', async () => {
    const jsonl = await phare(['feedback', 'export', '--format', 'jsonl']);
    expect(jsonl.code).toBe(0);
    const lines = jsonl.out.trimEnd().split('\n').map((l) => FeedbackSchema.parse(JSON.parse(l)));
    expect(lines.map((f) => f.messageId)).toEqual([second, first]);

    const csv = await phare(['feedback', 'export', '--format', 'csv', '--max-rating', '2']);
    expect(csv.code).toBe(0);
    const [header, ...rows] = parseCsv(csv.out);
    expect(header.slice(0, 3)).toEqual(['id', 'messageId', 'conversationId']);
    expect(rows).toHaveLength(1);
    expect(rows[0][header.indexOf('messageId')]).toBe(first);
    expect(rows[0][header.indexOf('correction')]).toBe('The Denver Broncos');

    const out = await phare(['feedback', 'export', '--format', 'csv', '--out', 'feedback.csv']);
    expect(out.code).toBe(0);
    expect(out.out).toBe(`Wrote ${join(root, 'feedback.csv')} (2 records)\n`);
    expect(parseCsv(readFileSync(join(root, 'feedback.csv'), 'utf8'))).toHaveLength(3);

    const training = await phare(['feedback', 'export', '--training', '--thumbs', 'up']);
    expect(training.code).toBe(0);
    const [record] = training.out.trimEnd().split('\n').map((l) => TrainingRecordSchema.parse(JSON.parse(l)));
    expect(record).toMatchObject({ question: 'Who won Super Bowl 50?', correctedAnswer: 'The Denver Broncos', rating: 2, comment: 'Too short' });
    expect(record.contexts.map((c) => c.wrong)).toEqual([true, false, true]);
    expect(record.contexts.every((c) => c.text.length > 0)).toBe(true);

    const csvTraining = await phare(['feedback', 'export', '--training', '--format', 'csv']);
    expect(csvTraining.code).toBe(2);
    expect(csvTraining.err).toMatch(/training export is JSONL/);
    expect((await phare(['feedback', 'export', '--format', 'xlsx'])).code).toBe(2);
  });
});
