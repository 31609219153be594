/**
 * A folder of a thousand small files in 10 subfolders, as an export of a mail or ticket system gives
 * (about 2 minutes on a shared 2-core machine: ~120 ms a file, the same at the end as at the start
 * since the indices are folded every DOCUMENTS_PER_FOLD documents): the whole folder is ingested in
 * one job, every file becomes a document, and any one of them can be found by what only it says.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestJobDone } from '../../../src-shared/domain';
import { expandPaths } from '../../../src-main/core/ingest/expandPaths';
import { openTestLibrary, type TestLibrary } from './library';

const FOLDERS = 10;
const PER_FOLDER = 100;

describe('a folder with thousands of files', () => {
  let lib: TestLibrary;
  let done: IngestJobDone;
  let root: string;

  beforeAll(async () => {
    lib = await openTestLibrary();
    root = join(lib.dataDir, 'export');
    for (let f = 0; f < FOLDERS; f++) {
      const folder = join(root, `lot ${f}`);
      mkdirSync(folder, { recursive: true });
      for (let i = 0; i < PER_FOLDER; i++) {
        const n = f * PER_FOLDER + i;
        writeFileSync(join(folder, `note-${n}.txt`), `Ticket ${n}\n\nIntervention numéro ${n} sur le feu code${n}x du phare.\n`);
      }
    }
    // What the core does with a dropped folder: expand it, then one job for all its files.
    done = await lib.ingestPaths(await expandPaths([root]));
  }, 600_000);

  afterAll(async () => {
    await lib?.close();
  });

  it('ingests every file', async () => {
    expect(done.cancelled).toBe(false);
    expect(done.results).toHaveLength(FOLDERS * PER_FOLDER);
    expect(done.results.filter((r) => r.status !== 'ready')).toEqual([]);
    const docs = await lib.library.list();
    expect(docs.filter((d) => d.status === 'ready')).toHaveLength(FOLDERS * PER_FOLDER);
  });

  it('finds any one of them by what only it says', async () => {
    for (const n of [0, 123, 640, 999]) {
      const hits = await lib.retriever.search({ query: `code${n}x`, topK: 1 });
      expect(hits[0]?.title).toBe(`Ticket ${n}`);
    }
  });
});
