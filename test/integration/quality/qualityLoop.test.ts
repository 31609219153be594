/**
 * The quality loop through the contract, on a real library (a corpus article) with no chat model:
 * feedback, an analysis run whose candidates go to review (no judge), a person's decisions, the
 * blacklist taking a chunk out of every search and answer, hand-made decisions and their undo, each
 * written to the audit log.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToEnd } from './runToEnd';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';

let t: TestCore;

async function expectCallError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e as { code?: string },
  );
  expect(error?.code).toBe(code);
}

const QUESTIONS = ['Who won Super Bowl 50?', 'Where was Super Bowl 50 played?', 'Which team lost Super Bowl 50?', 'Who was the Super Bowl 50 MVP?'];

beforeAll(async () => {
  t = await openTestCore({ language: 'en' });
  const [result] = await ingest(t.client, [corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt')]);
  expect(result.status).toBe('ready');
});

afterAll(async () => {
  await t?.dispose();
  if (t) rmSync(t.dataDir, { recursive: true, force: true });
});

describe('the quality loop, with no judge', () => {
  let blamed: string;

  it('scores the chunks behind rated answers and sends the bad one to review', async () => {
    // Every answer's first source is marked wrong: it collects one strong negative vote per question.
    const firstSources = new Set<string>();
    for (const [i, question] of QUESTIONS.entries()) {
      const answer = await t.client.call('chat.ask', { question, requestId: `q${i}` });
      const feedback = await t.client.call('feedback.submit', { messageId: answer.messageId!, thumbs: 'down', wrongSources: [1] });
      firstSources.add(feedback.snapshot.sources[0].chunkIds[0]);
    }
    const { run, progress } = await runToEnd(t.client);
    expect(run.status).toBe('completed');
    expect(run.progress).toBe(100);
    expect(progress.at(-1)).toBe(100);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(run.judgeModel).toBeNull();
    expect(run.counts.feedbacks).toBe(4);

    const all = await t.client.call('quality.review', {});
    expect(all).toHaveLength(run.counts.sentToReview);
    const review = all.filter((r) => r.kind === 'blacklist');
    expect(review.length).toBe(run.counts.candidates);
    // Chunks with at least three votes (the default minimum), a smoothed score under 0.3 and votes that lean negative.
    const scored = await t.client.call('quality.chunks', { filter: 'scored' });
    const expected = scored.filter((c) => c.votes >= 3 && c.score! < 0.3).map((c) => c.chunkId).sort();
    expect(review.map((r) => r.chunkId).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(review.every((r) => r.why === 'no-judge' && r.kind === 'blacklist' && r.evidence.length >= 3)).toBe(true);
    blamed = review[0].chunkId!;
    expect(firstSources.has(blamed)).toBe(true);
  });

  it('gives the same scores when run again over the same feedback', async () => {
    const before = await t.client.call('quality.chunks', { filter: 'scored', limit: 10_000 });
    const { run } = await runToEnd(t.client);
    expect(run.status).toBe('completed');
    // The pending candidates are not sent to review twice.
    expect(run.counts.sentToReview).toBe(0);
    const after = await t.client.call('quality.chunks', { filter: 'scored', limit: 10_000 });
    expect(after.map((c) => [c.chunkId, c.score, c.votes])).toEqual(before.map((c) => [c.chunkId, c.score, c.votes]));
  });

  it('blacklists an accepted candidate: gone from every search and from answers, greyed in the document', async () => {
    const [item] = (await t.client.call('quality.review', {})).filter((r) => r.chunkId === blamed);
    const decided = await t.client.call('quality.decide', { id: item.id, accept: true, reason: 'misleading' });
    expect(decided.status).toBe('accepted');
    await expectCallError(t.client.call('quality.decide', { id: item.id, accept: false }), 'REVIEW_ITEM_CLOSED');

    const chunk = await t.client.call('library.chunk', { id: blamed });
    expect(chunk.blacklisted).toBe(true);
    const blacklist = await t.client.call('quality.chunks', { filter: 'blacklisted' });
    expect(blacklist.map((c) => c.chunkId)).toEqual([blamed]);
    for (const question of QUESTIONS) {
      const hits = await t.client.call('search.query', { query: question, topK: 50, mode: 'fulltext' });
      expect(hits.map((h) => h.chunkId)).not.toContain(blamed);
      const answer = await t.client.call('chat.ask', { question, requestId: `after-${question}` });
      expect(answer.sources.map((s) => s.chunkId)).not.toContain(blamed);
      const trace = await t.client.call('chat.trace', { messageId: answer.messageId! });
      expect(trace.retrieval.lists.flatMap((l) => l.chunkIds)).not.toContain(blamed);
    }
    const detail = await t.client.call('library.detail', { id: chunk.documentId });
    expect(detail.chunks.find((c) => c.id === blamed)?.blacklisted).toBe(true);

    const audit = await t.client.call('quality.audit', { chunkId: blamed });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['blacklist', 'user'],
      ['review-accepted', 'user'],
    ]);
    expect(audit[0].votes).toBeGreaterThanOrEqual(3);
  });

  it('restores, whitelists and blacklists by hand, each a new audit row, and a whitelisted chunk is never a candidate', async () => {
    await t.client.call('quality.setChunkFlag', { chunkId: blamed, action: 'restore', reason: 'it was right after all' });
    expect((await t.client.call('search.query', { query: QUESTIONS[0], topK: 50, mode: 'fulltext' })).map((h) => h.chunkId)).toContain(blamed);
    const whitelisted = await t.client.call('quality.setChunkFlag', { chunkId: blamed, action: 'whitelist', reason: 'checked by hand' });
    expect(whitelisted).toMatchObject({ whitelisted: true, blacklisted: false });
    const { run } = await runToEnd(t.client);
    expect(run.status).toBe('completed');
    const pending = await t.client.call('quality.review', {});
    expect(pending.map((r) => r.chunkId)).not.toContain(blamed);

    const actions = (await t.client.call('quality.audit', { chunkId: blamed })).map((a) => a.action);
    expect(actions).toEqual(['whitelist', 'restore', 'blacklist', 'review-accepted']);
    await expectCallError(t.client.call('quality.setChunkFlag', { chunkId: 'no-such-chunk', action: 'blacklist', reason: 'x' }), 'CHUNK_NOT_FOUND');
    await expectCallError(t.client.call('quality.decide', { id: 'no-such-item', accept: true }), 'REVIEW_ITEM_NOT_FOUND');
  });

  it('refuses a second run while one is going on', async () => {
    const first = await t.client.call('quality.run', {});
    await expectCallError(t.client.call('quality.run', {}), 'ANALYSIS_RUNNING');
    const runs = await t.client.call('quality.runs', {});
    expect(runs[0].id).toBe(first.id);
    await new Promise<void>((resolve) => {
      const off = t.client.on('quality.run', (r) => {
        if (r.id === first.id && r.status !== 'running') {
          off();
          resolve();
        }
      });
    });
    expect((await t.client.call('quality.runs', { limit: 1 }))[0].status).toBe('completed');
  });

  it('exports the audit log as CSV with one row per decision', async () => {
    const all = await t.client.call('quality.audit', {});
    const csv = await t.client.call('quality.auditExport', { format: 'csv' });
    expect(csv.count).toBe(all.length);
    expect(csv.content.trimEnd().split('\r\n')).toHaveLength(all.length + 1);
    expect(csv.content.split('\r\n')[0]).toBe('at,action,chunkId,documentId,reason,score,votes,judgeVerdict,judgeRaw,actor,id');
  });

  it('reports statistics and health', async () => {
    const stats = await t.client.call('quality.stats', {});
    expect(stats.questions).toBe(QUESTIONS.length * 2);
    expect(stats.answersByMode.extractive).toBe(QUESTIONS.length * 2);
    expect(stats.feedbacks).toBe(4);
    expect(stats.thumbsDown).toBe(4);
    expect(stats.averageRating).toBe(1);
    expect(stats.ratingHistogram).toEqual([4, 0, 0, 0, 0]);
    expect(stats.ingestion).toEqual({ documents: 1, failed: 0, successRate: 1 });
    expect(stats.runs.completed).toBeGreaterThanOrEqual(3);
    const health = await t.client.call('health', {});
    expect(health.state).not.toBe('failing');
    expect(health.components.map((c) => c.name)).toEqual(['store', 'disk', 'chatModel', 'embeddingModel', 'ocrData', 'scheduler', 'lastRun', 'jobs']);
    expect(health.components.find((c) => c.name === 'store')?.state).toBe('ok');
  });
});
