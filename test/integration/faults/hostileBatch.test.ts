/**
 * Issue 11 §6: a batch of more than 30 hostile or odd inputs, written by the test (hostileFiles.ts:
 * a FIFO, /dev/zero and a link to it, a symbolic link loop, zip bombs and broken archives in XLSX and
 * PPTX, an XML entity bomb, mislabelled files, sparse gigabytes, a pixel flood, a PDF of blank pages,
 * deep HTML, huge single-line texts, PDFs encrypted by qpdf, a folder of 10,000 empty files, a folder
 * that links to itself, files deleted or replaced between the listing of their folder and their
 * reading), dropped together with good files the way the app drops them (folders expanded first).
 * Each bad file fails alone with its own code and a message that names it; no file takes longer than
 * PER_FILE_LIMIT_MS (a watchdog on the progress events names the one that does and stops the job);
 * the good files of the same batch are ready and the library stays searchable.
 * The cases of test/integration/ingest/badInput.test.ts are not repeated.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestJobDone, IngestProgress } from '../../../src-shared/domain';
import { expandPaths } from '../../../src-main/core/ingest/expandPaths';
import { corpusFile } from '../../helpers/paths';
import { openTestLibrary, type TestLibrary } from '../ingest/library';
import { buildHostileCorpus, type HostileCase } from './hostileFiles';

/** No single file may keep the batch busy longer than this (a shared 2-core machine, OCR included). */
const PER_FILE_LIMIT_MS = 60_000;

describe('a dropped batch of hostile files among good ones', () => {
  let lib: TestLibrary;
  let dir: string;
  let done: IngestJobDone;
  let cases: HostileCase[];
  let earlierId: string;
  const durations = new Map<number, number>();
  let manyEmpty: string[];
  let looping: string[];
  let paths: string[];

  beforeAll(async () => {
    lib = await openTestLibrary();
    dir = mkdtempSync(join(tmpdir(), 'phare-hostile-'));
    // Something already in the library, which the batch must leave searchable.
    const earlier = join(dir, 'avant.txt');
    writeFileSync(earlier, 'Registre ancien\n\nLe phare des Baleines fut construit sur l’île de Ré.\n');
    const first = await lib.ingestPaths([earlier]);
    expect(first.results[0].status).toBe('ready');
    earlierId = first.results[0].documentId!;

    const built = Date.now();
    const corpus = buildHostileCorpus(dir);
    const good: HostileCase[] = [
      { name: 'Super Bowl', path: corpusFile('qa', 'xquad_en', 'docs', 'xquad_en_d000_Super_Bowl_50.txt'), expect: null },
      { name: 'docx4j sample', path: corpusFile('office', 'docx', 'docx4j_sample-docx.docx'), expect: null },
      { name: 'court reports', path: corpusFile('pdf', 'llama_598us1r3_j4ek.pdf'), expect: null },
    ];
    writeFileSync(join(dir, 'bonne-note.md'), '# Note de relève\n\nLe gardien suppléant arrive par la vedette de onze heures.\n');
    good.push({ name: 'bonne-note.md', path: join(dir, 'bonne-note.md'), expect: null });

    // What the app does with a drop: folders are listed first; then some files change before they are read.
    const named = [...good.slice(0, 2), ...corpus.cases.slice(0, 20), ...good.slice(2), ...corpus.cases.slice(20)];
    manyEmpty = await expandPaths([corpus.manyEmpty]);
    looping = await expandPaths([corpus.loopingFolder]);
    const moving = await expandPaths([corpus.movingFolder]);
    paths = [...named.map((c) => c.path), ...moving, ...looping, ...manyEmpty];
    cases = [...named, ...corpus.changeAfterListing(moving), ...looping.map((path) => ({ name: basename(path), path, expect: null })), ...manyEmpty.map((path) => ({ name: basename(path), path, expect: 'FILE_EMPTY' }))];
    console.log(`hostile corpus: ${corpus.cases.length} built files, 3 in a folder changed after listing, ${manyEmpty.length} empty files, built in ${Date.now() - built} ms`);

    // The watchdog: how long each file is in flight, from its first stage to its result.
    const startedAt = new Map<number, { at: number; stage: string }>();
    const job = lib.ingest.startJob(paths);
    lib.events.on('ingest.progress', (p: IngestProgress) => {
      if (p.jobId !== job.jobId || p.stage === 'queued') return;
      const open = startedAt.get(p.index);
      if (p.stage === 'done') {
        durations.set(p.index, Date.now() - (open?.at ?? Date.now()));
        startedAt.delete(p.index);
      } else startedAt.set(p.index, { at: open?.at ?? Date.now(), stage: p.stage });
    });
    let watchdog: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      watchdog = setInterval(() => {
        for (const [index, { at, stage }] of startedAt) {
          if (Date.now() - at < PER_FILE_LIMIT_MS) continue;
          lib.ingest.cancel(job.jobId);
          reject(new Error(`${paths[index]} has been in flight for over ${PER_FILE_LIMIT_MS} ms (stage ${stage})`));
        }
      }, 250);
    });
    const started = Date.now();
    try {
      done = await Promise.race([lib.ingest.waitForJob(job.jobId), stuck]);
    } finally {
      clearInterval(watchdog);
    }
    const slowest = [...durations].sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(`batch of ${paths.length} files in ${Date.now() - started} ms; slowest: ${slowest.map(([i, ms]) => `${basename(paths[i])} ${ms} ms`).join(', ')}`);
  }, 600_000);

  afterAll(async () => {
    await lib?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds more than 30 hostile files besides the 10,000 empty ones', () => {
    expect(cases.filter((c) => c.expect !== null && c.expect !== 'FILE_EMPTY').length).toBeGreaterThanOrEqual(30);
    expect(manyEmpty).toHaveLength(10_000);
  });

  it('gives every file its own outcome: each bad one fails alone, with a message naming it', () => {
    expect(done.cancelled).toBe(false);
    expect(done.results).toHaveLength(paths.length);
    const wrong: string[] = [];
    done.results.forEach((result, i) => {
      const { name, expect: wanted } = cases[i];
      const allowed = Array.isArray(wanted) ? wanted : [wanted];
      const got = result.status === 'ready' ? null : (result.error?.code ?? `no error (${result.status})`);
      if (!allowed.includes(got)) wrong.push(`${name}: ${result.status} ${got ?? ''} (wanted ${JSON.stringify(wanted)}) ${result.error?.message ?? ''}`);
      if (result.status === 'failed' && !result.error?.message.includes(result.file)) wrong.push(`${name}: message does not name the file: ${result.error?.message}`);
    });
    expect(wrong).toEqual([]);
  });

  it('lets no file keep the batch busy', () => {
    for (const [index, ms] of durations) expect(ms, paths[index]).toBeLessThan(PER_FILE_LIMIT_MS);
  });

  it('walks a folder that links to itself once', () => {
    expect(looping.map((p) => basename(p))).toEqual(['consigne.txt']);
  });

  it('keeps the library searchable, with the good files of the batch ready', async () => {
    const find = async (query: string) => (await lib.retriever.search({ query, topK: 3 }))[0]?.documentId;
    expect(await find('phare des Baleines île de Ré')).toBe(earlierId);
    const idOf = (suffix: string) => done.results.find((r) => r.file.endsWith(suffix))?.documentId;
    expect(await find('gardien suppléant vedette de onze heures')).toBe(idOf('bonne-note.md'));
    expect(await find('Denver Broncos Super Bowl 50 Carolina Panthers')).toBe(idOf('xquad_en_d000_Super_Bowl_50.txt'));
    expect(await find('le dossier boucle sur lui-même')).toBe(idOf('consigne.txt'));
    expect(await find('La lampe a été changée le 3 mars')).toBe(idOf('utf16.txt'));
    expect(await find('Ce fichier reste là et doit être lu')).toBe(idOf('reste.txt'));
  });

  it('leaves nothing half-written: one Failed row per failed file, holding no chunks; no document waits', async () => {
    const all = await lib.library.list();
    expect(all.filter((d) => d.status === 'processing' || d.status === 'queued')).toEqual([]);
    // Every failed file is one Failed row saying why (failedRows.ts): the 10,000 empty files too.
    const empties = all.filter((d) => d.sourcePath.includes('dix-mille-vides'));
    expect(empties).toHaveLength(10_000);
    expect(empties.filter((d) => d.status !== 'failed' || d.error?.code !== 'FILE_EMPTY')).toEqual([]);
    const docs = all.filter((d) => !d.sourcePath.includes('dix-mille-vides'));
    for (const doc of docs.filter((d) => d.status === 'failed')) expect(await lib.store.listChunks(doc.id), doc.sourcePath).toEqual([]);
    expect(docs.length).toBeLessThan(100);
  });
});
