/**
 * A long ingestion does not pile up open files (issue 11: 936 descriptors at 4,866 files, then EMFILE).
 * Each fold of new chunks into the full-text indices wrote the index anew and the connection kept the
 * old index files open; this batch is the smallest that showed it clearly (DOCUMENTS_PER_FOLD
 * documents a fold: four folds; before the fix, 12 more open files a fold). The 10,000-file run with its figures is `npm run bench -- fd`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngestJob } from '../../../src-shared/ingestJob';
import { DOCUMENTS_PER_FOLD } from '../../../src-main/core/ingest/ingestService';
import { openDescriptors } from '../../helpers/openDescriptors';
import { openTestCore, type TestCore } from '../../helpers/testCore';

const FILES = DOCUMENTS_PER_FOLD * 4;
/** LanceDB files a library holds open at a time while it ingests and searches (measured: 1 to 16). */
const BOUND = 24;

let t: TestCore;
let folder: string;
beforeAll(async () => {
  t = await openTestCore();
  folder = mkdtempSync(join(tmpdir(), 'phare-notes-'));
});
afterAll(async () => {
  await t?.dispose();
  rmSync(folder, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('open files during a long ingestion', { timeout: 300_000 }, () => {
  it(`stay bounded over ${FILES} small files`, async () => {
    for (let i = 0; i < FILES; i++) {
      writeFileSync(join(folder, `note-${i}.txt`), `Note ${i} : le phare numéro ${i} éclaire la côte ${i % 97} d'un feu ${['blanc', 'vert', 'rouge'][i % 3]}.\n`);
    }
    const library = join(t.dataDir, 'library.lance');
    const samples: number[] = [];
    let finished = 0;
    const done = await runIngestJob(t.client, { method: 'library.ingestPaths', input: { paths: [folder] } }, (progress) => {
      if (progress.stage === 'done' && ++finished % 16 === 0) samples.push(openDescriptors(library).lance);
    });
    expect(done.results.filter((r) => r.status !== 'ready')).toEqual([]);
    // Searches after the batch read the last index; what they open is closed with the next fold.
    await t.client.call('search.query', { query: 'phare côte feu', topK: 5 });
    samples.push(openDescriptors(library).lance);
    console.log(`[descriptors] LanceDB files open every 16 files: ${samples.join(' ')}`);
    expect(Math.max(...samples)).toBeLessThanOrEqual(BOUND);
  });
});
