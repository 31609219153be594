/**
 * Progress that tells the truth (issue 12, "Wrong 2"): a file's progress runs once from 0 to 1 over its
 * weighted stages and never goes back (it fell from 95 % to 0 at "Saving"); a job's progress moves
 * with its files' own progress, not only when a file ends, and never goes back; a picture reports
 * progress while tesseract reads it (it sat at 0 for its whole OCR); long jobs get a time left.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src-shared/contract';
import { JobClock, STAGE_WEIGHTS, weightedFileProgress } from '../../../src-main/core/ingest/jobProgress';
import { corpusFile } from '../../helpers/paths';
import { createHashEmbedder } from '../retrieval/hashEmbedder';
import { openTestLibrary, type TestLibrary } from './library';

type Progress = EventPayload<'ingest.progress'>;

const nonDecreasing = (values: number[]) => expect(values).toEqual([...values].sort((a, b) => a - b));

describe('stage weights', () => {
  it('make one bar over the stages, from 0 to 1, never lower in a later stage', () => {
    expect(Object.values(STAGE_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const stages = ['queued', 'reading', 'extracting', 'chunking', 'embedding', 'writing', 'done'] as const;
    const values = stages.flatMap((stage) => [0, 0.5, 0.95, 1].map((f) => weightedFileProgress(stage, f)));
    nonDecreasing(values);
    expect(weightedFileProgress('queued', 1)).toBe(0);
    expect(weightedFileProgress('done', 0)).toBe(1);
    // 95 % of embedding, then the start of writing ("Saving"): forward, not back to 0.
    expect(weightedFileProgress('writing', 0)).toBeGreaterThan(weightedFileProgress('embedding', 0.95));
  });

  it('estimate the time left from the running time, pauses excluded', () => {
    let now = 0;
    const clock = new JobClock(() => now);
    clock.tick(false);
    now = 1_000;
    clock.tick(true);
    expect(clock.secondsLeft(0.5)).toBeNull(); // too early to tell
    now = 10_000;
    clock.tick(true);
    expect(clock.secondsLeft(0.25)).toBe(30);
    now = 70_000; // a minute paused
    clock.tick(false);
    expect(clock.secondsLeft(0.5)).toBe(10);
    expect(clock.secondsLeft(1)).toBeNull();
  });
});

describe('ingestion progress events', () => {
  let lib: TestLibrary;

  beforeAll(async () => {
    lib = await openTestLibrary({ embedder: createHashEmbedder(), limits: { concurrency: 1 } });
  });

  afterAll(async () => {
    await lib?.close();
  });

  it('move each file and the job forward only, the job with its files in flight', async () => {
    const txt = join(lib.dataDir, 'court.txt');
    writeFileSync(txt, 'Un texte court\n\nQuelques mots pour un deuxième fichier.\n');
    const pdf = corpusFile('pdf', 'deb_maint-guide-fr_maint-guide.fr.pdf');
    const job = lib.ingest.startJob([pdf, txt], { collection: 'progress' });
    const done = await lib.ingest.waitForJob(job.jobId);
    expect(done.results.map((r) => r.status)).toEqual(['ready', 'ready']);

    const events = lib.eventsOf('ingest.progress').filter((p) => p.jobId === job.jobId);
    for (const index of [0, 1]) {
      const mine = events.filter((p) => p.index === index);
      nonDecreasing(mine.map((p) => p.progress));
      expect(mine.at(-1)).toMatchObject({ stage: 'done', progress: 1 });
      // Each stage starts where the previous one ended.
      const writing = mine.find((p) => p.stage === 'writing')!;
      const lastEmbedding = mine.filter((p) => p.stage === 'embedding').at(-1)!;
      expect(writing.progress).toBeGreaterThanOrEqual(lastEmbedding.progress);
    }
    // The 64-page PDF reports its pages: many steps, not a jump from 0 to 1.
    expect(new Set(events.filter((p) => p.index === 0 && p.stage === 'extracting').map((p) => p.progress)).size).toBeGreaterThan(10);

    const summaries = lib.eventsOf('jobs.changed').filter((j) => j.jobId === job.jobId);
    nonDecreasing(summaries.map((j) => j.progress));
    // While the first file was in flight, the job's bar was already moving ("0 of 2 files" at 0 % no more).
    const during = summaries.filter((j) => j.finished === 0 && j.state === 'running').map((j) => j.progress);
    expect(Math.max(...during)).toBeGreaterThan(0.1);
    expect(summaries.at(-1)).toMatchObject({ state: 'done', progress: 1, secondsLeft: null });
  });

  it('reports a picture’s progress while tesseract reads it', async () => {
    const job = lib.ingest.startJob([corpusFile('ocr', 'en', 'tessocr_phototest.tif')], { collection: 'progress' });
    const done = await lib.ingest.waitForJob(job.jobId);
    expect(done.results[0].status).toBe('ready');
    const extracting = lib
      .eventsOf('ingest.progress')
      .filter((p: Progress) => p.jobId === job.jobId && p.stage === 'extracting')
      .map((p) => p.progress);
    const start = weightedFileProgress('extracting', 0);
    const end = weightedFileProgress('extracting', 1);
    // Several values strictly inside the OCR of its only page: tesseract's own progress.
    const inside = new Set(extracting.filter((v) => v > start + 1e-9 && v < end - 1e-9));
    expect(inside.size).toBeGreaterThanOrEqual(3);
    nonDecreasing(extracting);
  }, 120_000);

  it('reports a long PDF in about a hundred steps a stage, not one event a page', async () => {
    // 192 pages: the 64-page guide three times over (qpdf, installed with poppler by the CI script).
    const guide = corpusFile('pdf', 'deb_maint-guide-fr_maint-guide.fr.pdf');
    const long = join(lib.dataDir, 'long.pdf');
    execFileSync('qpdf', ['--empty', '--pages', guide, guide, guide, '--', long]);
    const job = lib.ingest.startJob([long], { collection: 'progress' });
    const done = await lib.ingest.waitForJob(job.jobId);
    expect(done.results[0]).toMatchObject({ status: 'ready', pages: 192 });
    const mine = lib.eventsOf('ingest.progress').filter((p) => p.jobId === job.jobId);
    const extracting = mine.filter((p) => p.stage === 'extracting').map((p) => p.progress);
    // A step is at least 1 % of the stage, so at most 101 events (its start, then 100 steps), and
    // with 192 pages that is every second page: between 96 and 101, every value a new one.
    expect(extracting.length).toBeGreaterThanOrEqual(96);
    expect(extracting.length).toBeLessThanOrEqual(101);
    expect(new Set(extracting).size).toBe(extracting.length);
    nonDecreasing(extracting);
    expect(extracting.at(-1)).toBeCloseTo(weightedFileProgress('extracting', 1), 9);
    expect(mine.at(-1)).toMatchObject({ stage: 'done', progress: 1 });
  }, 180_000);
});
