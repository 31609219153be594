/**
 * `phare watch add|remove|list` and `phare ingest <folder> --collection`, in-process on a real library:
 * the list is persisted, text and JSON outputs in both languages, errors reported with exit code 1.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main';
import { captureIo } from './captureIo';

let root: string;
let data: string;
let folder: string;

async function phare(args: string[], env?: NodeJS.ProcessEnv) {
  const io = captureIo(env, root);
  const code = await runCli([...args, '--data', data], io);
  return { code, out: io.out, err: io.err };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'phare-cli-watch-'));
  data = join(root, 'library');
  folder = join(root, 'dossier partagé');
  mkdirSync(join(folder, 'sous-dossier'), { recursive: true });
  writeFileSync(join(folder, 'un.txt'), 'Premier fichier\n\nLe phare veille sur la côte.\n');
  writeFileSync(join(folder, 'sous-dossier', 'deux.md'), '# Deuxième\n\nLa balise clignote la nuit.\n');
  writeFileSync(join(folder, '.cache'), 'hidden');
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

it('adds, lists and removes watched folders', async () => {
  const added = await phare(['watch', 'add', 'dossier partagé', '--collection', 'partage', '--json']);
  expect(added.code).toBe(0);
  expect(JSON.parse(added.out)).toMatchObject({ folder, collection: 'partage', lastScanAt: null });

  const listed = await phare(['watch', 'list', '--json']);
  expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ folder, collection: 'partage' })]);
  // The one-shot command did not sync the folder: the app or `phare serve` does.
  expect(JSON.parse((await phare(['docs', 'list', '--json'])).out)).toEqual([]);

  const text = await phare(['watch', 'list'], { LANG: 'fr_FR.UTF-8' });
  expect(text.out).toContain(folder);
  const french = await phare(['watch', 'remove', folder], { LANG: 'fr_FR.UTF-8' });
  expect(french).toMatchObject({ code: 0 });
  expect(french.out).toContain('plus surveillé');
  expect(await phare(['watch', 'remove', folder])).toMatchObject({ code: 1 });
  expect((await phare(['watch', 'list'])).out).toContain('No folder is watched');

  const missing = await phare(['watch', 'add', join(root, 'absent'), '--json']);
  expect(missing.code).toBe(1);
  expect(JSON.parse(missing.out || missing.err)).toMatchObject({ error: { code: 'WATCH_FOLDER_UNUSABLE' } });
});

it('ingests a folder recursively into a collection, with progress on stderr', async () => {
  const { code, out, err } = await phare(['ingest', folder, '--collection', 'partage']);
  expect(code).toBe(0);
  expect(out).toContain('un.txt');
  expect(out).toContain('deux.md');
  expect(out).not.toContain('.cache');
  expect(err).toMatch(/\[\d+\/2\]/);
  const docs = JSON.parse((await phare(['docs', 'list', '--collection', 'partage', '--json'])).out) as { status: string }[];
  expect(docs.map((d) => d.status)).toEqual(['ready', 'ready']);
});
