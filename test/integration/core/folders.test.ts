/** Dropping a folder ingests the supported files inside it, recursively, through the contract. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';

describe('folders', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await openTestCore();
  });
  afterAll(() => t?.dispose());

  it('ingests supported files recursively, skips hidden and unsupported ones, and survives a link loop', async () => {
    const root = mkdtempSync(join(tmpdir(), 'phare-folder-'));
    mkdirSync(join(root, 'sous dossier é', 'deeper'), { recursive: true });
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'a-notes.txt'), 'Le gardien du phare note le passage des navires chaque nuit.');
    writeFileSync(join(root, 'sous dossier é', 'b-guide.md'), '# Guide\n\nLa lanterne est allumée au coucher du soleil.');
    writeFileSync(join(root, 'sous dossier é', 'deeper', 'c-log.txt'), 'Keeper log: the lamp was trimmed at midnight.');
    writeFileSync(join(root, '.git', 'config.txt'), 'hidden, never ingested');
    writeFileSync(join(root, '.hidden.txt'), 'hidden, never ingested');
    writeFileSync(join(root, 'photo.xyz'), 'not a document');
    symlinkSync(root, join(root, 'sous dossier é', 'loop'));

    const results = await ingest(t.client, [root]);
    expect(results.map((r) => basename(r.file))).toEqual(['a-notes.txt', 'b-guide.md', 'c-log.txt']);
    expect(results.every((r) => r.status === 'ready')).toBe(true);
    const hits = await t.client.call('search.query', { query: 'lanterne allumée', topK: 1 });
    expect(hits[0]?.text).toContain('lanterne');
  });

  it('still reports a file named explicitly even when unsupported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phare-folder-'));
    writeFileSync(join(dir, 'x.xyz'), 'data');
    const [result] = await ingest(t.client, [join(dir, 'x.xyz')]);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('UNSUPPORTED_FORMAT');
  });
});
