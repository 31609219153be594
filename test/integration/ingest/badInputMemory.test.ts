/**
 * Memory stays bounded on hostile input: a gigabyte of zeros named `.pdf` (sparse, so the disk holds
 * nothing) and two zip bombs named `.docx` that inflate to a gigabyte, one declaring it and one lying
 * about it. The size limit is raised past a gigabyte so that only the content checks stand between
 * these files and memory. The process's peak resident memory (maxRSS, which only grows) is read
 * before and after: the growth bounds whatever these files made the process hold at any moment.
 */
import { closeSync, ftruncateSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestJobDone } from '../../../src-shared/domain';
import { openTestLibrary, type TestLibrary } from './library';
import { zipBombDocx } from './zipFixtures';

const GB = 1024 * 1024 * 1024;
/** Far below the gigabyte any of these files would take if read or inflated whole. */
const MAX_GROWTH_MB = 150;

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

describe('hostile files with no size limit to stop them', () => {
  let lib: TestLibrary;
  let done: IngestJobDone;
  let growthMb: number;

  beforeAll(async () => {
    lib = await openTestLibrary({ limits: { maxFileBytes: 4 * GB } });
    const dir = lib.dataDir;
    // Warm up (LanceDB, the extractors), so the measure below is about the hostile files alone.
    writeFileSync(join(dir, 'warm-up.txt'), 'Carnet\n\nLe phare de la Vieille veille sur le raz de Sein.\n');
    expect((await lib.ingestPaths([join(dir, 'warm-up.txt')])).results[0].status).toBe('ready');

    const zeros = join(dir, 'zeros.pdf');
    writeFileSync(zeros, '');
    const fd = openSync(zeros, 'r+');
    ftruncateSync(fd, GB);
    closeSync(fd);
    writeFileSync(join(dir, 'bomb.docx'), zipBombDocx('declared'));
    writeFileSync(join(dir, 'bomb-lying.docx'), zipBombDocx('lying'));
    writeFileSync(join(dir, 'good.txt'), 'Consigne\n\nAllumer le feu au coucher du soleil.\n');

    const before = peakRssMb();
    done = await lib.ingestPaths(['zeros.pdf', 'bomb.docx', 'bomb-lying.docx', 'good.txt'].map((f) => join(dir, f)));
    growthMb = peakRssMb() - before;
    console.log(`peak RSS growth over the hostile batch: ${growthMb.toFixed(0)} MB (peak ${peakRssMb().toFixed(0)} MB)`);
  });

  afterAll(async () => {
    await lib?.close();
  });

  it('refuses each hostile file with its reason and ingests the good one', () => {
    expect(done.results.map((r) => [r.status, r.error?.code ?? null])).toEqual([
      ['failed', 'FORMAT_MISMATCH'],
      ['failed', 'ARCHIVE_TOO_LARGE'],
      ['failed', 'ARCHIVE_TOO_LARGE'],
      ['ready', null],
    ]);
  });

  it('keeps peak memory bounded', () => {
    expect(growthMb).toBeLessThan(MAX_GROWTH_MB);
  });
});
