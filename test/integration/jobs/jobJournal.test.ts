/**
 * The job journal on real files: what a job wrote is what the next start reads back (results,
 * document ids, pause, cancel), a line a kill cut short or one out of range is ignored, a header
 * write the kill cut short and an unreadable record are removed, a live process's job is left to it,
 * a look without claiming changes nothing, and a claimed job is rewritten compactly as this process's.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestResult } from '../../../src-shared/domain';
import { JOBS_FOLDER, openJobJournal, type JobHeader } from '../../../src-main/core/jobs/jobJournal';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phare-journal-'));
  roots.push(dir);
  return dir;
}

function header(jobId: string, createdAt: string, ownerPid = process.pid, files = 3): JobHeader {
  return {
    type: 'job',
    jobId,
    kind: 'paths',
    collection: 'default',
    createdAt,
    files: Array.from({ length: files }, (_, i) => ({ path: `/somewhere/f${i}.txt`, displayName: `f${i}.txt` })),
    cleanupFolder: null,
    reingest: null,
    ownerPid,
  };
}

const ready = (file: string, documentId: string): IngestResult => ({ file, documentId, status: 'ready', pages: 1, chunks: 2, error: null });
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((l) => l.trim());

/** A process id that is not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('the job journal', () => {
  it('reads back what a job wrote: results, document ids, pause and resume, cancel', async () => {
    const dir = dataDir();
    const journal = openJobJournal(dir);
    await journal.create(header('job-a', '2026-01-01T00:00:00.000Z'));
    await journal.append('job-a', { type: 'document', index: 0, documentId: 'doc-0' });
    await journal.append('job-a', { type: 'file', index: 0, result: ready('f0.txt', 'doc-0') });
    await journal.append('job-a', { type: 'document', index: 1, documentId: 'doc-1' });
    await journal.append('job-a', { type: 'paused', paused: true });

    const [job] = await openJobJournal(dir).takeOver({ claim: false });
    expect(job.header.jobId).toBe('job-a');
    expect([...job.results]).toEqual([[0, ready('f0.txt', 'doc-0')]]);
    expect([...job.documentIds]).toEqual([
      [0, 'doc-0'],
      [1, 'doc-1'],
    ]);
    expect(job.paused).toBe(true);
    expect(job.cancelled).toBe(false);

    await journal.append('job-a', { type: 'paused', paused: false });
    await journal.append('job-a', { type: 'cancelled' });
    const [again] = await openJobJournal(dir).takeOver({ claim: false });
    expect(again.paused).toBe(false);
    expect(again.cancelled).toBe(true);

    await journal.remove('job-a');
    expect(await openJobJournal(dir).takeOver()).toEqual([]);
    expect(readdirSync(join(dir, JOBS_FOLDER))).toEqual([]);
  });

  it('keeps the lines of one job in the order they were written, the removal last', async () => {
    const dir = dataDir();
    const journal = openJobJournal(dir);
    const writes = [journal.create(header('job-b', '2026-01-01T00:00:00.000Z', process.pid, 40))];
    for (let i = 0; i < 40; i++) writes.push(journal.append('job-b', { type: 'file', index: i, result: ready(`f${i}.txt`, `doc-${i}`) }));
    await Promise.all(writes);
    const path = join(dir, JOBS_FOLDER, 'job-b.jsonl');
    expect(lines(path).slice(1).map((l) => (JSON.parse(l) as { index: number }).index)).toEqual([...Array(40).keys()]);
    // Writes asked for while earlier ones are still under way keep their order too.
    const first = journal.append('job-b', { type: 'file', index: 0, result: ready('again-0.txt', 'again-0') });
    const more = Array.from({ length: 20 }, (_, i) => journal.append('job-b', { type: 'file', index: i + 1, result: ready(`again-${i + 1}.txt`, `again-${i + 1}`) }));
    await first;
    const late = Array.from({ length: 19 }, (_, i) => journal.append('job-b', { type: 'file', index: i + 21, result: ready(`again-${i + 21}.txt`, `again-${i + 21}`) }));
    await Promise.all([...more, ...late]);
    expect(lines(path).slice(41).map((l) => (JSON.parse(l) as { index: number }).index)).toEqual([...Array(40).keys()]);
    await Promise.all([journal.append('job-b', { type: 'cancelled' }), journal.remove('job-b')]);
    expect(existsSync(path)).toBe(false);
  });

  it('ignores a line cut short and one out of range, and rewrites the record compactly when it takes the job over', async () => {
    const dir = dataDir();
    const owner = await deadPid();
    const journal = openJobJournal(dir);
    await journal.create(header('job-c', '2026-01-02T00:00:00.000Z', owner));
    await journal.append('job-c', { type: 'file', index: 1, result: ready('f1.txt', 'doc-1') });
    await journal.append('job-c', { type: 'file', index: 7, result: ready('f7.txt', 'doc-7') });
    await journal.append('job-c', { type: 'document', index: 9, documentId: 'doc-9' });
    await journal.append('job-c', { type: 'document', index: 2, documentId: 'doc-2' });
    await journal.append('job-c', { type: 'paused', paused: true });
    await journal.append('job-c', { type: 'cancelled' });
    const path = join(dir, JOBS_FOLDER, 'job-c.jsonl');
    appendFileSync(path, '{"type":"file","index":0,"result":{"fi');

    const [job] = await openJobJournal(dir).takeOver();
    expect([...job.results.keys()]).toEqual([1]);
    expect([...job.documentIds]).toEqual([[2, 'doc-2']]);
    expect(job.header.ownerPid).toBe(process.pid);
    // One header (now this process's), one line per fact, the torn and out-of-range lines gone.
    expect(lines(path).map((l) => JSON.parse(l) as unknown)).toEqual([
      { ...header('job-c', '2026-01-02T00:00:00.000Z', process.pid) },
      { type: 'document', index: 2, documentId: 'doc-2' },
      { type: 'file', index: 1, result: ready('f1.txt', 'doc-1') },
      { type: 'paused', paused: true },
      { type: 'cancelled' },
    ]);
    // Appends go on after the compact record, never after a torn line.
    await openJobJournal(dir).append('job-c', { type: 'paused', paused: false });
    const [reread] = await openJobJournal(dir).takeOver({ claim: false });
    expect(reread.paused).toBe(false);
    expect(reread.cancelled).toBe(true);
  });

  it('a look without claiming leaves the record as it is', async () => {
    const dir = dataDir();
    const owner = await deadPid();
    const journal = openJobJournal(dir);
    await journal.create(header('job-d', '2026-01-03T00:00:00.000Z', owner));
    const path = join(dir, JOBS_FOLDER, 'job-d.jsonl');
    appendFileSync(path, '{"type":"pau');
    const before = readFileSync(path, 'utf8');
    const [job] = await openJobJournal(dir).takeOver({ claim: false });
    expect(job.header.ownerPid).toBe(owner);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('leaves a live process its job, removes a cut-short header write and an unreadable record, and lists jobs oldest first', async () => {
    const dir = dataDir();
    const journal = openJobJournal(dir);
    const folder = join(dir, JOBS_FOLDER);
    const dead = await deadPid();
    // The parent of this process is alive and is not this process: its job is not taken.
    await journal.create(header('job-live', '2026-01-01T00:00:00.000Z', process.ppid));
    await journal.create(header('job-new', '2026-01-05T00:00:00.000Z', dead));
    await journal.create(header('job-old', '2026-01-04T00:00:00.000Z', dead));
    await journal.create(header('job-mine', '2026-01-06T00:00:00.000Z', process.pid));
    writeFileSync(join(folder, 'job-x.jsonl.1234.tmp'), '{"type":"job"');
    writeFileSync(join(folder, 'job-bad.jsonl'), 'not a job\n');
    writeFileSync(join(folder, 'notes.txt'), 'not a journal');

    const jobs = await openJobJournal(dir).takeOver();
    expect(jobs.map((j) => j.header.jobId)).toEqual(['job-old', 'job-new', 'job-mine']);
    expect(readdirSync(folder).sort()).toEqual(['job-live.jsonl', 'job-mine.jsonl', 'job-new.jsonl', 'job-old.jsonl', 'notes.txt']);
    expect(JSON.parse(lines(join(folder, 'job-live.jsonl'))[0]) as JobHeader).toMatchObject({ ownerPid: process.ppid });
  });

  it('reads back every kind of job with its options, and removes a record whose header is not valid', async () => {
    const dir = dataDir();
    const journal = openJobJournal(dir);
    const base = header('job-k', '2026-01-01T00:00:00.000Z');
    const kinds: JobHeader[] = [
      { ...base, jobId: 'k-paths', kind: 'paths', ocr: 'never' },
      { ...base, jobId: 'k-upload', kind: 'upload', cleanupFolder: '/somewhere/inbox/1' },
      { ...base, jobId: 'k-reingest', kind: 'reingest', reingest: { documentId: 'doc-9', ocr: 'always', chunkSize: 800, chunkOverlap: 0 } },
      { ...base, jobId: 'k-watch', kind: 'watch', collection: 'veille' },
    ];
    for (const h of kinds) await journal.create(h);
    const read = await openJobJournal(dir).takeOver({ claim: false });
    expect(read.map((j) => j.header).sort((a, b) => a.jobId.localeCompare(b.jobId))).toEqual([...kinds].sort((a, b) => a.jobId.localeCompare(b.jobId)));

    // Headers no version of the app writes: each is unreadable, and removed.
    const folder = join(dir, 'jobs');
    const invalid: Array<[string, unknown]> = [
      ['no-kind', { ...base, kind: 'other' }],
      ['no-files', { ...base, files: [{ path: '/a' }] }],
      ['zero-chunk', { ...base, reingest: { documentId: 'd', chunkSize: 0 } }],
      ['half-chunk', { ...base, reingest: { documentId: 'd', chunkSize: 10.5 } }],
      ['negative-overlap', { ...base, reingest: { documentId: 'd', chunkOverlap: -1 } }],
      ['bad-ocr', { ...base, ocr: 'sometimes' }],
      ['not-a-job', { ...base, type: 'file' }],
      ['no-pid', { ...base, ownerPid: 1.5 }],
    ];
    for (const [name, content] of invalid) writeFileSync(join(folder, `${name}.jsonl`), JSON.stringify(content) + '\n');
    writeFileSync(join(folder, 'empty.jsonl'), '');
    const after = await openJobJournal(dir).takeOver({ claim: false });
    expect(after.map((j) => j.header.jobId).sort()).toEqual(kinds.map((k) => k.jobId).sort());
    expect(readdirSync(folder).sort()).toEqual(kinds.map((k) => `${k.jobId}.jsonl`).sort());
  });

  it('ignores events that are not valid, and keeps the last pause or resume', async () => {
    const dir = dataDir();
    const journal = openJobJournal(dir);
    await journal.create(header('job-e', '2026-01-01T00:00:00.000Z'));
    const path = join(dir, 'jobs', 'job-e.jsonl');
    const bad = [
      { type: 'file', index: -1, result: ready('f0.txt', 'doc-0') },
      { type: 'file', index: 0.5, result: ready('f0.txt', 'doc-0') },
      { type: 'document', index: 0 },
      { type: 'file', index: 0, result: { ...ready('f0.txt', 'doc-0'), status: 'maybe' } },
      { type: 'paused' },
      { type: 'resumed' },
    ];
    for (const line of bad) appendFileSync(path, JSON.stringify(line) + '\n');
    await journal.append('job-e', { type: 'paused', paused: true });
    await journal.append('job-e', { type: 'paused', paused: false });
    await journal.append('job-e', { type: 'paused', paused: true });
    appendFileSync(path, '\n   \n');
    const [job] = await openJobJournal(dir).takeOver({ claim: false });
    expect(job.results.size).toBe(0);
    expect(job.documentIds.size).toBe(0);
    expect(job.paused).toBe(true);
    expect(job.cancelled).toBe(false);
  });

  it('rewrites a plain job as it was (no pause, no cancel), reads a record with blank lines, and removes a job that has no file', async () => {
    const dir = dataDir();
    const owner = await deadPid();
    const path = join(dir, 'jobs', 'job-p.jsonl');
    const journal = openJobJournal(dir);
    await journal.create(header('job-p', '2026-01-01T00:00:00.000Z', owner));
    // A blank and a whitespace line before the header and between events; an event at index 3 of 3 files.
    const written = readFileSync(path, 'utf8');
    writeFileSync(path, `\n   \n${written}  \n${JSON.stringify({ type: 'document', index: 0, documentId: 'doc-0' })}\n${JSON.stringify({ type: 'document', index: 3, documentId: 'doc-3' })}\n`);
    const [job] = await openJobJournal(dir).takeOver();
    expect(job.header.jobId).toBe('job-p');
    expect([...job.documentIds]).toEqual([[0, 'doc-0']]);
    expect(lines(path).map((l) => JSON.parse(l) as { type: string }).map((l) => l.type)).toEqual(['job', 'document']);

    await expect(journal.remove('never-written')).resolves.toBeUndefined();
    await journal.remove('job-p');
    await expect(journal.remove('job-p')).resolves.toBeUndefined();
  });

  it('names a job file after its id, made safe for a file name', async () => {
    const dir = dataDir();
    const journal = openJobJournal(dir);
    await journal.create(header('../job/é 1', '2026-01-01T00:00:00.000Z'));
    expect(readdirSync(join(dir, 'jobs'))).toEqual(['___job___1.jsonl']);
    await journal.append('../job/é 1', { type: 'cancelled' });
    const [job] = await openJobJournal(dir).takeOver({ claim: false });
    expect(job.header.jobId).toBe('../job/é 1');
    expect(job.cancelled).toBe(true);
  });
});
