/**
 * Decisions on chunks, written so that none is ever half applied: the audit row goes first (the log is
 * the journal), then the chunk's flags. A crash in between leaves a log that says more than the flags;
 * `reconcile()` at the next start replays the last flag decision of every chunk the log names, so the
 * flags end as the log says. Undoing is a new row (`restore`), never an edit.
 */
import type { AuditAction, AuditEntry } from '../../../src-shared/quality';
import type { EventBus } from '../eventBus';
import type { ChunkFlags, LibraryStore } from '../store/libraryStore';
import type { QualityStore } from './qualityStore';
import { timeOrderedId } from './timeOrderedId';

export type AuditDraft = Omit<AuditEntry, 'id' | 'at'>;

/** The flag decisions and the flags each leaves on its chunk. */
const FLAG_EFFECTS: Partial<Record<AuditAction, Required<Pick<ChunkFlags, 'blacklisted' | 'whitelisted'>>>> = {
  blacklist: { blacklisted: true, whitelisted: false },
  whitelist: { blacklisted: false, whitelisted: true },
  restore: { blacklisted: false, whitelisted: false },
};

export function isFlagAction(action: AuditAction): boolean {
  return action in FLAG_EFFECTS;
}

export interface ChunkDecisions {
  /** Appends audit rows (decisions that change no flag: keep, review, recommendations). */
  record(drafts: AuditDraft[], now?: number): Promise<AuditEntry[]>;
  /** A blacklist, whitelist or restore: the audit row, then the flags. */
  applyFlag(draft: AuditDraft & { chunkId: string }, now?: number): Promise<AuditEntry>;
  /** Makes every chunk's flags match the last flag decision the log holds for it; returns how many were fixed. */
  reconcile(): Promise<number>;
}

export function createChunkDecisions(deps: {
  store: LibraryStore;
  quality: QualityStore;
  events: EventBus;
  /** Each decision written (the metrics count them by action). */
  onDecision?: (action: AuditAction) => void;
}): ChunkDecisions {
  function entryOf(draft: AuditDraft, now: number): AuditEntry {
    return { ...draft, id: timeOrderedId(now), at: new Date(now).toISOString() };
  }

  return {
    async record(drafts, now = Date.now()) {
      const entries = drafts.map((d) => entryOf(d, now));
      await deps.quality.appendAudit(entries);
      for (const entry of entries) deps.onDecision?.(entry.action);
      if (entries.length) deps.events.emit('quality.changed', {});
      return entries;
    },

    async applyFlag(draft, now = Date.now()) {
      const effect = FLAG_EFFECTS[draft.action];
      if (!effect) throw new Error(`${draft.action} is not a flag decision`);
      const entry = entryOf(draft, now);
      await deps.quality.appendAudit([entry]);
      deps.onDecision?.(entry.action);
      await deps.store.updateChunkFlags(draft.chunkId, effect);
      deps.events.emit('quality.changed', {});
      return entry;
    },

    async reconcile() {
      const log = await deps.quality.listAudit();
      // Most recent first: the first flag decision met for a chunk is its last one.
      const wanted = new Map<string, Required<Pick<ChunkFlags, 'blacklisted' | 'whitelisted'>>>();
      for (const entry of log) {
        const effect = FLAG_EFFECTS[entry.action];
        if (effect && entry.chunkId && !wanted.has(entry.chunkId)) wanted.set(entry.chunkId, effect);
      }
      if (wanted.size === 0) return 0;
      let fixed = 0;
      // Chunks a re-ingestion replaced are gone: nothing to fix for them.
      for (const chunk of await deps.store.getChunks([...wanted.keys()], { includeBlacklisted: true })) {
        const want = wanted.get(chunk.id)!;
        if (chunk.blacklisted === want.blacklisted && chunk.whitelisted === want.whitelisted) continue;
        await deps.store.updateChunkFlags(chunk.id, want);
        fixed++;
      }
      return fixed;
    },
  };
}
