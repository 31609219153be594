/**
 * Pausing a job holds the files already in flight, not only the ones not started: a 64-page PDF
 * paused in the middle of its extraction draws no further page until the job resumes, then goes on
 * from the page where it stopped and ends ready once. A paused job can still be cancelled (nothing
 * half-written is left) or stopped by a quit (it resumes, still paused, at the next start), its held
 * file gives its processing slot to other jobs, and embedding stops between batches.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src-shared/contract';
import type { JobSummary } from '../../../src-shared/libraryManagement';
import { createIngestService, type IngestService } from '../../../src-main/core/ingest/ingestService';
import { PauseGate } from '../../../src-main/core/ingest/pauseGate';
import { STAGE_WEIGHTS, weightedFileProgress } from '../../../src-main/core/ingest/jobProgress';
import { corpusFile } from '../../helpers/paths';
import { openTestLibrary, testSettings, type TestLibrary } from '../ingest/library';
import { createHashEmbedder } from '../retrieval/hashEmbedder';

/** A text PDF of 64 pages (Debian maintainer's guide, French): long enough to pause in its middle. */
const PDF = corpusFile('pdf', 'deb_maint-guide-fr_maint-guide.fr.pdf');
const PDF_PAGES = 64;
/** How long a held file is watched for progress it must not make. */
const HELD_WINDOW_MS = 400;

type Progress = EventPayload<'ingest.progress'>;

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 20));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function summaryOf(ingest: IngestService, jobId: string): JobSummary {
  const summary = ingest.list().find((j) => j.jobId === jobId);
  if (!summary) throw new Error(`job ${jobId} is not listed`);
  return summary;
}

/** How far into its own stage an event is (events carry the file's progress over all its stages). */
function withinStage(p: Progress): number {
  if (p.stage === 'queued' || p.stage === 'done') return p.progress;
  return (p.progress - weightedFileProgress(p.stage, 0)) / STAGE_WEIGHTS[p.stage];
}

function progressOf(lib: TestLibrary, jobId: string, index = 0): Progress[] {
  return lib.eventsOf('ingest.progress').filter((p) => p.jobId === jobId && p.index === index);
}

/**
 * Starts a job over `paths` and pauses it from its progress listener as soon as file 0 reports a
 * progress in `stage` strictly between 0 and 1 (that is, in the middle of the stage). `paused`
 * resolves with that progress event once the pause was asked (or with the file's `done` if it never
 * reported such a progress: the test then fails on the stage).
 */
function startAndPauseIn(lib: TestLibrary, ingest: IngestService, paths: string[], stage: Progress['stage']): { jobId: string; paused: Promise<Progress> } {
  let jobId = '';
  let resolvePaused: (p: Progress) => void = () => {};
  const paused = new Promise<Progress>((resolve) => (resolvePaused = resolve));
  const stop = lib.events.on('ingest.progress', (p) => {
    if (p.jobId !== jobId || p.index !== 0) return;
    if (p.stage === stage && withinStage(p) > 1e-9 && withinStage(p) < 1 - 1e-9) {
      stop();
      // Asserted by the caller through the job's state (a listener's throw is only logged by the bus).
      ingest.pause(jobId);
      resolvePaused(p);
    } else if (p.stage === 'done') {
      stop();
      resolvePaused(p);
    }
  });
  jobId = ingest.startJob(paths, { collection: 'pause' }).jobId;
  return { jobId, paused };
}

/** A file that pause held: no slot, its stage and progress kept, and no progress for a while. */
async function expectHeld(lib: TestLibrary, ingest: IngestService, jobId: string, stage: Progress['stage'], extra?: () => void): Promise<Progress> {
  await until(() => summaryOf(ingest, jobId).active === 0);
  const before = progressOf(lib, jobId).length;
  const last = progressOf(lib, jobId).at(-1)!;
  expect(last.stage).toBe(stage);
  expect(last.progress).toBeGreaterThan(0);
  expect(last.progress).toBeLessThan(1);
  await sleep(HELD_WINDOW_MS);
  extra?.();
  expect(progressOf(lib, jobId).length).toBe(before);
  expect(summaryOf(ingest, jobId)).toMatchObject({ state: 'paused', active: 0, finished: 0 });
  // The job's progress still counts how far the held file got.
  expect(summaryOf(ingest, jobId).progress).toBeGreaterThan(0);
  // Still in its stage: the document is there, being processed, and nothing is searchable yet.
  const doc = await lib.store.getDocument(last.documentId!);
  expect(doc?.status).toBe('processing');
  return last;
}

/** The file went through once: read once, every page extracted once and in order, done once. */
function expectProcessedOnce(events: Progress[], pages: number): void {
  expect(events.filter((p) => p.stage === 'reading' && p.progress === 0)).toHaveLength(1);
  expect(events.filter((p) => p.stage === 'done')).toHaveLength(1);
  const pageProgress = events.filter((p) => p.stage === 'extracting' && withinStage(p) > 1e-9).map((p) => Math.round(withinStage(p) * pages));
  expect(pageProgress).toHaveLength(pages);
  expect(pageProgress).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
}

describe('pausing a job holds its files in flight', () => {
  let lib: TestLibrary | null = null;
  const services: IngestService[] = [];

  afterEach(async () => {
    for (const service of services.splice(0)) await service.dispose();
    await lib?.close();
    lib = null;
  });

  it('stops a PDF between pages, then goes on from the same page and ends ready once', async () => {
    lib = await openTestLibrary({ limits: { concurrency: 1 } });
    const { jobId, paused } = startAndPauseIn(lib, lib.ingest, [PDF], 'extracting');
    expect((await paused).stage).toBe('extracting');
    const held = await expectHeld(lib, lib.ingest, jobId, 'extracting');
    expect(lib.eventsOf('ingest.done').filter((d) => d.jobId === jobId)).toEqual([]);

    expect(lib.ingest.resume(jobId)).toBe(true);
    const done = await lib.ingest.waitForJob(jobId);
    expect(done.cancelled).toBe(false);
    expect(done.results).toMatchObject([{ status: 'ready', pages: PDF_PAGES, error: null }]);

    const events = progressOf(lib, jobId);
    expectProcessedOnce(events, PDF_PAGES);
    // The first page after the resume is the one after the page the file stopped at.
    const afterHold = events.slice(events.indexOf(held) + 1).find((p) => p.stage === 'extracting')!;
    expect(withinStage(afterHold)).toBeCloseTo(withinStage(held) + 1 / PDF_PAGES, 9);

    const docs = await lib.library.list({ collection: 'pause' });
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ id: done.results[0].documentId, status: 'ready', pages: PDF_PAGES });
    expect(await lib.store.getPages(docs[0].id)).toHaveLength(PDF_PAGES);
    const states = lib.eventsOf('jobs.changed').filter((j) => j.jobId === jobId).map((j) => j.state);
    expect(states.indexOf('paused')).toBeGreaterThan(-1);
    expect(states.indexOf('paused')).toBeLessThan(states.lastIndexOf('running'));
    expect(states.at(-1)).toBe('done');
    const progress = lib.eventsOf('jobs.changed').filter((j) => j.jobId === jobId).map((j) => j.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('gives the held file’s slot to another job, and takes it back on resume', async () => {
    lib = await openTestLibrary({ limits: { concurrency: 1 } });
    const { jobId, paused } = startAndPauseIn(lib, lib.ingest, [PDF], 'extracting');
    expect((await paused).stage).toBe('extracting');
    await until(() => summaryOf(lib!.ingest, jobId).active === 0);
    const heldEvents = progressOf(lib, jobId).length;

    // One slot in all: the other job can only run in the slot the held file gave back.
    const note = join(lib.dataDir, 'pendant-la-pause.txt');
    writeFileSync(note, 'Pendant la pause\n\nUn petit fichier ingéré pendant que le guide attend.\n');
    const other = await lib.ingestPaths([note], 'pause');
    expect(other.results).toMatchObject([{ status: 'ready' }]);
    expect(progressOf(lib, jobId)).toHaveLength(heldEvents);
    expect(summaryOf(lib.ingest, jobId)).toMatchObject({ state: 'paused', active: 0, finished: 0 });

    expect(lib.ingest.resume(jobId)).toBe(true);
    const done = await lib.ingest.waitForJob(jobId);
    expect(done.results).toMatchObject([{ status: 'ready', pages: PDF_PAGES }]);
    expectProcessedOnce(progressOf(lib, jobId), PDF_PAGES);
    expect((await lib.library.list({ collection: 'pause' })).map((d) => d.status)).toEqual(['ready', 'ready']);
  });

  it('cancels a paused job: the held file stops and leaves no half document', async () => {
    lib = await openTestLibrary({ limits: { concurrency: 1 } });
    const { jobId, paused } = startAndPauseIn(lib, lib.ingest, [PDF], 'extracting');
    expect((await paused).stage).toBe('extracting');
    const held = await expectHeld(lib, lib.ingest, jobId, 'extracting');

    expect(lib.ingest.cancel(jobId)).toBe(true);
    const done = await lib.ingest.waitForJob(jobId);
    expect(done.cancelled).toBe(true);
    expect(done.results).toMatchObject([{ status: 'failed', documentId: null, error: { code: 'CANCELLED' } }]);
    // No further page was extracted after the pause, and nothing of the document remains.
    const events = progressOf(lib, jobId);
    expect(events.slice(events.indexOf(held) + 1).map((p) => p.stage)).toEqual(['done']);
    expect(await lib.store.getDocument(held.documentId!)).toBeNull();
    expect(await lib.store.getPages(held.documentId!)).toEqual([]);
    expect(await lib.store.listChunks(held.documentId!)).toEqual([]);
    expect(await lib.library.list()).toEqual([]);
    expect(lib.eventsOf('jobs.changed').filter((j) => j.jobId === jobId).at(-1)?.state).toBe('cancelled');
    expect(lib.ingest.resume(jobId)).toBe(false);
  });

  it('keeps a paused job across a quit: it comes back paused, then resumes and ends ready once', async () => {
    lib = await openTestLibrary({ limits: { concurrency: 1 } });
    const { jobId, paused } = startAndPauseIn(lib, lib.ingest, [PDF], 'extracting');
    expect((await paused).stage).toBe('extracting');
    await until(() => summaryOf(lib!.ingest, jobId).active === 0);
    await lib.ingest.dispose();
    expect(lib.eventsOf('ingest.done').find((d) => d.jobId === jobId)?.cancelled).toBe(true);
    expect((await lib.library.list()).filter((d) => d.status !== 'ready')).toEqual([]);

    const again = createIngestService({ store: lib.store, dataDir: lib.dataDir, events: lib.events, getSettings: () => testSettings(), getEmbedder: async () => null });
    services.push(again);
    const { jobIds } = await again.takeOverInterrupted();
    expect(jobIds).toEqual([jobId]);
    const seenBefore = progressOf(lib, jobId).length;
    again.startInterrupted();
    expect(summaryOf(again, jobId)).toMatchObject({ state: 'paused', resumed: true, finished: 0 });
    await lib.library.list(); // a round trip to the store: a file wrongly started would have reported by now
    expect(progressOf(lib, jobId)).toHaveLength(seenBefore);

    expect(again.resume(jobId)).toBe(true);
    const done = await again.waitForJob(jobId);
    expect(done.results).toMatchObject([{ status: 'ready', pages: PDF_PAGES }]);
    expectProcessedOnce(progressOf(lib, jobId).slice(seenBefore), PDF_PAGES);
    const docs = await lib.library.list();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ status: 'ready', pages: PDF_PAGES });
  });

  it('stops embedding between batches, then sends the rest once', async () => {
    const embedder = createHashEmbedder();
    lib = await openTestLibrary({ limits: { concurrency: 1 }, embedder });
    const { jobId, paused } = startAndPauseIn(lib, lib.ingest, [PDF], 'embedding');
    expect((await paused).stage).toBe('embedding');
    await until(() => summaryOf(lib!.ingest, jobId).active === 0);
    const callsWhenHeld = embedder.calls;
    await expectHeld(lib, lib.ingest, jobId, 'embedding', () => expect(embedder.calls).toBe(callsWhenHeld));

    expect(lib.ingest.resume(jobId)).toBe(true);
    const done = await lib.ingest.waitForJob(jobId);
    expect(done.results).toMatchObject([{ status: 'ready', pages: PDF_PAGES }]);
    const embedding = progressOf(lib, jobId)
      .filter((p) => p.stage === 'embedding')
      .map(withinStage);
    expect(embedding.at(-1)).toBeCloseTo(1, 9);
    expect(embedding).toEqual([...new Set(embedding)].sort((a, b) => a - b));
    expect(embedder.calls).toBeGreaterThan(callsWhenHeld);
    const doc = await lib.store.getDocument(done.results[0].documentId!);
    expect(await lib.store.vectorStats(embedder.id, doc!.id)).toMatchObject({ count: doc!.chunks });
  });
});

describe('PauseGate', () => {
  it('lets through while open, holds while paused until resumed, and ends the wait on a cancel', async () => {
    const gate = new PauseGate();
    await expect(gate.wait()).resolves.toBeUndefined();

    gate.pause();
    let released = false;
    const held = gate.wait().then(() => (released = true));
    await sleep(20);
    expect(released).toBe(false);
    gate.resume();
    await held;
    expect(released).toBe(true);

    const controller = new AbortController();
    gate.pause();
    const cancelled = gate.wait(controller.signal);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(gate.wait(controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    gate.resume();
  });
});
