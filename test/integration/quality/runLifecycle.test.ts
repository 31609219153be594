/**
 * Runs across process lifetimes, on real libraries: a run killed with its process is marked
 * interrupted at the next start and a new run may begin; a decision half written by a crash (audit
 * row without its flag) is made whole at the next start; a daily run missed while the app was closed
 * catches up after the next start (fake clock), once, and not for a library made after the slot.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalysisRun } from '../../../src-shared/quality';
import { createCore } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import { openQualityStore } from '../../../src-main/core/quality/qualityStore';
import { corpusFile, repoRoot, tinyChatModel } from '../../helpers/paths';
import { ingest, openTestCore, type TestCore } from '../../helpers/testCore';

const superBowl = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');
const QUESTIONS = ['Who won Super Bowl 50?', 'Where was Super Bowl 50 played?', 'Which team lost Super Bowl 50?', 'Who was the Super Bowl 50 MVP?'];

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A library with thumbs-down feedback on every source of four extractive answers (small chunks: many candidates). */
async function ratedLibrary(): Promise<TestCore> {
  const t = await openTestCore({ language: 'en', chunkSize: 200, chunkOverlap: 0, chunkUnit: 'characters', topK: 6 });
  cleanup.push(() => rmSync(t.dataDir, { recursive: true, force: true }));
  const [result] = await ingest(t.client, [superBowl]);
  expect(result.status).toBe('ready');
  for (const [i, question] of QUESTIONS.entries()) {
    const answer = await t.client.call('chat.ask', { question, requestId: `q${i}` });
    await t.client.call('feedback.submit', { messageId: answer.messageId!, thumbs: 'down' });
  }
  const settings = await t.client.call('settings.get', {});
  await t.client.call('settings.update', { quality: { ...settings.quality, minVotes: 1, blacklistThreshold: 0.45 } });
  return t;
}

async function waitFor<T>(read: () => Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('analysis runs across restarts', () => {
  it('marks a run killed with its process as interrupted at the next start, and lets a new run begin', async () => {
    const t = await ratedLibrary();
    // The tiny model judges in the child, so the run spends its time in step 2, one candidate at a time.
    const settings = await t.client.call('settings.get', {});
    await t.client.call('settings.update', { chatModelPath: tinyChatModel, threads: 1, quality: { ...settings.quality, judgeTimeoutSeconds: 60 } });
    await t.dispose();

    const child = spawn(process.execPath, [join(repoRoot, 'bin/phare.js'), 'quality', 'run', '--wait', '--json', '--data', t.dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanup.push(() => void child.kill('SIGKILL'));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const quality = await openQualityStore(join(t.dataDir, 'library.lance'));
    let judging: AnalysisRun;
    try {
      // Killed in the middle of the judging step, after at least one decision.
      judging = await waitFor(async () => {
        const [run] = await quality.listRuns(1);
        return run?.status === 'running' && run.step === 'blacklist' && run.counts.judgeCalls >= 1 ? run : null;
      }, 90_000);
      child.kill('SIGKILL');
      await exited;
    } finally {
      await quality.close();
    }

    const core = await createCore({ dataDir: t.dataDir, background: false });
    cleanup.push(() => core.dispose());
    const client = createInProcessClient(core);
    const [run] = await client.call('quality.runs', {});
    expect(run).toMatchObject({ id: judging.id, status: 'interrupted', trigger: 'manual' });
    expect(run.endedAt).not.toBeNull();
    // Every decision the killed run wrote is whole: each blacklist row's chunk is blacklisted.
    const audit = await client.call('quality.audit', { actor: judging.id });
    expect(audit.length).toBeGreaterThanOrEqual(1);
    const blacklisted = new Set((await client.call('quality.chunks', { filter: 'blacklisted' })).map((c) => c.chunkId));
    for (const entry of audit.filter((a) => a.action === 'blacklist')) expect(blacklisted.has(entry.chunkId!)).toBe(true);
    // Not refused as ANALYSIS_RUNNING: the killed run holds nothing.
    await client.call('settings.update', { chatModelPath: null });
    const next = await client.call('quality.run', {});
    expect(next.status).toBe('running');
  });

  it('completes at the next start a decision whose flag a crash did not write', async () => {
    const t = await ratedLibrary();
    const [hit] = await t.client.call('search.query', { query: QUESTIONS[0], topK: 1, mode: 'fulltext' });
    await t.dispose();
    // The audit row of a blacklist, written as the run does it, then the "crash": no flag.
    const quality = await openQualityStore(join(t.dataDir, 'library.lance'));
    await quality.appendAudit([
      {
        id: '000000000-0000-crashed',
        at: new Date().toISOString(),
        action: 'blacklist',
        chunkId: hit.chunkId,
        documentId: hit.documentId,
        reason: 'decided just before the crash',
        score: 0.1,
        votes: 4,
        judgeVerdict: 'blacklist',
        judgeRaw: '{"verdict":"blacklist","reason":"decided just before the crash"}',
        actor: 'run-that-crashed',
      },
    ]);
    await quality.close();

    const core = await createCore({ dataDir: t.dataDir, background: false });
    cleanup.push(() => core.dispose());
    const client = createInProcessClient(core);
    expect((await client.call('library.chunk', { id: hit.chunkId })).blacklisted).toBe(true);
    const hits = await client.call('search.query', { query: QUESTIONS[0], topK: 50, mode: 'fulltext' });
    expect(hits.map((h) => h.chunkId)).not.toContain(hit.chunkId);
  });

  it('catches up a daily run missed while the app was closed, once, after the next start', async () => {
    // A new library, first opened at the fake time: the schedule counts from a library's first start.
    const dataDir = mkdtempSync(join(tmpdir(), 'phare-catch-up-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const day = (d: number, h: number) => new Date(2026, 11, d, h, 0).getTime();
    const open = async (now: number) => {
      const core = await createCore({ dataDir, clock: () => now, catchUpQuietMs: 0 });
      return { core, client: createInProcessClient(core) };
    };

    // First start on the 1st at noon: the library is analysed from then on; that day's 03:00 was before it.
    const first = await open(day(1, 12));
    await new Promise((r) => setTimeout(r, 500));
    expect(await first.client.call('quality.runs', {})).toEqual([]);
    const schedule = await first.client.call('quality.schedule', {});
    expect(schedule).toMatchObject({ enabled: true, time: '03:00', lastRun: null, running: null });
    expect(new Date(schedule.nextRunAt!).getHours()).toBe(3);
    await first.core.dispose();

    // Closed until the 3rd at 09:00: the 3rd's 03:00 run was missed.
    const second = await open(day(3, 9));
    const caughtUp = await waitFor(async () => {
      const [run] = await second.client.call('quality.runs', {});
      return run && run.status !== 'running' ? run : null;
    });
    expect(caughtUp).toMatchObject({ trigger: 'catch-up', status: 'completed', startedAt: new Date(day(3, 9)).toISOString() });
    await second.core.dispose();

    // Started again the same morning: that slot has had its run.
    const third = await open(day(3, 10));
    cleanup.push(() => third.core.dispose());
    await new Promise((r) => setTimeout(r, 500));
    expect(await third.client.call('quality.runs', {})).toHaveLength(1);
  });

  it('does not catch up when the schedule is off', async () => {
    const t = await openTestCore({ language: 'en' });
    cleanup.push(() => rmSync(t.dataDir, { recursive: true, force: true }));
    const settings = await t.client.call('settings.get', {});
    await t.client.call('settings.update', { quality: { ...settings.quality, scheduleEnabled: false } });
    await t.dispose();
    const core = await createCore({ dataDir: t.dataDir, clock: () => Date.now() + 3 * 86_400_000, catchUpQuietMs: 0 });
    cleanup.push(() => core.dispose());
    const client = createInProcessClient(core);
    await new Promise((r) => setTimeout(r, 500));
    expect(await client.call('quality.runs', {})).toEqual([]);
    expect((await client.call('quality.schedule', {})).nextRunAt).toBeNull();
  });
});
