/**
 * `logs.list`: the log's entries, most recent first, read back from the files of every process that
 * wrote in this data folder (current and rotated files). Files are read newest first and reading
 * stops as soon as no older file can hold an entry that would make the list (a file's last write time
 * bounds its entries), and each file is read from its end, so the usual "last 200 lines" reads one
 * block of one file, not the whole history.
 */
import { open } from 'node:fs/promises';
import type { LogEntry, LogLevel } from '../../../src-shared/monitoring';
import { LOG_LEVELS_ORDERED, levelOfLine } from './logLevels';
import { listLogFiles } from './logFiles';

export interface LogFilter {
  /** The lowest level listed: 'warn' lists warnings, errors and fatal errors. */
  level?: LogLevel;
  /** ISO time: entries at or after it. */
  since?: string;
  /** Words found in the message, the source or the entry's fields (case ignored). */
  query?: string;
  source?: string;
  limit?: number;
}

export const DEFAULT_LOG_LIMIT = 200;

/** Fields of a line that have their own place in a LogEntry. */
const ENTRY_FIELDS = new Set(['level', 'time', 'source', 'msg']);

/**
 * Lines of one file are in the order they were written, each stamped just before its synchronous
 * write; two processes appending to the same file interleave by far less than this margin. Once
 * a file's lines are older than the list's oldest entry by more than this, the rest of it is older still.
 */
const INTERLEAVE_SLACK_MS = 100;

export async function readLogs(dir: string, filter: LogFilter = {}): Promise<LogEntry[]> {
  const limit = filter.limit ?? DEFAULT_LOG_LIMIT;
  const sinceMs = filter.since ? Date.parse(filter.since) : null;
  const minRank = filter.level ? LOG_LEVELS_ORDERED.indexOf(filter.level) : 0;
  const source = filter.source?.toLowerCase();
  const query = filter.query?.toLowerCase();
  // A word the line must hold as written (JSON escapes only quotes, backslashes and control characters).
  const rawQuery = query !== undefined && ![...query].some((c) => c === '"' || c === '\\' || c < ' ') ? query : undefined;

  let found: Array<{ entry: LogEntry; ms: number }> = [];
  let threshold = -Infinity;
  const trim = () => {
    found = sortNewestFirst(found).slice(0, limit);
    threshold = found[found.length - 1].ms;
  };
  for (const file of listLogFiles(dir)) {
    if (sinceMs !== null && file.mtimeMs < sinceMs) break;
    if (found.length >= limit && file.mtimeMs < threshold) break;
    try {
      // The last lines first: ties in time keep the order they were written in, newest first.
      for await (const line of linesFromEnd(file.path)) {
        // Cheap refusals before parsing: pino writes the level first.
        const level = LEVEL_AT_START.exec(line)?.[1];
        if (level !== undefined && minRank > 0 && LOG_LEVELS_ORDERED.indexOf(level as LogLevel) < minRank) continue;
        if (rawQuery !== undefined && !line.toLowerCase().includes(rawQuery)) continue;
        const entry = entryOf(line);
        if (!entry) continue;
        const ms = Date.parse(entry.time);
        if (found.length >= limit && ms < threshold - INTERLEAVE_SLACK_MS) break;
        if (sinceMs !== null && ms < sinceMs) {
          if (ms < sinceMs - INTERLEAVE_SLACK_MS) break;
          continue;
        }
        if (LOG_LEVELS_ORDERED.indexOf(entry.level) < minRank) continue;
        if (source !== undefined && entry.source.toLowerCase() !== source) continue;
        if (query !== undefined && !matches(entry, query)) continue;
        found.push({ entry, ms });
        if (found.length === limit || found.length >= 2 * limit) trim();
      }
    } catch {
      continue; // rotated away meanwhile
    }
    if (found.length >= limit) trim();
  }
  return sortNewestFirst(found)
    .slice(0, limit)
    .map((f) => f.entry);
}

const LEVEL_AT_START = /^\{"level":"(\w+)"/;
const BLOCK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** A file's lines from the last to the first, read backwards a block at a time (a 10 MB file's last 200 lines cost one block). */
async function* linesFromEnd(path: string): AsyncGenerator<string> {
  const handle = await open(path, 'r');
  try {
    let position = (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    while (position > 0) {
      const size = Math.min(BLOCK_BYTES, position);
      position -= size;
      const block = Buffer.alloc(size);
      await handle.read(block, 0, size, position);
      const data = carry.length > 0 ? Buffer.concat([block, carry]) : block;
      // Bytes before the block's first newline may belong to a line that starts in an earlier block.
      const first = position > 0 ? data.indexOf(NEWLINE) : -1;
      carry = first >= 0 ? data.subarray(0, first) : position > 0 ? data : Buffer.alloc(0);
      if (position > 0 && first < 0) continue;
      const lines = data.subarray(first + 1).toString('utf8').split('\n');
      for (let i = lines.length - 1; i >= 0; i--) if (lines[i] !== '') yield lines[i];
    }
  } finally {
    await handle.close();
  }
}

/** One line of a log file as a LogEntry; null for a line cut short by a crash, or not ours. */
export function entryOf(line: string): LogEntry | null {
  if (!line.startsWith('{')) return null;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const level = levelOfLine(raw.level);
  const time = typeof raw.time === 'string' ? raw.time : typeof raw.time === 'number' ? new Date(raw.time).toISOString() : null;
  if (!level || !time || Number.isNaN(Date.parse(time))) return null;
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (!ENTRY_FIELDS.has(key)) data[key] = value;
  return { time, level, source: typeof raw.source === 'string' ? raw.source : 'core', message: typeof raw.msg === 'string' ? raw.msg : '', data };
}

function matches(entry: LogEntry, query: string): boolean {
  return entry.message.toLowerCase().includes(query) || entry.source.toLowerCase().includes(query) || JSON.stringify(entry.data).toLowerCase().includes(query);
}

function sortNewestFirst<T extends { ms: number }>(list: T[]): T[] {
  // Stable: equal times keep the order they were found in.
  return list.sort((a, b) => b.ms - a.ms);
}
