/**
 * The app is killed (SIGKILL, no cleanup) in the middle of a batch: the next start resumes the
 * unfinished files of the job, documents finished before the kill are intact, nothing is ingested
 * twice, nothing half-written is ever searchable, and search works on the whole batch.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../src-shared/domain';
import type { JobSummary } from '../../../src-shared/libraryManagement';
import { createCore, type Core } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import { corpusDir, corpusFile, repoRoot } from '../../helpers/paths';

const dataDir = mkdtempSync(join(tmpdir(), 'phare-kill-'));
let core: Core | null = null;

afterAll(async () => {
  await core?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Real articles in both languages, with text PDFs among them so the kill lands in a slow file. */
function batch(): string[] {
  const texts = ['piaf_fr', 'xquad_en'].flatMap((set) =>
    readdirSync(join(corpusDir, 'qa', set, 'docs'))
      .sort()
      .slice(0, 8)
      .map((name) => join(corpusDir, 'qa', set, 'docs', name)),
  );
  const pdfs = [corpusFile('pdf', 'pdfjs_tracemonkey.pdf'), corpusFile('pdf', 'llama_598us1r3_j4ek.pdf')];
  return [...texts.slice(0, 3), pdfs[0], ...texts.slice(3, 10), pdfs[1], ...texts.slice(10)];
}

/** Runs the batch in a child process and SIGKILLs it once `killAfterDone` files ended; resolves with the indices that ended. */
function ingestUntilKilled(paths: string[], killAfterDone: number): Promise<Set<number>> {
  return new Promise((resolve, reject) => {
    // Node itself with tsx as a loader (not the tsx wrapper, whose own child would survive the kill).
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/integration/jobs/ingestThenDie.ts'), dataDir, ...paths], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const done = new Set<number>();
    let out = '';
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
      for (const [, index] of out.matchAll(/^done (\d+) /gm)) done.add(Number(index));
      if (done.size >= killAfterDone && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(done);
      else reject(new Error(`the child ended by itself (code ${code}) before it was killed:\n${out}`));
    });
  });
}

it('resumes a batch after a SIGKILL: every file once, finished ones intact, search OK', async () => {
  const paths = batch();
  const doneBeforeKill = await ingestUntilKilled(paths, 3);
  expect(doneBeforeKill.size).toBeGreaterThanOrEqual(3);
  expect(doneBeforeKill.size).toBeLessThan(paths.length);

  core = await createCore({ dataDir, settingsOverrides: { threads: 1, gpu: 'cpu', gpuLayers: 0 } });
  // Files the resumed job runs, counted as each ends (the first can only end after reading its file).
  const runs = new Map<number, number>();
  core.events.on('ingest.progress', (p) => {
    if (p.stage === 'done') runs.set(p.index, (runs.get(p.index) ?? 0) + 1);
  });
  const client = createInProcessClient(core);
  // Nothing half-written is visible while the resumed job runs: every listed document is ready or waiting.
  const during = await client.call('library.list', {});
  for (const doc of during) expect(['ready', 'queued', 'processing']).toContain(doc.status);

  const resumed = await waitForJobs(client.call.bind(client, 'jobs.list', {}) as () => Promise<JobSummary[]>);
  expect(resumed).toHaveLength(1);
  expect(resumed[0]).toMatchObject({ state: 'done', resumed: true, total: paths.length, finished: paths.length, failed: 0 });
  // Only the files not finished before the kill ran again, each once (a finished one run again would
  // pass as its own duplicate and hide in the totals).
  const unfinished = paths.map((_, i) => i).filter((i) => !doneBeforeKill.has(i));
  expect([...runs.keys()].sort((a, b) => a - b)).toEqual(unfinished);
  expect([...runs.values()]).toEqual(unfinished.map(() => 1));

  const docs: DocumentRecord[] = await client.call('library.list', {});
  expect(docs.map((d) => d.status)).toEqual(docs.map(() => 'ready'));
  // Every file exactly once: one document per source path and per content.
  expect(new Set(docs.map((d) => d.sourcePath))).toEqual(new Set(paths));
  expect(docs).toHaveLength(paths.length);
  expect(new Set(docs.map((d) => d.sha256)).size).toBe(paths.length);
  for (const doc of docs) expect(doc.chunks).toBeGreaterThan(0);
  // Chunks are not doubled either: each document has exactly the chunks its row counts, one per ordinal.
  for (const doc of docs) {
    const { chunks } = await client.call('library.detail', { id: doc.id });
    expect(chunks.length, doc.title).toBe(doc.chunks);
    expect(chunks.map((c) => c.ordinal).sort((a, b) => a - b)).toEqual(chunks.map((_, i) => i));
    expect(new Set(chunks.map((c) => c.id)).size).toBe(doc.chunks);
  }
  const hits = await client.call('search.query', { query: 'TraceMonkey trace-based compilation', topK: 3, mode: 'fulltext' });
  expect(docs.find((d) => d.id === hits[0].documentId)?.sourcePath).toBe(paths[3]);
  // The job's record on disk is gone once it finished.
  expect(readdirSync(join(dataDir, 'jobs'))).toEqual([]);
}, 180_000);

async function waitForJobs(list: () => Promise<JobSummary[]>): Promise<JobSummary[]> {
  for (;;) {
    const jobs = await list();
    if (jobs.length > 0 && jobs.every((j) => j.state === 'done' || j.state === 'cancelled')) return jobs;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
