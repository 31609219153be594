/**
 * An ingestion job the contract accepted is never lost: `library.ingestPaths` (and `ingestUploads`,
 * `reingest`) answer only once the job's journal is on disk, so a SIGKILL right after the answer still
 * resumes the job at the next start. Before, the call answered while the journal's first line was
 * still being written: a kill -9 21 ms after a second job was accepted lost it (issue 11 §6, found by
 * test/integration/faults/killDuringWork.test.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/libraryManagement';
import { createCore, type Core } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import { JobHeaderSchema } from '../../../src-main/core/jobs/jobJournal';
import { corpusDir, repoRoot } from '../../helpers/paths';

const settingsOverrides = { threads: 1, gpu: 'cpu', gpuLayers: 0 } as const;
const dirs: string[] = [];
const cores: Core[] = [];

afterAll(async () => {
  for (const core of cores) await core.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phare-accepted-'));
  dirs.push(dir);
  return dir;
}

function articles(count: number): string[] {
  const dir = join(corpusDir, 'qa', 'piaf_fr', 'docs');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .slice(0, count)
    .map((f) => join(dir, f));
}

type Client = ReturnType<typeof createInProcessClient>;

async function jobDone(client: Client, jobId: string): Promise<JobSummary> {
  for (;;) {
    const job = (await client.call('jobs.list', {})).find((j: JobSummary) => j.jobId === jobId);
    if (job && job.state !== 'running' && job.state !== 'paused') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function journalOf(dataDir: string, jobId: string) {
  const path = join(dataDir, 'jobs', `${jobId}.jsonl`);
  if (!existsSync(path)) return null;
  return JobHeaderSchema.parse(JSON.parse(readFileSync(path, 'utf8').split('\n')[0]));
}

it('answers library.ingestPaths, ingestUploads and reingest only once the job is on disk', async () => {
  const dataDir = tempDir();
  const core = await createCore({ dataDir, settingsOverrides });
  cores.push(core);
  const client = createInProcessClient(core);
  const paths = articles(3);

  const job = await client.call('library.ingestPaths', { paths });
  // Read at once, with nothing awaited in between: what a kill at this moment would leave.
  expect(journalOf(dataDir, job.jobId)?.files.map((f) => f.path)).toEqual(paths);

  const upload = await client.call('library.ingestUploads', {
    files: [{ name: 'note.txt', dataBase64: Buffer.from('Registre du gardien\n\nLe feu est allumé.\n').toString('base64') }],
  });
  const uploaded = journalOf(dataDir, upload.jobId);
  expect(uploaded?.files.map((f) => f.displayName)).toEqual(['note.txt']);
  expect(readFileSync(uploaded!.files[0].path, 'utf8')).toContain('Le feu est allumé');

  expect(await jobDone(client, job.jobId)).toMatchObject({ state: 'done', finished: paths.length, failed: 0 });
  const id = (await client.call('library.list', {})).find((d) => d.sourcePath === paths[0])!.id;
  const again = await client.call('library.reingest', { id });
  expect(journalOf(dataDir, again.jobId)?.reingest?.documentId).toBe(id);
  expect(await jobDone(client, again.jobId)).toMatchObject({ state: 'done', failed: 0 });
  expect(await jobDone(client, upload.jobId)).toMatchObject({ state: 'done', failed: 0 });
}, 120_000);

it('resumes a job killed with SIGKILL as soon as the call accepted it', async () => {
  const dataDir = tempDir();
  const paths = articles(8);
  // The child prints `started {job}` right after library.ingestPaths answered; it is killed on that line.
  const started = await new Promise<{ jobId: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/integration/jobs/ingestThenDie.ts'), dataDir, ...paths], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let job: { jobId: string } | null = null;
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
      const line = /^started (.*)$/m.exec(out);
      if (line && !job) {
        const result = JSON.parse(line[1]) as { ok: boolean; value: { jobId: string } };
        if (!result.ok) return reject(new Error(`library.ingestPaths failed: ${line[1]}`));
        job = result.value;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && job) resolve(job);
      else reject(new Error(`the child ended by itself (code ${code}) before it was killed:\n${out}`));
    });
  });

  // What the kill left: the job's journal, whole.
  expect(journalOf(dataDir, started.jobId)?.files.map((f) => f.path)).toEqual(paths);
  const core = await createCore({ dataDir, settingsOverrides });
  cores.push(core);
  const client = createInProcessClient(core);
  const listed = (await client.call('jobs.list', {})).find((j: JobSummary) => j.jobId === started.jobId);
  expect(listed, 'the accepted job after the restart').toMatchObject({ resumed: true, total: paths.length });
  expect(await jobDone(client, started.jobId)).toMatchObject({ state: 'done', finished: paths.length, failed: 0 });
  const docs = await client.call('library.list', {});
  expect(docs.map((d) => d.status)).toEqual(paths.map(() => 'ready'));
  expect(new Set(docs.map((d) => d.sourcePath))).toEqual(new Set(paths));
  expect(readdirSync(join(dataDir, 'jobs'))).toEqual([]);
}, 120_000);
