/**
 * Issue 11: `watch.add /` then `watch.remove /` within a second, and 21 s later a job of 33,116 files
 * started. Here a folder of a few thousand files is added and removed at once: its walk stops and
 * no job ever starts. And a disk root, the home folder or the data folder (inside it, or holding it)
 * is refused without `force`, through the service, the contract's error and the CLI's --force.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhareError } from '../../../src-shared/errors';
import { runCli } from '../../../src-main/cli/main';
import { planFolderSync } from '../../../src-main/core/watch/planFolderSync';
import { createWatchService, type WatchService } from '../../../src-main/core/watch/watchService';
import { captureIo } from '../cli/captureIo';
import { openTestLibrary, type TestLibrary } from '../ingest/library';

const FILES = 3_000;

let lib: TestLibrary;
let watch: WatchService;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-watch-stop-'));
  lib = await openTestLibrary();
  watch = createWatchService({ store: lib.store, library: lib.library, ingest: lib.ingest, dataDir: lib.dataDir, events: lib.events, debounceMs: 50, rescanMs: 60_000 });
  watch.start();
});

afterAll(async () => {
  await watch?.dispose();
  await lib?.close();
  rmSync(root, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<PhareError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PhareError);
  return error as PhareError;
}

describe('removing a watched folder', () => {
  it('stops its first scan: no job starts after the removal', { timeout: 120_000 }, async () => {
    const big = join(root, 'archives');
    for (let d = 0; d < 30; d++) {
      mkdirSync(join(big, `lot-${d}`), { recursive: true });
      for (let i = 0; i < FILES / 30; i++) writeFileSync(join(big, `lot-${d}`, `note-${i}.txt`), `Note ${d}-${i} : le phare.\n`);
    }
    // How long the scan of this folder takes here: the removal below comes well before its end.
    const started = Date.now();
    const plan = await planFolderSync(big, [], new Map());
    const scanMs = Date.now() - started;
    expect(plan.added).toHaveLength(FILES);

    await watch.add(big, 'archives');
    expect(await watch.remove(big)).toBe(true);
    // Long after the scan would have ended (and its job started), nothing was started.
    await new Promise((resolve) => setTimeout(resolve, Math.max(1_000, 3 * scanMs)));
    expect(lib.ingest.list()).toEqual([]);
    expect(lib.seen.filter((s) => s.event === 'ingest.progress' || s.event === 'jobs.changed')).toEqual([]);
    expect(watch.list()).toEqual([]);
  });
});

describe('folders too broad to watch', () => {
  it('are refused without force: a disk root, the home folder, the data folder, a folder in it or holding it', async () => {
    const cases: Array<[string, string]> = [
      [parse(root).root, 'root'],
      [homedir(), 'home'],
      [lib.dataDir, 'data'],
      [join(lib.dataDir, 'originals'), 'data'],
      [dirname(lib.dataDir), 'data'],
    ];
    mkdirSync(join(lib.dataDir, 'originals'), { recursive: true });
    for (const [folder, reason] of cases) {
      const error = await refusal(watch.add(folder));
      expect(error.code).toBe('WATCH_FOLDER_TOO_BROAD');
      expect(error.params).toMatchObject({ folder, reason });
      expect(error.toValue('fr').message).toContain('Confirmez');
    }
    expect(watch.list()).toEqual([]);
    // An ordinary folder needs no confirmation.
    const ordinary = join(root, 'dossier');
    mkdirSync(ordinary);
    await watch.add(ordinary);
    expect(await watch.remove(ordinary)).toBe(true);
  });

  it('are watched with force (a service that is not started, so nothing is walked)', async () => {
    const idle = createWatchService({ store: lib.store, library: lib.library, ingest: lib.ingest, dataDir: lib.dataDir, events: lib.events });
    try {
      const entry = await idle.add(homedir(), 'maison', { force: true });
      expect(entry).toMatchObject({ folder: homedir(), collection: 'maison' });
      expect(await idle.remove(homedir())).toBe(true);
    } finally {
      await idle.dispose();
    }
  });

  it('are refused by the CLI with a hint, and watched with --force', async () => {
    const data = join(root, 'cli-library');
    const phare = async (args: string[]) => {
      const io = captureIo({ LANG: 'en_US.UTF-8' }, root);
      const code = await runCli([...args, '--data', data], io);
      return { code, out: io.out, err: io.err };
    };
    const refused = await phare(['watch', 'add', homedir()]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/your home folder.*\n.*--force/);
    const json = await phare(['watch', 'add', data, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ error: { code: 'WATCH_FOLDER_TOO_BROAD' } });
    const forced = await phare(['watch', 'add', homedir(), '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.out)).toMatchObject({ folder: homedir() });
    expect((await phare(['watch', 'remove', homedir()])).code).toBe(0);
  });
});
