/** Collections through the contract on a real core: list with counts, create, rename (search follows), remove, persistence. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import { ingest, openTestCore, type TestCore } from '../../helpers/testCore';

let test: TestCore;

beforeAll(async () => {
  test = await openTestCore({ threads: 1, gpu: 'cpu', gpuLayers: 0 });
});

afterAll(async () => {
  await test?.dispose();
  if (test) rmSync(test.dataDir, { recursive: true, force: true });
});

function textFile(name: string, text: string): string {
  const path = join(test.dataDir, name);
  writeFileSync(path, text);
  return path;
}

it('lists, creates, renames and removes collections; search follows them', async () => {
  const { client } = test;
  const alpha = await ingest(
    client,
    [textFile('phare.txt', 'Le phare de Cordouan\n\nLe gardien allume la lanterne chaque soir.\n'), textFile('port.txt', 'Le port de Brest\n\nLes navires accostent au quai des Abeilles.\n')],
    'alpha',
  );
  expect(alpha.map((r) => r.status)).toEqual(['ready', 'ready']);
  const [plain] = await ingest(client, [textFile('meteo.txt', 'Météo marine\n\nAvis de grand frais sur la Manche.\n')]);
  expect(plain.status).toBe('ready');

  expect(await client.call('collections.list', {})).toEqual([
    { name: 'default', documents: 1 },
    { name: 'alpha', documents: 2 },
  ]);
  expect(await client.call('collections.create', { name: 'vide' })).toEqual({ name: 'vide', documents: 0 });
  await expect(client.call('collections.create', { name: 'alpha' })).rejects.toMatchObject({ code: 'COLLECTION_EXISTS' });
  expect((await client.call('collections.list', {})).map((c) => c.name)).toEqual(['default', 'alpha', 'vide']);

  // Rename: documents, chunks and the search scope move together.
  expect(await client.call('collections.rename', { from: 'alpha', to: 'bêta' })).toEqual({ name: 'bêta', documents: 2 });
  await expect(client.call('collections.rename', { from: 'bêta', to: 'vide' })).rejects.toMatchObject({ code: 'COLLECTION_EXISTS' });
  await expect(client.call('collections.rename', { from: 'nulle part', to: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  expect((await client.call('library.list', { collection: 'bêta' })).map((d) => d.id).sort()).toEqual(alpha.map((r) => r.documentId).sort());
  expect(await client.call('library.list', { collection: 'alpha' })).toEqual([]);
  const scoped = await client.call('search.query', { query: 'gardien lanterne', collection: 'bêta', mode: 'fulltext' });
  expect(scoped[0].documentId).toBe(alpha[0].documentId);
  expect(await client.call('search.query', { query: 'gardien lanterne', collection: 'alpha', mode: 'fulltext' })).toEqual([]);
  expect(await client.call('search.query', { query: 'gardien lanterne', collection: 'default', mode: 'fulltext' })).toEqual([]);

  // Remove: refused while it has documents, unless they go with it.
  await expect(client.call('collections.remove', { name: 'bêta' })).rejects.toMatchObject({ code: 'COLLECTION_NOT_EMPTY', params: { count: 2 } });
  expect(await client.call('collections.remove', { name: 'bêta', withDocuments: true })).toEqual({ removed: true, documentsRemoved: 2 });
  expect(await client.call('search.query', { query: 'gardien lanterne', mode: 'fulltext' })).toEqual([]);
  expect((await client.call('library.list', {})).map((d) => d.id)).toEqual([plain.documentId]);
  expect(await client.call('collections.remove', { name: 'vide' })).toEqual({ removed: true, documentsRemoved: 0 });
  expect(await client.call('collections.remove', { name: 'vide' })).toEqual({ removed: false, documentsRemoved: 0 });
  expect(await client.call('collections.list', {})).toEqual([{ name: 'default', documents: 1 }]);
});

it('keeps an empty collection across a restart', async () => {
  await test.client.call('collections.create', { name: 'à remplir' });
  await test.dispose();
  const core = await createCore({ dataDir: test.dataDir, background: false });
  try {
    const names = (await createInProcessClient(core).call('collections.list', {})).map((c) => c.name);
    expect(names).toContain('à remplir');
  } finally {
    await core.dispose();
  }
});
