/**
 * One rule for failed files (issue 12, "Wrong 4"): each failed file is one Failed row in the library,
 * with its reason, whether it was refused before its content was read or while it was read; a later
 * attempt at the same path in the same collection replaces that row whatever its outcome; a cancelled
 * file leaves nothing; a Failed row that kept nothing is read again from its path.
 */
import * as lancedb from '@lancedb/lancedb';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReingest } from '../../../src-main/core/ingest/reingest';
import { corpusFile } from '../../helpers/paths';
import { openTestLibrary, type TestLibrary } from './library';

let lib: TestLibrary;
beforeEach(async () => {
  lib = await openTestLibrary({ settings: { ocrMode: 'never' } });
});
afterEach(async () => {
  await lib.close();
});

/** The documents table's version: one more per commit. */
async function documentsVersion(): Promise<number> {
  const db = await lancedb.connect(lib.store.dbPath);
  try {
    return await (await db.openTable('documents')).version();
  } finally {
    db.close();
  }
}

const rowsAt = async (path: string) => (await lib.library.list()).filter((d) => d.sourcePath === path);

describe('failed files', () => {
  it('leave one row per path, replaced by the next attempt at that path', async () => {
    const notes = join(lib.dataDir, 'notes.txt');
    writeFileSync(notes, '');
    const first = await lib.ingestPaths([notes]);
    expect(first.results[0]).toMatchObject({ status: 'failed', error: { code: 'FILE_EMPTY' } });
    const [row] = await rowsAt(notes);
    expect(row).toMatchObject({ id: first.results[0].documentId, status: 'failed', title: 'notes', storedPath: '', chunks: 0, error: { code: 'FILE_EMPTY' } });

    // The same path fails again, for another reason: still one row, saying the new reason.
    writeFileSync(notes, Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]));
    await lib.ingestPaths([notes]);
    expect((await rowsAt(notes)).map((d) => [d.status, d.error?.code])).toEqual([['failed', 'FORMAT_MISMATCH']]);

    // Fixed: the document replaces its failure.
    writeFileSync(notes, 'Relevé du phare\n\nLe gardien note la pression du brûleur chaque nuit.\n');
    const fixed = await lib.ingestPaths([notes]);
    expect(fixed.results[0].status).toBe('ready');
    expect((await rowsAt(notes)).map((d) => [d.id, d.status])).toEqual([[fixed.results[0].documentId, 'ready']]);
    expect((await lib.library.list()).filter((d) => d.status === 'failed')).toEqual([]);
  });

  it('treat a file that failed while it was read like one refused before', async () => {
    const report = join(lib.dataDir, 'rapport.pdf');
    writeFileSync(report, '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nnot a PDF\n');
    const damaged = await lib.ingestPaths([report]);
    expect(damaged.results[0].error?.code).toBe('CORRUPT_FILE');
    writeFileSync(report, '');
    const empty = await lib.ingestPaths([report]);
    expect((await rowsAt(report)).map((d) => [d.id, d.error?.code])).toEqual([[empty.results[0].documentId, 'FILE_EMPTY']]);

    copyFileSync(corpusFile('pdf', 'pdfjs_tracemonkey.pdf'), report);
    const good = await lib.ingestPaths([report]);
    expect((await rowsAt(report)).map((d) => [d.id, d.status])).toEqual([[good.results[0].documentId, 'ready']]);
  });

  it('are counted per collection, and a batch of many is written in few commits', async () => {
    const paths = Array.from({ length: 150 }, (_, i) => {
      const path = join(lib.dataDir, `vide-${i}.txt`);
      writeFileSync(path, '');
      return path;
    });
    const versionBefore = await documentsVersion();
    const done = await lib.ingestPaths(paths, 'archives');
    expect(done.results.every((r) => r.status === 'failed' && r.error?.code === 'FILE_EMPTY' && r.documentId)).toBe(true);
    const rows = await lib.library.list({ collection: 'archives' });
    expect(rows).toHaveLength(150);
    expect(new Set(rows.map((d) => d.id))).toEqual(new Set(done.results.map((r) => r.documentId)));
    // 150 rows: a few batched commits (and the job's closing fold), not one commit per file.
    expect((await documentsVersion()) - versionBefore).toBeLessThan(20);
    // The same path in another collection is another row.
    await lib.ingestPaths([paths[0]], 'default');
    expect((await rowsAt(paths[0])).map((d) => d.collection).sort()).toEqual(['archives', 'default']);
  });

  it('leave nothing when cancelled', async () => {
    const path = join(lib.dataDir, 'vide.txt');
    writeFileSync(path, '');
    const job = lib.ingest.startJob([path]);
    lib.ingest.cancel(job.jobId);
    const done = await lib.ingest.waitForJob(job.jobId);
    expect(done.results[0].error?.code).toBe('CANCELLED');
    expect(await lib.library.list()).toEqual([]);
  });

  it('are read again from their path when nothing of them was kept', async () => {
    const path = join(lib.dataDir, 'consignes.md');
    writeFileSync(path, '');
    const failed = await lib.ingestPaths([path]);
    const id = failed.results[0].documentId!;
    writeFileSync(path, '# Consignes\n\nAllumer le feu une demi-heure avant le coucher du soleil.\n');
    const job = await startReingest({ library: lib.library, ingest: lib.ingest, dataDir: lib.dataDir }, { documentId: id });
    expect((await lib.ingest.waitForJob(job.jobId)).results[0].status).toBe('ready');
    expect((await rowsAt(path)).map((d) => [d.id, d.status])).toEqual([[id, 'ready']]);
  });

  it('cannot be read again when their path is not a file any more', async () => {
    const path = join(lib.dataDir, 'parti.txt');
    writeFileSync(path, '');
    const failed = await lib.ingestPaths([path]);
    rmSync(path);
    await expect(startReingest({ library: lib.library, ingest: lib.ingest, dataDir: lib.dataDir }, { documentId: failed.results[0].documentId! })).rejects.toMatchObject({
      code: 'ORIGINAL_MISSING',
    });
  });
});
