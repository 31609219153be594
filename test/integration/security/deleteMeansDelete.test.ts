/**
 * Delete means delete (issue 11: a removed document's text was still in two `.lance` files 21 minutes
 * later). Real documents from the corpus are ingested through a real core, the library's maintenance
 * packs them into shared files (the hard case: the removed rows sit next to rows that stay), then
 * `library.remove` returns and at once no file of the data folder holds a sentence of the removed
 * document, its kept original is gone, and the other documents are whole and found as before.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, type TestCore } from '../../helpers/testCore';

const docs = (name: string) => corpusFile('qa', 'xquad_en', 'docs', name);
const REMOVED = docs('xquad_en_d002_Normans.txt');
const KEPT = [docs('xquad_en_d000_Super_Bowl_50.txt'), docs('xquad_en_d001_Warsaw.txt'), docs('xquad_en_d003_Nikola_Tesla.txt')];
/** Sentences of the removed document and of one that stays (raw bytes, as any program could read them). */
const REMOVED_SENTENCE = 'Rainulf Drengot received the county of Aversa';
const KEPT_SENTENCE = readFileSync(KEPT[1], 'utf8').split('\n')[2].slice(0, 60);

/** A file's bytes, or null when it went between the listing and the read (a compaction's temporary file). */
function contentOf(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The data folder's files that contain `needle`, by path relative to it. */
function filesContaining(dataDir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && contentOf(path)?.includes(bytes)) found.push(path.slice(dataDir.length + 1));
    }
  };
  walk(dataDir);
  return found.sort();
}

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(async () => {
  await t?.dispose();
});

describe('library.remove', { timeout: 120_000 }, () => {
  it('leaves no readable copy of the document once it returns', async () => {
    expect(readFileSync(REMOVED, 'utf8')).toContain(REMOVED_SENTENCE);
    const results = await ingest(t.client, [...KEPT, REMOVED]);
    expect(results.map((r) => r.status)).toEqual(['ready', 'ready', 'ready', 'ready']);
    const removedId = results[3].documentId!;
    const chunksBefore = new Map<string, number>();
    for (const r of results.slice(0, 3)) chunksBefore.set(r.documentId!, r.chunks);

    // Background maintenance packs the documents' chunks into one file: the removed rows then share
    // a file with rows that stay (a delete alone would only hide them there).
    const shared = () =>
      filesContaining(t.dataDir, REMOVED_SENTENCE).filter((f) => f.startsWith('library.lance/chunks.lance/') && filesContaining(t.dataDir, KEPT_SENTENCE).includes(f));
    for (let waited = 0; shared().length === 0; waited += 200) {
      if (waited > 30_000) throw new Error('the chunks were never packed into a shared file');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(filesContaining(t.dataDir, REMOVED_SENTENCE).some((f) => f.startsWith('originals/'))).toBe(true);

    expect(await t.client.call('library.remove', { id: removedId })).toEqual({ removed: true });
    expect(filesContaining(t.dataDir, REMOVED_SENTENCE)).toEqual([]);
    expect(filesContaining(t.dataDir, 'Drengot')).toEqual([]);

    // The others are untouched: listed, whole, found by their own words.
    const listed = await t.client.call('library.list', {});
    expect(listed.map((d) => d.id).sort()).toEqual([...chunksBefore.keys()].sort());
    for (const doc of listed) expect((await t.client.call('library.detail', { id: doc.id })).chunks).toHaveLength(chunksBefore.get(doc.id)!);
    const hits = await t.client.call('search.query', { query: KEPT_SENTENCE, topK: 3 });
    expect(hits[0]?.documentId).toBe(results[1].documentId);
    expect(await t.client.call('search.query', { query: 'Drengot Aversa Normans', topK: 5 })).toSatisfy((h: Array<{ documentId: string }>) =>
      h.every((hit) => hit.documentId !== removedId),
    );
  });
});
