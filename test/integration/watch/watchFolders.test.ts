/**
 * A watched folder keeps the library in sync: files there at the start, added, changed (re-ingested
 * in place, by content) and removed; a missing folder is left alone; the list is persisted.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../src-shared/domain';
import { createWatchService, type WatchService } from '../../../src-main/core/watch/watchService';
import { openTestLibrary, type TestLibrary } from '../ingest/library';

let lib: TestLibrary;
let watch: WatchService;
const folder = mkdtempSync(join(tmpdir(), 'phare-watched-'));

beforeAll(async () => {
  lib = await openTestLibrary();
  // A short debounce; the periodic rescan is the fallback and is not what this test relies on.
  watch = createWatchService({ store: lib.store, library: lib.library, ingest: lib.ingest, dataDir: lib.dataDir, events: lib.events, debounceMs: 150, rescanMs: 60_000 });
  watch.start();
});

afterAll(async () => {
  await watch?.dispose();
  await lib?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function until(predicate: (docs: DocumentRecord[]) => boolean): Promise<DocumentRecord[]> {
  for (;;) {
    const docs = await lib.library.list({ collection: 'veille' });
    if (predicate(docs) && docs.every((d) => d.status === 'ready')) return docs;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const bySource = (docs: DocumentRecord[], name: string) => docs.find((d) => d.sourcePath === join(folder, name));

it('ingests, re-ingests and removes as the folder changes', async () => {
  writeFileSync(join(folder, 'bulletin.txt'), 'Bulletin du matin\n\nLa marée haute est à six heures.\n');
  mkdirSync(join(folder, 'archives'));
  writeFileSync(join(folder, 'archives', 'notes.md'), '# Notes\n\nLe sémaphore signale un voilier.\n');
  writeFileSync(join(folder, 'image.xyz'), 'not a supported file');

  const entry = await watch.add(folder, 'veille');
  expect(entry).toMatchObject({ folder, collection: 'veille' });
  let docs = await until((d) => d.length === 2);
  const bulletin = bySource(docs, 'bulletin.txt')!;
  expect(bySource(docs, 'archives/notes.md')).toBeDefined();

  // Added.
  writeFileSync(join(folder, 'archives', 'nouveau.txt'), 'Nouvel avis\n\nUn cargo entre dans la rade.\n');
  docs = await until((d) => d.length === 3);
  expect(bySource(docs, 'archives/nouveau.txt')).toBeDefined();

  // Changed: the same document, its content swapped.
  writeFileSync(join(folder, 'bulletin.txt'), 'Bulletin du soir\n\nLa marée basse est à minuit et le brouillard se lève.\n');
  docs = await until((d) => bySource(d, 'bulletin.txt')?.sha256 !== bulletin.sha256);
  expect(bySource(docs, 'bulletin.txt')!.id).toBe(bulletin.id);
  // The original of the old content is not kept for nothing (removed as the job ends); the new one is.
  while (existsSync(join(lib.dataDir, ...bulletin.storedPath.split('/')))) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(existsSync(join(lib.dataDir, ...bySource(docs, 'bulletin.txt')!.storedPath.split('/')))).toBe(true);
  const hits = await lib.retriever.search({ query: 'brouillard minuit', mode: 'fulltext', collection: 'veille' });
  expect(hits[0].documentId).toBe(bulletin.id);
  expect(await lib.retriever.search({ query: 'haute six heures', mode: 'fulltext', collection: 'veille' })).toEqual([]);

  // Removed.
  unlinkSync(join(folder, 'archives', 'notes.md'));
  docs = await until((d) => d.length === 2);
  expect(bySource(docs, 'archives/notes.md')).toBeUndefined();
  expect(await lib.retriever.search({ query: 'sémaphore voilier', mode: 'fulltext' })).toEqual([]);

  // A touched file with the same bytes is not re-ingested.
  const jobsBefore = lib.eventsOf('ingest.done').length;
  writeFileSync(join(folder, 'archives', 'nouveau.txt'), 'Nouvel avis\n\nUn cargo entre dans la rade.\n');
  await watch.syncNow(folder);
  expect(lib.eventsOf('ingest.done').length).toBe(jobsBefore);
});

it('persists the list, refuses what is not a folder, and forgets a removed folder', async () => {
  await expect(watch.add(join(folder, 'bulletin.txt'))).rejects.toMatchObject({ code: 'WATCH_FOLDER_UNUSABLE' });
  await expect(watch.add(join(folder, 'absent'))).rejects.toMatchObject({ code: 'WATCH_FOLDER_UNUSABLE' });
  const reopened = createWatchService({ store: lib.store, library: lib.library, ingest: lib.ingest, dataDir: lib.dataDir, events: lib.events });
  expect(reopened.list().map((w) => w.folder)).toEqual([folder]);
  expect(await watch.remove(folder)).toBe(true);
  expect(await watch.remove(folder)).toBe(false);
  expect(watch.list()).toEqual([]);
  // Documents stay in the library: unwatching is not deleting.
  expect(await lib.library.list({ collection: 'veille' })).toHaveLength(2);
  await reopened.dispose();
});
