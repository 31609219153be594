/**
 * Decisions on chunks on a real LanceDB library: each flag decision leaves its flags (blacklist,
 * whitelist, restore), the audit row is written and counted, other actions are refused as flag
 * decisions, plain decisions are only logged, and `reconcile()` makes every chunk's flags match the
 * last flag decision the log holds for it (a crash between the row and the flags).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditAction, AuditEntry } from '../../../src-shared/quality';
import { createEventBus } from '../../../src-main/core/eventBus';
import { createChunkDecisions, isFlagAction, type AuditDraft, type ChunkDecisions } from '../../../src-main/core/quality/chunkDecisions';
import { openQualityStore, type QualityStore } from '../../../src-main/core/quality/qualityStore';
import { openLibraryStore, type LibraryStore } from '../../../src-main/core/store/libraryStore';
import type { StoredChunk } from '../../../src-main/core/store/schema';
import { halfWrittenDocument } from '../ingest/library';

const CHUNKS = ['c0', 'c1', 'c2', 'c3'];

describe('chunk decisions', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-decisions-'));
  let store: LibraryStore;
  let quality: QualityStore;
  let decisions: ChunkDecisions;
  let changed = 0;
  let counted: AuditAction[] = [];

  beforeAll(async () => {
    store = await openLibraryStore(dataDir);
    const { doc, chunk } = halfWrittenDocument('decided', '');
    const chunks: StoredChunk[] = CHUNKS.map((id, ordinal) => ({ ...chunk, id, ordinal, text: `Passage ${id}.`, ftsText: `Passage ${id}.` }));
    await store.commitDocument({ ...doc, status: 'ready', chunks: chunks.length }, { pages: [{ page: 1, text: '' }], chunks, vectors: null }, { isNew: true });
    quality = await openQualityStore(join(dataDir, 'quality.lance'));
    const events = createEventBus();
    events.on('quality.changed', () => changed++);
    decisions = createChunkDecisions({ store, quality, events, onDecision: (action) => counted.push(action) });
  });

  afterAll(async () => {
    await quality?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    changed = 0;
    counted = [];
  });

  const draft = (action: AuditAction, chunkId: string | null): AuditDraft => ({
    action,
    chunkId,
    documentId: 'decided',
    reason: `test ${action}`,
    score: null,
    votes: null,
    judgeVerdict: null,
    judgeRaw: null,
    actor: 'user',
  });
  const flagsOf = async (id: string) => {
    const [chunk] = await store.getChunks([id], { includeBlacklisted: true });
    return { blacklisted: chunk.blacklisted, whitelisted: chunk.whitelisted };
  };

  it('knows which actions are flag decisions', () => {
    expect((['blacklist', 'whitelist', 'restore'] as const).map(isFlagAction)).toEqual([true, true, true]);
    expect((['keep', 'review-accepted', 'recommend-reingest', 'dismissed'] as const).map(isFlagAction)).toEqual([false, false, false, false]);
  });

  it('a blacklist, a whitelist and a restore each leave their flags, after their audit row', async () => {
    const now = Date.parse('2026-03-01T10:00:00.000Z');
    const entry = await decisions.applyFlag({ ...draft('blacklist', 'c0'), chunkId: 'c0' }, now);
    expect(entry).toMatchObject({ action: 'blacklist', chunkId: 'c0', at: '2026-03-01T10:00:00.000Z', reason: 'test blacklist' });
    expect(await flagsOf('c0')).toEqual({ blacklisted: true, whitelisted: false });
    expect((await quality.listAudit()).find((e) => e.id === entry.id)).toEqual(entry);
    expect(counted).toEqual(['blacklist']);
    expect(changed).toBe(1);

    await decisions.applyFlag({ ...draft('whitelist', 'c0'), chunkId: 'c0' }, now + 1);
    expect(await flagsOf('c0')).toEqual({ blacklisted: false, whitelisted: true });
    await decisions.applyFlag({ ...draft('restore', 'c0'), chunkId: 'c0' }, now + 2);
    expect(await flagsOf('c0')).toEqual({ blacklisted: false, whitelisted: false });
    expect(counted).toEqual(['blacklist', 'whitelist', 'restore']);
    expect(changed).toBe(3);
    // The other chunks are untouched.
    for (const id of ['c1', 'c2', 'c3']) expect(await flagsOf(id)).toEqual({ blacklisted: false, whitelisted: false });
  });

  it('refuses a decision that sets no flag as a flag decision, and writes nothing', async () => {
    const before = (await quality.listAudit()).length;
    await expect(decisions.applyFlag({ ...draft('keep', 'c1'), chunkId: 'c1' })).rejects.toThrow('keep is not a flag decision');
    expect((await quality.listAudit()).length).toBe(before);
    expect(counted).toEqual([]);
    expect(changed).toBe(0);
  });

  it('records plain decisions in the log only, each counted, with one change event', async () => {
    const now = Date.parse('2026-03-02T08:00:00.000Z');
    const entries = await decisions.record([draft('keep', 'c1'), draft('recommend-reingest', null)], now);
    expect(entries.map((e) => [e.action, e.at])).toEqual([
      ['keep', '2026-03-02T08:00:00.000Z'],
      ['recommend-reingest', '2026-03-02T08:00:00.000Z'],
    ]);
    expect(new Set(entries.map((e) => e.id)).size).toBe(2);
    const log = await quality.listAudit();
    for (const e of entries) expect(log.find((l) => l.id === e.id)).toEqual(e);
    expect(await flagsOf('c1')).toEqual({ blacklisted: false, whitelisted: false });
    expect(counted).toEqual(['keep', 'recommend-reingest']);
    expect(changed).toBe(1);

    expect(await decisions.record([])).toEqual([]);
    expect(changed).toBe(1);
  });

  it('reconcile makes the flags say what the last flag decision in the log says', async () => {
    expect(await decisions.reconcile()).toBe(0);
    // Rows written without their flags, as when the app died between the two writes.
    const at = (n: number) => Date.parse('2026-03-03T00:00:00.000Z') + n * 1000;
    const row = (action: AuditAction, chunkId: string, n: number): AuditEntry => ({ ...draft(action, chunkId), id: `r${n}`, at: new Date(at(n)).toISOString() });
    await quality.appendAudit([
      row('blacklist', 'c1', 1),
      row('whitelist', 'c2', 2),
      row('blacklist', 'c3', 3),
      // c3's last flag decision is a restore; a later plain decision does not count.
      row('restore', 'c3', 4),
      row('keep', 'c3', 5),
      // A chunk a re-ingestion replaced: nothing to fix.
      row('blacklist', 'gone', 6),
    ]);
    await store.updateChunkFlags('c3', { blacklisted: true });
    expect(await decisions.reconcile()).toBe(3);
    expect(await flagsOf('c1')).toEqual({ blacklisted: true, whitelisted: false });
    expect(await flagsOf('c2')).toEqual({ blacklisted: false, whitelisted: true });
    expect(await flagsOf('c3')).toEqual({ blacklisted: false, whitelisted: false });
    expect(await flagsOf('c0')).toEqual({ blacklisted: false, whitelisted: false });
    // Nothing left to fix; and a flag changed behind the log's back is put back.
    expect(await decisions.reconcile()).toBe(0);
    await store.updateChunkFlags('c2', { whitelisted: false });
    expect(await decisions.reconcile()).toBe(1);
    expect(await flagsOf('c2')).toEqual({ blacklisted: false, whitelisted: true });
    expect(counted).toEqual([]);
  });
});
