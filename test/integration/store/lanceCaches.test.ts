/**
 * LanceDB connections keep bounded caches (store/lanceConnection.ts): a connection's Session caches
 * the metadata of every version it reads or writes, so a long-lived connection written to for hours
 * grew with every commit (RSS +190 MB per 1,000 ingested files, issue 11) until its 1 GB default.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheBytes, connectLance } from '../../../src-main/core/store/lanceConnection';
import { makeTempDir } from '../../helpers/tempDirs';

const MiB = 1024 * 1024;

/** Commits as a library does for each document: a row added, then updated, then read back. */
async function commitMany(dbPath: string, caches: Parameters<typeof connectLance>[1], commits: number): Promise<number> {
  const db = await connectLance(dbPath, caches);
  try {
    const table = await db.createTable('notes', [{ id: 'first', text: 'Le phare', status: 'ready' }]);
    for (let i = 0; i < commits; i++) {
      await table.add([{ id: `note-${i}`, text: `Note ${i} : le phare numéro ${i} éclaire la côte.`, status: 'processing' }]);
      await table.update({ where: `id = 'note-${i}'`, values: { status: 'ready' } });
      expect(await table.countRows(`id = 'note-${i}' AND status = 'ready'`)).toBe(1);
    }
    return cacheBytes(db)!;
  } finally {
    db.close();
  }
}

describe('LanceDB connections', () => {
  it('keep their metadata cache within its bound however many versions they write', async () => {
    // The index bound is large and the workload has no index: a swapped pair of bounds fails here.
    const bounded = await commitMany(makeTempDir('phare-lance-bounded-'), { metadataBytes: 1 * MiB, indexBytes: 64 * MiB }, 150);
    const unbounded = await commitMany(makeTempDir('phare-lance-unbounded-'), { metadataBytes: 1024 * MiB, indexBytes: 64 * MiB }, 150);
    expect(unbounded).toBeGreaterThan(2 * MiB);
    expect(bounded).toBeLessThanOrEqual(1 * MiB);
  });

  it('are all opened through connectLance by the long-lived stores', () => {
    // Only the one-shot connections (a backup's snapshot and restore, an index rebuild) and the chunks
    // table's connection, replaced at every fold with its caches, may connect on their own.
    const root = join(__dirname, '../../../src-main');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && /\blancedb\.connect\(/.test(readFileSync(path, 'utf8'))) offenders.push(relative(root, path));
      }
    };
    walk(root);
    expect(offenders.sort()).toEqual(['core/backup/librarySnapshot.ts', 'core/backup/libraryRestore.ts', 'core/maintenance/indexRebuild.ts', 'core/store/lanceConnection.ts', 'core/store/renewableTable.ts'].sort());
  });
});
