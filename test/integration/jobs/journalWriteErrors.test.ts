/**
 * A job whose journal can no longer be written (issue 11: EMFILE on the journal ended `phare ingest`
 * with an unhandled rejection, exit 1 and no JSON) goes on and ends with every file's result; the
 * caller of the failed write sees the error, nothing else does; it is said once, not once a file.
 * The journal is made unwritable for real: its file is replaced by a folder while the job runs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runIngestJob } from '../../../src-shared/ingestJob';
import { JOBS_FOLDER, openJobJournal, type JobHeader } from '../../../src-main/core/jobs/jobJournal';
import { openTestCore, type TestCore } from '../../helpers/testCore';

const FILES = 12;

/** Rejections nobody handled while `run` ran (and a few turns after, when they are reported). */
async function unhandledDuring(run: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

function header(jobId: string): JobHeader {
  return {
    type: 'job',
    jobId,
    kind: 'paths',
    collection: 'default',
    createdAt: new Date().toISOString(),
    files: [{ path: '/nowhere/a.txt', displayName: 'a.txt' }],
    cleanupFolder: null,
    reingest: null,
    ownerPid: process.pid,
  };
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'phare-journal-errors-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a journal that cannot be written', () => {
  it('fails the write for its caller only', async () => {
    const dataDir = join(root, 'journal');
    const journal = openJobJournal(dataDir);
    await journal.create(header('job-1'));
    const file = join(dataDir, JOBS_FOLDER, 'job-1.jsonl');
    rmSync(file);
    mkdirSync(file);
    let caught: unknown = null;
    const unhandled = await unhandledDuring(async () => {
      caught = await journal.append('job-1', { type: 'paused', paused: true }).then(() => null, (error: unknown) => error);
    });
    expect((caught as NodeJS.ErrnoException | null)?.code).toBe('EISDIR');
    expect(unhandled).toEqual([]);
    // The next start reads what it can and opens: the unreadable record is skipped, not fatal.
    await expect(openJobJournal(dataDir).takeOver()).resolves.toEqual([]);
  });

  it('does not stop a job: every file gets its result, and the failure is said once', async () => {
    const t: TestCore = await openTestCore();
    const warn = vi.spyOn(console, 'warn');
    try {
      const folder = join(root, 'notes');
      mkdirSync(folder);
      for (let i = 0; i < FILES; i++) writeFileSync(join(folder, `note-${i}.txt`), `Note ${i} : le feu du phare ${i} est vert.\n`);
      let broken = false;
      let results: Awaited<ReturnType<typeof runIngestJob>>['results'] = [];
      const unhandled = await unhandledDuring(async () => {
        const done = await runIngestJob(t.client, { method: 'library.ingestPaths', input: { paths: [folder] } }, (progress) => {
          if (broken) return;
          broken = true;
          const file = join(t.dataDir, JOBS_FOLDER, `${progress.jobId}.jsonl`);
          rmSync(file, { force: true });
          mkdirSync(file);
        });
        results = done.results;
      });
      expect(unhandled).toEqual([]);
      expect(results).toHaveLength(FILES);
      expect(results.every((r) => r.status === 'ready')).toBe(true);
      const said = warn.mock.calls.map((args) => String(args[0])).filter((line) => line.includes('could not record job'));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/EISDIR.*it goes on/);
    } finally {
      warn.mockRestore();
      await t.dispose();
    }
  });
});
