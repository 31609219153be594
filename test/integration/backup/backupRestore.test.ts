/**
 * Backups through the contract on real cores and real LanceDB: a round trip gives back the same
 * documents, chunks, search results, conversations and feedback; a backup taken while an ingestion job
 * writes restores with no half document; a truncated or altered backup is refused by verify and by
 * restore and the target is left as it was; a non-empty target needs --force; a restore over the open
 * library and a reset are applied at the next start; an index rebuild keeps search results.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../../src-main/core/backup/libraryRestore';
import { readArchive } from '../../../src-main/core/backup/backupArchive';
import { createCore } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import type { ContractClient } from '../../../src-shared/rpc';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, type TestCore } from '../../helpers/testCore';

const QUERIES = ['trace tree nested loops', 'Super Bowl 50', 'type specialization'];
const cleanup: Array<() => Promise<void> | void> = [];
let t: TestCore;

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What a user sees of a library, in a comparable form. */
async function libraryView(client: ContractClient) {
  const documents = (await client.call('library.list', {})).map((d) => ({ id: d.id, title: d.title, status: d.status, chunks: d.chunks, collection: d.collection }));
  const chunkCounts = await Promise.all(documents.map(async (d) => (await client.call('library.detail', { id: d.id })).chunks.length));
  const searches = await Promise.all(QUERIES.map(async (query) => (await client.call('search.query', { query, topK: 5, mode: 'fulltext' })).map((h) => [h.chunkId, h.documentId])));
  const conversations = await Promise.all((await client.call('conversations.list', {})).map(async (c) => (await client.call('conversations.get', { id: c.id })).messages.map((m) => [m.id, m.role, m.content])));
  const feedback = (await client.call('feedback.list', {})).map((f) => [f.messageId, f.thumbs, f.comment]);
  return { documents, chunkCounts, searches, conversations, feedback };
}

/** Every file of a folder with its sha256 (to show a target was left untouched). */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir, '');
  return out;
}

async function openLibrary(dataDir: string) {
  const core = await createCore({ dataDir, background: false });
  cleanup.push(() => core.dispose());
  return { core, client: createInProcessClient(core) };
}

beforeAll(async () => {
  t = await openTestCore({ language: 'en' });
  cleanup.push(() => rmSync(t.dataDir, { recursive: true, force: true }));
  const results = await ingest(t.client, [corpusFile('pdf', 'pdfjs_tracemonkey.pdf'), corpusFile('office', 'docx', readdirSync(corpusFile('office', 'docx')).find((f) => f.endsWith('.docx'))!)]);
  expect(results.every((r) => r.status === 'ready')).toBe(true);
  const answer = await t.client.call('chat.ask', { question: 'What is a trace tree?', requestId: 'backup-1' });
  await t.client.call('feedback.submit', { messageId: answer.messageId!, thumbs: 'up', comment: 'kept by the backup' });
});

afterAll(async () => {
  await t?.dispose();
  for (const step of cleanup.reverse()) await step();
});

describe('backups', () => {
  it('round trip: the restored library has the same documents, chunks, searches, conversations and feedback', async () => {
    const before = await libraryView(t.client);
    const progress: string[] = [];
    const off = t.client.on('backup.progress', (p) => progress.push(p.phase));
    const info = await t.client.call('backup.create', {});
    off();
    expect(progress).toContain('archive');
    expect(progress.at(-1)).toBe('done');
    expect(info.documents).toBe(2);
    // Owner-only, in an owner-only folder.
    expect(statSync(info.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(info.path, '..')).mode & 0o777).toBe(0o700);
    expect((await t.client.call('backup.list', {})).map((b) => b.name)).toContain(info.name);
    expect(await t.client.call('backup.verify', { name: info.name })).toMatchObject({ ok: true, problem: null });

    const target = join(tempDir('phare-restored-'), 'library');
    await restoreBackup(info.path, target);
    expect(statSync(target).mode & 0o777).toBe(0o700);
    const restored = await openLibrary(target);
    expect(await libraryView(restored.client)).toEqual(before);
  });

  it('a backup taken while an ingestion job writes holds no half document', async () => {
    const folder = tempDir('phare-many-');
    for (let i = 0; i < 40; i++) {
      writeFileSync(join(folder, `note-${i}.txt`), `Note ${i} about the lighthouse keeper.\n\n${'The keeper logs every ship that passes the rock. '.repeat(40 + i)}\n`);
    }
    const job = await t.client.call('library.ingestPaths', { paths: [folder], collection: 'many' });
    const done = new Promise<void>((resolve) => {
      const off = t.client.on('ingest.done', (e) => {
        if (e.jobId === job.jobId) {
          off();
          resolve();
        }
      });
    });
    const backups = [];
    // Two backups while the job writes.
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 400));
      backups.push(await t.client.call('backup.create', {}));
    }
    await done;
    for (const backup of backups) {
      const target = join(tempDir('phare-during-'), 'library');
      await restoreBackup(backup.path, target);
      const { client } = await openLibrary(target);
      const documents = await client.call('library.list', {});
      for (const doc of documents) {
        // Start-up recovery applies as after a crash: nothing is left half written.
        expect(['ready', 'failed', 'queued']).toContain(doc.status);
        const detail = await client.call('library.detail', { id: doc.id });
        if (doc.status === 'ready') expect(detail.chunks.length).toBe(doc.chunks);
        else expect(detail.chunks.length).toBe(0);
      }
      // Every hit belongs to a ready document.
      const ready = new Set(documents.filter((d) => d.status === 'ready').map((d) => d.id));
      for (const hit of await client.call('search.query', { query: 'lighthouse keeper ship', topK: 50, mode: 'fulltext' })) expect(ready.has(hit.documentId)).toBe(true);
    }
  });

  it('refuses a truncated or altered backup, in verify and in restore, and leaves the target as it was', async () => {
    const info = await t.client.call('backup.create', {});
    const bytes = readFileSync(info.path);
    const folder = join(t.dataDir, 'backups');
    const truncated = join(folder, 'phare-backup-20000101-000000.tar.gz');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    // Altered: one entry changed and the archive re-packed with the original manifest (gzip and tar checksums are then right).
    const altered = join(folder, 'phare-backup-20000101-000001.tar.gz');
    const unpacked = tempDir('phare-alter-');
    const { x, c } = await import('tar');
    await x({ file: info.path, cwd: unpacked });
    const original = readdirSync(join(unpacked, 'originals'), { recursive: true, withFileTypes: true }).find((e) => e.isFile())!;
    writeFileSync(join(original.parentPath, original.name), 'not the original any more');
    const manifest = await readArchive(info.path, { manifestOnly: true });
    await c({ file: altered, cwd: unpacked, gzip: true }, ['phare-backup.json', ...manifest.entries.map((e) => e.path)]);

    for (const name of ['phare-backup-20000101-000000.tar.gz', 'phare-backup-20000101-000001.tar.gz']) {
      const result = await t.client.call('backup.verify', { name });
      expect(result.ok).toBe(false);
      expect(result.problem).toMatch(/damaged or incomplete/);
      await expect(t.client.call('backup.restore', { name })).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
      expect(existsSync(join(t.dataDir, '.library-pending'))).toBe(false);
    }
    // The CLI's path: a library folder with --force is left byte for byte as it was.
    const target = join(tempDir('phare-untouched-'), 'library');
    await restoreBackup(info.path, target);
    const print = fingerprint(target);
    for (const file of [truncated, altered]) {
      await expect(restoreBackup(file, target, { force: true })).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
      expect(fingerprint(target)).toEqual(print);
      expect(readdirSync(join(target, '..')).filter((n) => n.includes('restore'))).toEqual([]);
    }
  });

  it('refuses a non-empty target without force, and replaces its library with it', async () => {
    const info = (await t.client.call('backup.list', {})).find((b) => b.problem === null && b.documents !== null)!;
    const target = tempDir('phare-occupied-');
    writeFileSync(join(target, 'notes.txt'), 'mine');
    await expect(restoreBackup(info.path, target)).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
    expect(readdirSync(target)).toEqual(['notes.txt']);
    await restoreBackup(info.path, target, { force: true });
    expect(readFileSync(join(target, 'notes.txt'), 'utf8')).toBe('mine');
    const { client } = await openLibrary(target);
    expect((await client.call('library.list', {})).length).toBe(info.documents);
  });

  it('restores over the open library at the next start, and a reset empties it after confirmation', async () => {
    const dataDir = tempDir('phare-open-');
    const first = await createCore({ dataDir, background: false });
    const client = createInProcessClient(first);
    await ingest(client, [corpusFile('pdf', 'pdfjs_tracemonkey.pdf')]);
    const backup = await client.call('backup.create', {});
    await ingest(client, [corpusFile('pdf', 'pdfjs_pdkids.pdf')]);
    expect(await client.call('backup.restore', { name: backup.name })).toEqual({ restartRequired: true, documents: 1 });
    // Until the restart the open library is as it was.
    expect((await client.call('library.list', {})).length).toBe(2);
    await first.dispose();

    const second = await openLibrary(dataDir);
    expect((await second.client.call('library.list', {})).map((d) => d.title)).toHaveLength(1);
    await expect(second.client.call('maintenance.reset', {} as { confirm: true })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await second.client.call('maintenance.reset', { confirm: true })).toMatchObject({ restartRequired: true });
    await second.core.dispose();

    const third = await openLibrary(dataDir);
    expect(await third.client.call('library.list', {})).toEqual([]);
    expect(await third.client.call('conversations.list', {})).toEqual([]);
    // Backups survive a reset.
    expect((await third.client.call('backup.list', {})).map((b) => b.name)).toContain(backup.name);
  });
});

describe('maintenance', () => {
  it('rebuilds every index with progress and keeps search results', async () => {
    const before = await Promise.all(QUERIES.map((query) => t.client.call('search.query', { query, topK: 8 })));
    const steps: string[] = [];
    const off = t.client.on('maintenance.progress', (p) => steps.push(p.step));
    const result = await t.client.call('maintenance.rebuildIndices', {});
    off();
    expect(result.failures).toEqual([]);
    expect(result.indices).toBeGreaterThanOrEqual(4);
    expect(steps).toContain('chunks');
    const after = await Promise.all(QUERIES.map((query) => t.client.call('search.query', { query, topK: 8 })));
    expect(after.map((hits) => hits.map((h) => h.chunkId))).toEqual(before.map((hits) => hits.map((h) => h.chunkId)));
  });

  it('reports disk usage by part and clears caches', async () => {
    const usage = await t.client.call('maintenance.diskUsage', {});
    const part = (name: string) => usage.parts.find((p) => p.part === name)!;
    expect(part('originals').bytes).toBeGreaterThan(0);
    expect(part('tables').bytes).toBeGreaterThan(0);
    expect(part('indices').bytes).toBeGreaterThan(0);
    expect(part('backups').files).toBeGreaterThan(0);
    expect(usage.totalBytes).toBe(usage.parts.reduce((s, p) => s + p.bytes, 0));
    const leftover = join(t.dataDir, '.backup-staging-deadbeef');
    mkdirSync(leftover);
    writeFileSync(join(leftover, 'x'), 'left by a crash');
    const { utimesSync } = await import('node:fs');
    utimesSync(leftover, new Date(0), new Date(0));
    const cleared = await t.client.call('maintenance.clearCaches', {});
    expect(cleared.cleared.map((c) => c.cache)).toContain('unfinishedWork');
    expect(existsSync(leftover)).toBe(false);
  });
});
