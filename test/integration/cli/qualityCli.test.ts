/**
 * `phare quality ...` and `phare health`, in-process with captured output, on a real library (no chat
 * model: answers are extractive and no judge is available, so blacklist candidates wait for review).
 * The feedback is scripted through the CLI: the same Super Bowl question asked three times, each
 * answer rated 1 with its source [1] marked wrong (that passage becomes a candidate), and three Warsaw
 * questions rated 5.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackSchema } from '../../../src-shared/feedback';
import { AnalysisRunSchema, AuditEntrySchema, HealthReportSchema, QualityStatsSchema, RecommendationSchema, ReviewItemSchema } from '../../../src-shared/quality';
import { runCli } from '../../../src-main/cli/main';
import { corpusFile } from '../../helpers/paths';
import { parseCsv } from '../feedback/parseCsv';
import { captureIo } from './captureIo';

const superBowl = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');
const warsaw = corpusFile('qa/xquad_en/docs/xquad_en_d001_Warsaw.txt');
const BAD_QUESTION = 'Which halftime show performers appeared at Super Bowl 50?';
const GOOD_QUESTIONS = ['What is the population of Warsaw?', 'Which river flows through Warsaw?', 'When was the Warsaw Uprising?'];

let root: string;
let data: string;
/** The passage behind source [1] of every bad answer. */
let badChunk: string;
/** Another passage of the library, flagged by hand. */
let otherChunk: string;

async function phare(args: string[], env?: NodeJS.ProcessEnv) {
  const io = captureIo(env, root);
  const code = await runCli([...args, '--data', data], io);
  return { code, out: io.out, err: io.err };
}

async function json(args: string[]): Promise<unknown> {
  const result = await phare([...args, '--json']);
  expect(result.code, result.err || result.out).toBe(0);
  return JSON.parse(result.out);
}

function expectOneLineFailure(result: { code: number; out: string; err: string }, message: RegExp) {
  expect(result.code).toBe(1);
  expect(result.out).toBe('');
  expect(result.err.trim().split('\n')).toHaveLength(1);
  expect(result.err).toMatch(message);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-cli-quality-'));
  data = join(root, 'library');
  expect((await phare(['ingest', superBowl, warsaw, '--json'])).code).toBe(0);
  for (let i = 0; i < 3; i++) {
    const answer = (await json(['ask', BAD_QUESTION])) as { messageId: string };
    expect((await phare(['feedback', 'add', answer.messageId, '--rating', '1', '--wrong-source', '1'])).code).toBe(0);
  }
  for (const question of GOOD_QUESTIONS) {
    const answer = (await json(['ask', question])) as { messageId: string };
    expect((await phare(['feedback', 'add', answer.messageId, '--up', '--rating', '5'])).code).toBe(0);
  }
  const exported = await phare(['feedback', 'export', '--format', 'jsonl', '--max-rating', '1']);
  const bad = exported.out.trimEnd().split('\n').map((l) => FeedbackSchema.parse(JSON.parse(l)));
  expect(bad).toHaveLength(3);
  // Same question, same library: the same passage is source [1] each time.
  expect(new Set(bad.map((f) => f.snapshot.sources[0].chunkIds.join()))).toEqual(new Set([bad[0].snapshot.sources[0].chunkIds.join()]));
  badChunk = bad[0].snapshot.sources[0].chunkIds[0];
  otherChunk = bad[0].snapshot.sources[2].chunkIds[0];
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('phare health', () => {
  it('prints each component with its state; --json gives the report; exit 1 only when failing', async () => {
    const result = await phare(['health', '--json']);
    const report = HealthReportSchema.parse(JSON.parse(result.out));
    expect(result.code).toBe(report.state === 'failing' ? 1 : 0);
    expect(report.components.map((c) => c.name)).toEqual(expect.arrayContaining(['store', 'disk', 'chatModel', 'embeddingModel', 'ocrData', 'scheduler', 'lastRun', 'jobs']));
    expect(report.components.find((c) => c.name === 'store')!.state).toBe('ok');

    const text = await phare(['health']);
    expect(text.code).toBe(result.code);
    const lines = text.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Overall: (ok|degraded|failing)$/);
    expect(lines).toHaveLength(1 + report.components.length);
    for (const c of report.components) expect(text.out).toMatch(new RegExp(`^  ${c.name} +(ok|degraded|failing) +\\S`, 'm'));
    const fr = await phare(['health'], { LANG: 'fr_FR.UTF-8' });
    expect(fr.out).toMatch(/^État général : (ok|dégradé|en panne)\n/);
  });
});

describe('phare quality run, runs, review', () => {
  let firstRunId: string;

  it('run --wait prints progress and the counts; the run is listed, completed', async () => {
    const result = await phare(['quality', 'run', '--wait']);
    expect(result.code, result.err).toBe(0);
    const started = /Analysis run (\S+) started/.exec(result.err);
    expect(started).not.toBeNull();
    firstRunId = started![1];
    expect(result.err).toMatch(/^\[\d+%\] .+$/m);
    expect(result.out).toMatch(new RegExp(`^Run ${firstRunId} completed: 6 feedbacks, \\d+ passages scored, 0 blacklisted, 0 kept, [1-9]\\d* to review, \\d+ recommendations\\n  no judge: decisions wait for review\\n$`));

    const runs = ((await json(['quality', 'runs'])) as unknown[]).map((r) => AnalysisRunSchema.parse(r));
    expect(runs[0]).toMatchObject({ id: firstRunId, status: 'completed', progress: 100, trigger: 'manual', judgeModel: null });
    expect(runs[0].counts.feedbacks).toBe(6);
    const text = await phare(['quality', 'runs']);
    expect(text.out.split('\n')[0]).toMatch(new RegExp(`^${firstRunId}  \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}  manual +completed +100%  6 feedbacks`));
  });

  it('run --json (without --wait) also returns when the run has ended', async () => {
    const run = AnalysisRunSchema.parse(await json(['quality', 'run']));
    expect(run.id).not.toBe(firstRunId);
    expect(run.status).toBe('completed');
    expect(run.counts.feedbacks).toBe(6);
  });

  it('review lists the candidate; --accept applies it and takes the passage out of search', async () => {
    const items = ((await json(['quality', 'review'])) as unknown[]).map((i) => ReviewItemSchema.parse(i));
    const item = items.find((i) => i.chunkId === badChunk);
    expect(item).toMatchObject({ kind: 'blacklist', status: 'pending' });
    const text = await phare(['quality', 'review']);
    expect(text.out).toContain(item!.id);

    const accepted = await phare(['quality', 'review', '--accept', item!.id, '--reason', 'the performers are listed wrongly']);
    expect(accepted.code, accepted.err).toBe(0);
    expect(accepted.out).toBe(`Review item ${item!.id}: accepted\n`);
    expectOneLineFailure(await phare(['quality', 'review', '--reject', item!.id]), /already decided/);
    expectOneLineFailure(await phare(['quality', 'review', '--reject', 'no-such-item']), /No review item no-such-item/);
    expect((await phare(['quality', 'review', '--accept', 'a', '--reject', 'b'])).code).toBe(2);

    const hits = (await json(['search', BAD_QUESTION, '--top-k', '20'])) as Array<{ chunkId: string }>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.chunkId)).not.toContain(badChunk);
  });
});

describe('phare quality blacklist, whitelist, restore, audit', () => {
  it('flags a passage by hand, with a reason, and every decision is in the audit log', async () => {
    const black = await phare(['quality', 'blacklist', otherChunk, '--reason', 'outdated figures']);
    expect(black.code, black.err).toBe(0);
    expect(black.out).toMatch(new RegExp(`^Passage ${otherChunk} \\(.+, p\\. \\d+\\): blacklisted\\n$`));
    expect((await phare(['quality', 'restore', otherChunk, '--reason', 'figures checked'])).out).toMatch(/: restored \(no flag\)\n$/);
    const white = await json(['quality', 'whitelist', otherChunk, '--reason', 'reference passage']);
    expect(white).toMatchObject({ chunkId: otherChunk, whitelisted: true, blacklisted: false });

    expect((await phare(['quality', 'blacklist', otherChunk])).code).toBe(2);
    expectOneLineFailure(await phare(['quality', 'blacklist', 'no-such-chunk', '--reason', 'x']), /No passage no-such-chunk/);

    const entries = ((await json(['quality', 'audit'])) as unknown[]).map((e) => AuditEntrySchema.parse(e));
    const byUser = entries.filter((e) => e.chunkId === otherChunk).map((e) => [e.action, e.actor, e.reason]);
    expect(byUser).toEqual([
      ['whitelist', 'user', 'reference passage'],
      ['restore', 'user', 'figures checked'],
      ['blacklist', 'user', 'outdated figures'],
    ]);
    expect(entries.some((e) => e.chunkId === badChunk && e.action === 'review-accepted')).toBe(true);
    const whitelists = (await json(['quality', 'audit', '--action', 'whitelist'])) as unknown[];
    expect(whitelists).toHaveLength(1);
    expect((await json(['quality', 'audit', '--since', '2999-01-01'])) as unknown[]).toEqual([]);

    const text = await phare(['quality', 'audit']);
    expect(text.out.trimEnd().split('\n')).toHaveLength(entries.length);
    const csv = await phare(['quality', 'audit', '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(parseCsv(csv.out)).toHaveLength(entries.length + 1);
    const asJson = await phare(['quality', 'audit', '--format', 'json']);
    expect(JSON.parse(asJson.out)).toHaveLength(entries.length);
    expect((await phare(['quality', 'audit', '--action', 'delete-everything'])).code).toBe(2);
  });
});

describe('phare quality recommendations and stats', () => {
  it('lists recommendations and refuses an unknown one', async () => {
    const found = (await json(['quality', 'recommendations'])) as unknown[];
    for (const r of found) RecommendationSchema.parse(r);
    expectOneLineFailure(await phare(['quality', 'recommendations', '--apply', 'no-such-recommendation']), /No recommendation no-such-recommendation/);
    expect((await phare(['quality', 'recommendations', '--apply', 'a', '--dismiss', 'b'])).code).toBe(2);
  });

  it('stats gives the window’s figures', async () => {
    const stats = QualityStatsSchema.parse(await json(['quality', 'stats']));
    expect(stats.days).toBe(7);
    expect(stats.feedbacks).toBe(6);
    expect(stats.ratingHistogram).toEqual([3, 0, 0, 0, 3]);
    expect(stats.runs.completed).toBe(2);
    const text = await phare(['quality', 'stats', '--days', '30']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Last 30 days \(since \d{4}-\d{2}-\d{2}\)\n/);
    expect(text.out).toMatch(/^ {2}ratings 1\.\.5 +3 0 0 0 3$/m);
    expectOneLineFailure(await phare(['quality', 'stats', '--days', '0']), /^phare: Invalid input: days: /);
  });
});
