/**
 * The daily backup: a backup missed while the app was closed is made after the next start (fake
 * clock, as the quality run's catch-up is tested), and only the `keep` newest automatic backups stay;
 * backups made by hand are never pruned.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import { corpusFile } from '../../helpers/paths';
import { ingest } from '../../helpers/testCore';

const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function waitFor<T>(probe: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('makes the missed daily backup after the next start and keeps only the newest automatic ones', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-backup-schedule-'));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const day = (d: number, h: number) => new Date(2026, 11, d, h, 0).getTime();

  // A library with a document, schedule at 02:30, two automatic backups kept; one backup by hand.
  const first = await createCore({ dataDir, background: false, clock: () => day(1, 12) });
  const client = createInProcessClient(first);
  await ingest(client, [corpusFile('pdf', 'pdfjs_tracemonkey.pdf')]);
  await client.call('settings.update', { backup: { scheduleEnabled: true, scheduleTime: '02:30', keep: 2, folder: null } });
  const manual = await client.call('backup.create', {});
  expect(manual.trigger).toBe('manual');
  await first.dispose();
  // Automatic backups of earlier nights (only their names matter to the pruning).
  const folder = join(dataDir, 'backups');
  for (const night of ['20261128', '20261129', '20261130']) writeFileSync(join(folder, `phare-backup-${night}-023000-auto.tar.gz`), 'an old backup');

  // Closed until the 3rd at 09:00: the 3rd's 02:30 backup was missed.
  const second = await createCore({ dataDir, clock: () => day(3, 9), catchUpQuietMs: 0 });
  cleanup.push(() => second.dispose());
  const secondClient = createInProcessClient(second);
  const made = await waitFor(async () => (await secondClient.call('backup.list', {})).find((b) => b.name === 'phare-backup-20261203-090000-auto.tar.gz') ?? null);
  expect(made).toMatchObject({ trigger: 'scheduled', documents: 1, problem: null });
  await waitFor(async () => (readdirSync(folder).filter((n) => n.endsWith('-auto.tar.gz')).length === 2 ? true : null));
  expect(readdirSync(folder).sort()).toEqual([manual.name, 'phare-backup-20261130-023000-auto.tar.gz', 'phare-backup-20261203-090000-auto.tar.gz'].sort());
  const schedule = await secondClient.call('backup.schedule', {});
  expect(schedule).toMatchObject({ enabled: true, time: '02:30', keep: 2 });
  expect(new Date(schedule.nextBackupAt!).getHours()).toBe(2);
  await second.dispose();

  // Started again the same morning: that night has its backup.
  const third = await createCore({ dataDir, clock: () => day(3, 10), catchUpQuietMs: 0 });
  cleanup.push(() => third.dispose());
  await new Promise((r) => setTimeout(r, 1_000));
  expect(readdirSync(folder).filter((n) => n.endsWith('-auto.tar.gz'))).toHaveLength(2);
});
