/** Jobs: progress and done events, uploads from a browser, cancellation, pause and resume, shutdown. */
import { writeFileSync } from 'node:fs';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../helpers/paths';
import { createIngestService } from '../../../src-main/core/ingest/ingestService';
import { openTestLibrary, testSettings, type TestLibrary } from './library';

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('ingestion jobs', () => {
  let lib: TestLibrary;

  beforeAll(async () => {
    lib = await openTestLibrary();
  });

  afterAll(async () => {
    await lib?.close();
  });

  it('returns at once, then reports progress per file and stage, the results and a library change', async () => {
    const txt = join(lib.dataDir, 'progress.txt');
    writeFileSync(txt, 'Progression\n\nUn fichier pour suivre les étapes.\n');
    const job = lib.ingest.startJob([txt, corpusFile('pdf', 'pdfjs_tracemonkey.pdf')], { collection: 'papers' });
    expect(job.files).toHaveLength(2);
    const done = await lib.ingest.waitForJob(job.jobId);
    expect(done.results.map((r) => r.status)).toEqual(['ready', 'ready']);

    const progress = lib.eventsOf('ingest.progress').filter((p) => p.jobId === job.jobId);
    for (const index of [0, 1]) {
      const stages = progress.filter((p) => p.index === index).map((p) => p.stage);
      expect(stages[0]).toBe('queued');
      expect(stages).toEqual(expect.arrayContaining(['reading', 'extracting', 'chunking', 'writing', 'done']));
      expect(stages[stages.length - 1]).toBe('done');
      const last = progress.filter((p) => p.index === index).at(-1)!;
      expect(last.result).toEqual(done.results[index]);
    }
    expect(lib.eventsOf('ingest.done').find((d) => d.jobId === job.jobId)).toEqual(done);
    const changed = lib.eventsOf('library.changed').flatMap((c) => c.documentIds);
    expect(changed).toEqual(expect.arrayContaining(done.results.map((r) => r.documentId)));
    // The metrics are told what each document holds, as stored, without reading it back.
    for (const { documentId } of done.results) {
      const doc = (await lib.store.getDocument(documentId!))!;
      const chunks = await lib.store.listChunks(documentId!);
      expect(lib.ingested.get(documentId!)).toEqual({ ocrPages: doc.ocrPages, ocrMeanConfidence: doc.ocrMeanConfidence, chunkLengths: chunks.map((c) => c.text.length) });
    }

    // The collection is recorded and filters both listing and search.
    expect((await lib.library.list({ collection: 'papers' })).map((d) => d.id).sort()).toEqual(done.results.map((r) => r.documentId).sort());
    expect(await lib.library.list({ collection: 'other' })).toEqual([]);
    expect(await lib.retriever.search({ query: 'Progression étapes', collection: 'other' })).toEqual([]);
    expect((await lib.retriever.search({ query: 'Progression étapes', collection: 'papers' }))[0].documentId).toBe(done.results[0].documentId);
    // A finished job can still be awaited.
    await expect(lib.ingest.waitForJob(job.jobId)).resolves.toEqual(done);
    await expect(lib.ingest.waitForJob('no-such-job')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('ingests uploaded bytes under their uploaded name and clears the inbox', async () => {
    const job = lib.ingest.startUploadJob(
      [
        { name: 'rapport annuel.md', dataBase64: Buffer.from('# Rapport annuel\n\nLe chiffre d’affaires atteint neuf millions.\n').toString('base64') },
        { name: '../../evil.txt', dataBase64: Buffer.from('Nom piégé\n\nUn nom de fichier qui tente de sortir du dossier.\n').toString('base64') },
      ],
      {},
    );
    expect(job.files).toEqual(['rapport annuel.md', '../../evil.txt']);
    const done = await lib.ingest.waitForJob(job.jobId);
    expect(done.results.map((r) => r.status)).toEqual(['ready', 'ready']);
    const doc = await lib.library.get(done.results[0].documentId!);
    expect(doc.sourcePath).toBe('rapport annuel.md');
    expect(doc.title).toBe('Rapport annuel');
    expect(existsSync(join(lib.dataDir, doc.storedPath))).toBe(true);
    const inbox = join(lib.dataDir, 'inbox');
    expect(existsSync(inbox) ? readdirSync(inbox) : []).toEqual([]);
    expect(existsSync(join(lib.dataDir, '..', 'evil.txt'))).toBe(false);
  });

  it('cancels a job: every file gets a result, and nothing is left half-ingested', async () => {
    const paths = Array.from({ length: 12 }, (_, i) => {
      const p = join(lib.dataDir, `cancel-${i}.txt`);
      writeFileSync(p, `Fichier ${i}\n\nContenu numéro ${i} à annuler, avec quelques mots de plus.\n`);
      return p;
    });
    const job = lib.ingest.startJob(paths, { collection: 'cancelled' });
    expect(lib.ingest.cancel(job.jobId)).toBe(true);
    const done = await lib.ingest.waitForJob(job.jobId);
    expect(done.cancelled).toBe(true);
    expect(done.results).toHaveLength(12);
    expect(done.results.some((r) => r.error?.code === 'CANCELLED')).toBe(true);
    for (const r of done.results) expect(['ready', 'failed']).toContain(r.status);
    const docs = await lib.library.list({ collection: 'cancelled' });
    expect(docs.every((d) => d.status === 'ready')).toBe(true);
    expect(docs.length).toBe(done.results.filter((r) => r.status === 'ready').length);
    expect(lib.ingest.cancel(job.jobId)).toBe(false);
  });

  it('pauses and resumes a job, and lists it with its overall progress', async () => {
    const paused = await openTestLibrary({ limits: { concurrency: 1 } });
    try {
      const paths = Array.from({ length: 6 }, (_, i) => {
        const p = join(paused.dataDir, `pause-${i}.txt`);
        writeFileSync(p, `Pause ${i}\n\nUn fichier numéro ${i} qui attend son tour dans la file.\n`);
        return p;
      });
      const job = paused.ingest.startJob(paths, { collection: 'pause' });
      expect(paused.ingest.pause(job.jobId)).toBe(true);
      expect(paused.ingest.pause(job.jobId)).toBe(false);
      // The file already in flight (at most one here) finishes; nothing else starts while paused.
      await until(() => paused.ingest.list()[0].active === 0);
      const held = paused.ingest.list()[0];
      expect(held).toMatchObject({ jobId: job.jobId, state: 'paused', total: 6 });
      expect(held.finished).toBeLessThanOrEqual(1);
      await paused.library.list(); // a round trip to the store: a file wrongly started would have moved by now
      expect(paused.ingest.list()[0].finished).toBe(held.finished);
      expect(paused.eventsOf('ingest.done')).toEqual([]);

      expect(paused.ingest.resume(job.jobId)).toBe(true);
      expect(paused.ingest.resume(job.jobId)).toBe(false);
      const done = await paused.ingest.waitForJob(job.jobId);
      expect(done.results.map((r) => r.status)).toEqual(paths.map(() => 'ready'));
      expect(paused.ingest.list()[0]).toMatchObject({ jobId: job.jobId, state: 'done', finished: 6, progress: 1 });
      const states = paused.eventsOf('jobs.changed').map((j) => j.state);
      expect(states).toEqual(expect.arrayContaining(['running', 'paused', 'done']));
      expect(states.indexOf('paused')).toBeLessThan(states.lastIndexOf('running'));
      const progress = paused.eventsOf('jobs.changed').map((j) => j.progress);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(paused.ingest.pause(job.jobId)).toBe(false);
    } finally {
      await paused.close();
    }
  });

  it('dispose stops running jobs, tells who waits, and keeps them on disk to resume', async () => {
    const other = await openTestLibrary();
    try {
      // Text articles: quick to resume (big PDFs may go through OCR, slow on a shared machine).
      const job = other.ingest.startJob([corpusFile('qa/piaf_fr/docs/piaf_fr_d003_Les_Ulis.txt'), corpusFile('qa/xquad_en/docs/xquad_en_d001_Warsaw.txt')]);
      await other.ingest.dispose();
      const done = other.eventsOf('ingest.done').find((d) => d.jobId === job.jobId);
      expect(done?.cancelled).toBe(true);
      expect(() => other.ingest.startJob(['x.txt'])).toThrow();
      expect((await other.library.list()).filter((d) => d.status !== 'ready')).toEqual([]);
      // A quit is not a cancel: the job is still recorded and a new service over the library resumes it.
      const again = createIngestService({ store: other.store, dataDir: other.dataDir, events: other.events, getSettings: () => testSettings(), getEmbedder: async () => null });
      const { jobIds } = await again.takeOverInterrupted();
      expect(jobIds).toEqual([job.jobId]);
      again.startInterrupted();
      const resumed = await again.waitForJob(job.jobId);
      expect(resumed.cancelled).toBe(false);
      expect(resumed.results.map((r) => r.status)).toEqual(['ready', 'ready']);
      await again.dispose();
    } finally {
      await other.close();
    }
  });
});
