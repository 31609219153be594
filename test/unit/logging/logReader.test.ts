/**
 * The log reader reads files backwards a block at a time: it must give exactly the entries a whole-file
 * read gives, lines crossing block boundaries and multi-byte characters included, skip a line a crash
 * cut short, and still pick the newest entries across files written by two processes.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryOf, readLogs } from '../../../src-main/core/logging/logReader';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const start = Date.UTC(2026, 11, 7, 8, 0, 0);

function line(i: number, pid = 1): string {
  const level = LEVELS[i % LEVELS.length];
  // Lengths vary from ~90 to ~1,100 bytes so lines fall across 64 kB blocks anywhere; é and 🚀 are multi-byte.
  const padding = 'é🚀x'.repeat((i * 37) % 250);
  return JSON.stringify({ level, time: new Date(start + i * 10).toISOString(), pid, source: i % 3 ? 'ingest' : 'chat', n: i, padding, msg: `entry ${i}` });
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phare-logreader-'));
  dirs.push(dir);
  return dir;
}

describe('readLogs', () => {
  const dir = folder();
  const lines = Array.from({ length: 3000 }, (_, i) => line(i));
  // The last line was cut short by a kill.
  writeFileSync(join(dir, 'phare.2026-12-07.1.log'), lines.join('\n') + '\n' + line(3000).slice(0, 40));
  // Written when its last entry was (the reader trusts a file's last write time to bound its entries).
  utimesSync(join(dir, 'phare.2026-12-07.1.log'), new Date(start + 30_000), new Date(start + 30_000));
  const all = lines.map((l) => entryOf(l)!).reverse();

  it('gives the entries a whole-file read gives, newest first', async () => {
    expect(await readLogs(dir, { limit: 10_000 })).toEqual(all);
    expect(await readLogs(dir, { limit: 7 })).toEqual(all.slice(0, 7));
  });

  it('filters as a whole-file read would', async () => {
    const warnOrWorse = all.filter((e) => e.level === 'warn' || e.level === 'error');
    expect(await readLogs(dir, { level: 'warn', limit: 10_000 })).toEqual(warnOrWorse);
    expect(await readLogs(dir, { level: 'warn', limit: 25 })).toEqual(warnOrWorse.slice(0, 25));
    expect(await readLogs(dir, { source: 'chat', limit: 10_000 })).toEqual(all.filter((e) => e.source === 'chat'));
    expect(await readLogs(dir, { query: 'ENTRY 2999' })).toEqual([all[0]]);
    // Words with a quote are looked for in the parsed entry (the raw line escapes quotes).
    const quoted = all.filter((e) => JSON.stringify(e.data).includes('"n":12'));
    expect(quoted.length).toBeGreaterThan(100);
    expect(await readLogs(dir, { query: '"n":12', limit: 10_000 })).toEqual(quoted);
    const since = new Date(start + 2500 * 10).toISOString();
    expect(await readLogs(dir, { since, limit: 10_000 })).toEqual(all.filter((e) => e.time >= since));
  });

  it('merges files of two processes by time', async () => {
    const two = folder();
    const a = Array.from({ length: 500 }, (_, i) => line(2 * i, 1));
    const b = Array.from({ length: 500 }, (_, i) => line(2 * i + 1, 2));
    writeFileSync(join(two, 'phare.2026-12-07.1.log'), a.join('\n') + '\n');
    writeFileSync(join(two, 'phare.2026-12-07.2.log'), b.join('\n') + '\n');
    // The first file was written last (its process still writes there).
    utimesSync(join(two, 'phare.2026-12-07.2.log'), new Date(start + 9_990), new Date(start + 9_990));
    utimesSync(join(two, 'phare.2026-12-07.1.log'), new Date(start + 10_000), new Date(start + 10_000));
    const newest = await readLogs(two, { limit: 6 });
    expect(newest.map((e) => e.data.n)).toEqual([999, 998, 997, 996, 995, 994]);
    expect(newest.map((e) => e.data.pid)).toEqual([2, 1, 2, 1, 2, 1]);
  });

  it('lists nothing for a folder that does not exist yet', async () => {
    expect(await readLogs(join(folder(), 'logs'))).toEqual([]);
  });
});
