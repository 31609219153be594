/**
 * Resuming from the job journal, in process: a journal is written as a kill would have left it (its
 * owner dead), and the next start runs only what the job had not finished. The files it had finished
 * are deleted from disk first, so running one again would fail it where a duplicate would hide it; a
 * file whose document was committed just before the kill is its own document, not a duplicate; a
 * paused job waits, a cancelled one runs nothing more, and a start that does no background work
 * leaves the journal alone. (killResume.test.ts does the same with a real SIGKILL, more slowly.)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { DocumentRecord, IngestResult } from '../../../src-shared/domain';
import type { JobSummary } from '../../../src-shared/libraryManagement';
import { createCore, type Core } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import { JOBS_FOLDER, type JobEvent, type JobHeader } from '../../../src-main/core/jobs/jobJournal';
import { openLibraryStore } from '../../../src-main/core/store/libraryStore';

const settingsOverrides = { threads: 1, gpu: 'cpu', gpuLayers: 0 } as const;
const dirs: string[] = [];
const cores: Core[] = [];
afterAll(async () => {
  for (const core of cores) await core.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Client = ReturnType<typeof createInProcessClient>;

async function open(dataDir: string, background = true): Promise<Client> {
  const core = await createCore({ dataDir, settingsOverrides, background });
  cores.push(core);
  return createInProcessClient(core);
}

/** A data folder with `count` small text files beside it. */
function setup(count: number): { dataDir: string; files: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'phare-resume-'));
  dirs.push(root);
  const folder = join(root, 'files');
  mkdirSync(folder);
  const files = Array.from({ length: count }, (_, i) => {
    const path = join(folder, `note-${i}.txt`);
    writeFileSync(path, `Registre ${i}\n\nLe gardien du phare numéro ${i} note le passage du navire ${i * 7}.\n`);
    return path;
  });
  return { dataDir: join(root, 'data'), files };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

/** Writes the journal a killed process would have left. */
async function killedJob(dataDir: string, jobId: string, files: string[], events: JobEvent[]): Promise<void> {
  const header: JobHeader = {
    type: 'job',
    jobId,
    kind: 'paths',
    collection: 'default',
    createdAt: new Date().toISOString(),
    files: files.map((path) => ({ path, displayName: path })),
    cleanupFolder: null,
    reingest: null,
    ownerPid: await deadPid(),
  };
  mkdirSync(join(dataDir, JOBS_FOLDER), { recursive: true });
  writeFileSync(join(dataDir, JOBS_FOLDER, `${jobId}.jsonl`), [header, ...events].map((l) => JSON.stringify(l)).join('\n') + '\n');
}

async function ended(client: Client, jobId: string): Promise<JobSummary> {
  for (;;) {
    const job = (await client.call('jobs.list', {})).find((j: JobSummary) => j.jobId === jobId);
    if (job && (job.state === 'done' || job.state === 'cancelled')) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Ingests files in a first life of the library and returns their results. */
async function firstLife(dataDir: string, files: string[]): Promise<IngestResult[]> {
  const core = await createCore({ dataDir, settingsOverrides });
  try {
    const client = createInProcessClient(core);
    const job = await client.call('library.ingestPaths', { paths: files });
    await ended(client, job.jobId);
    const docs: DocumentRecord[] = await client.call('library.list', {});
    return files.map((file) => {
      const doc = docs.find((d) => d.sourcePath === file)!;
      return { file, documentId: doc.id, status: 'ready', pages: doc.pages, chunks: doc.chunks, error: null };
    });
  } finally {
    await core.dispose();
  }
}

it('runs only the files a killed job had not finished, and takes a document committed before the kill as its own', async () => {
  const { dataDir, files } = setup(5);
  const done = await firstLife(dataDir, files.slice(0, 3));
  // Files 0 and 1 finished; file 2 was committed but its end not recorded; 3 and 4 never started.
  await killedJob(dataDir, 'killed', files, [
    { type: 'document', index: 0, documentId: done[0].documentId! },
    { type: 'file', index: 0, result: done[0] },
    { type: 'document', index: 1, documentId: done[1].documentId! },
    { type: 'file', index: 1, result: done[1] },
    { type: 'document', index: 2, documentId: done[2].documentId! },
  ]);
  rmSync(files[0]);
  rmSync(files[1]);

  const client = await open(dataDir);
  const job = await ended(client, 'killed');
  // File 2 is its own document (ready), not a duplicate of it.
  expect(job).toMatchObject({ state: 'done', resumed: true, total: 5, finished: 5, failed: 0, duplicates: 0 });
  const docs: DocumentRecord[] = await client.call('library.list', {});
  expect(docs).toHaveLength(5);
  expect(docs.every((d) => d.status === 'ready')).toBe(true);
  // The finished files' documents are those of the first life, untouched.
  for (const result of done) expect(docs.find((d) => d.sourcePath === result.file)?.id).toBe(result.documentId);
}, 120_000);

it('keeps a paused job paused until it is resumed, and runs nothing more of a cancelled one', async () => {
  const { dataDir, files } = setup(4);
  const done = await firstLife(dataDir, files.slice(0, 1));
  await killedJob(dataDir, 'paused', files.slice(0, 2), [{ type: 'file', index: 0, result: done[0] }, { type: 'paused', paused: true }]);
  await killedJob(dataDir, 'cancelled', files.slice(2), [{ type: 'cancelled' }]);

  const client = await open(dataDir);
  // Its files end as cancelled (counted as failed), never ingested.
  expect(await ended(client, 'cancelled')).toMatchObject({ state: 'cancelled', total: 2, finished: 2, failed: 2 });
  const waiting = (await client.call('jobs.list', {})).find((j: JobSummary) => j.jobId === 'paused');
  expect(waiting).toMatchObject({ state: 'paused', total: 2, finished: 1 });
  expect(await client.call('jobs.resume', { jobId: 'paused' })).toEqual({ resumed: true });
  expect(await ended(client, 'paused')).toMatchObject({ state: 'done', total: 2, finished: 2, failed: 0 });
  const docs: DocumentRecord[] = await client.call('library.list', {});
  expect(docs.map((d) => d.sourcePath).sort()).toEqual(files.slice(0, 2).sort());
}, 120_000);

/** Marks documents as a kill in their middle leaves them: 'processing', as their row was written. */
async function interruptedDuring(dataDir: string, ids: string[]): Promise<void> {
  const store = await openLibraryStore(dataDir);
  try {
    for (const id of ids) await store.putDocument({ ...(await store.getDocument(id))!, status: 'processing' });
  } finally {
    await store.close();
  }
}

it('a document the kill left half-written waits for its file; one whose file vanished, or of no job, fails as interrupted', async () => {
  const { dataDir, files } = setup(4);
  const done = await firstLife(dataDir, files);
  const ids = done.map((r) => r.documentId!);
  // The job had files 0 to 2: file 0 finished, file 1 was in its middle (its document id recorded),
  // file 2 had begun (its row written, no event yet). Document 3 was in the middle of no job.
  await interruptedDuring(dataDir, ids.slice(1));
  await killedJob(dataDir, 'halfway', files.slice(0, 3), [
    { type: 'document', index: 0, documentId: ids[0] },
    { type: 'file', index: 0, result: done[0] },
    { type: 'document', index: 1, documentId: ids[1] },
  ]);
  rmSync(files[0]);
  rmSync(files[2]);

  const client = await open(dataDir);
  expect(await ended(client, 'halfway')).toMatchObject({ state: 'done', resumed: true, total: 3, finished: 3, failed: 1 });
  const docs: DocumentRecord[] = await client.call('library.list', {});
  const byId = new Map(docs.map((d) => [d.id, d]));
  expect(ids.map((id) => byId.get(id)?.status)).toEqual(['ready', 'ready', 'failed', 'failed']);
  expect(byId.get(ids[2])?.error?.code).toBe('INGEST_INTERRUPTED');
  expect(byId.get(ids[3])?.error?.code).toBe('INGEST_INTERRUPTED');
  expect(byId.get(ids[2])?.error?.message).toContain(files[2]);
  expect(byId.get(ids[1])?.chunks).toBeGreaterThan(0);
}, 120_000);

it('a job that finishes leaves the documents another interrupted job will still run alone', async () => {
  const { dataDir, files } = setup(3);
  const done = await firstLife(dataDir, files);
  const ids = done.map((r) => r.documentId!);
  await interruptedDuring(dataDir, ids.slice(1));
  // Two killed jobs: one finishes at once (its file 1 runs again); the other, paused, still has file 2
  // to run when the first one ends, and its document must wait for it, queued, not fail.
  await killedJob(dataDir, 'runs', files.slice(0, 2), [
    { type: 'file', index: 0, result: done[0] },
    { type: 'document', index: 1, documentId: ids[1] },
  ]);
  // Its file had begun (its row written) with no event yet: the document is known by its path alone.
  await killedJob(dataDir, 'waits', files.slice(2), [{ type: 'paused', paused: true }]);

  const client = await open(dataDir);
  expect(await ended(client, 'runs')).toMatchObject({ state: 'done', total: 2, finished: 2, failed: 0 });
  expect((await client.call('library.get', { id: ids[2] })).status).toBe('queued');
  expect(await client.call('jobs.resume', { jobId: 'waits' })).toEqual({ resumed: true });
  expect(await ended(client, 'waits')).toMatchObject({ state: 'done', total: 1, finished: 1, failed: 0 });
  const docs: DocumentRecord[] = await client.call('library.list', {});
  expect(docs.map((d) => d.status)).toEqual(['ready', 'ready', 'ready']);
  expect(docs.map((d) => d.id).sort()).toEqual([...ids].sort());
}, 120_000);

it('a file that fails after its document was made stays failed, in a new job and when its job resumes', async () => {
  const { dataDir } = setup(0);
  const blank = join(dataDir, '..', 'blank.txt');
  writeFileSync(blank, ' \n\n  \n'); // read, then no text to chunk: NO_TEXT, its document already made
  const first = await open(dataDir);
  const job = await first.call('library.ingestPaths', { paths: [blank] });
  expect(await ended(first, job.jobId)).toMatchObject({ state: 'done', failed: 1, duplicates: 0 });
  const [doc]: DocumentRecord[] = await first.call('library.list', {});
  expect(doc).toMatchObject({ status: 'failed', error: { code: 'NO_TEXT' } });
  await cores.pop()!.dispose();

  await killedJob(dataDir, 'again', [blank], [{ type: 'document', index: 0, documentId: doc.id }]);
  const client = await open(dataDir);
  expect(await ended(client, 'again')).toMatchObject({ state: 'done', resumed: true, failed: 1, duplicates: 0 });
  expect(await client.call('library.get', { id: doc.id })).toMatchObject({ status: 'failed', error: { code: 'NO_TEXT' } });
}, 120_000);

it('a resumed file that duplicates another document is a duplicate, not that document', async () => {
  const { dataDir, files } = setup(1);
  const [done] = await firstLife(dataDir, files);
  const copy = join(dataDir, '..', 'copy.txt');
  writeFileSync(copy, readFileSync(files[0]));
  await killedJob(dataDir, 'copied', [copy], []);
  const client = await open(dataDir);
  expect(await ended(client, 'copied')).toMatchObject({ state: 'done', resumed: true, finished: 1, failed: 0, duplicates: 1 });
  expect((await client.call('library.list', {})).map((d: DocumentRecord) => d.id)).toEqual([done.documentId]);
}, 120_000);

it('a start without background work leaves a killed job on disk for the next one', async () => {
  const { dataDir, files } = setup(2);
  await killedJob(dataDir, 'later', files, []);
  const path = join(dataDir, JOBS_FOLDER, 'later.jsonl');
  const before = readFileSync(path, 'utf8');
  const client = await open(dataDir, false);
  expect((await client.call('jobs.list', {})).map((j: JobSummary) => j.jobId)).not.toContain('later');
  expect(readFileSync(path, 'utf8')).toBe(before);
  expect(await client.call('library.list', {})).toEqual([]);
}, 120_000);
