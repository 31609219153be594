/**
 * `logs.list`: the log's entries, most recent first, read back from the files of every process that
 * wrote in this data folder (current and rotated files). Files are read newest first and reading
 * stops as soon as no older file can hold an entry that would make the list (a file's last write time
 * bounds its entries), so the usual "last 200 lines" touches one file, not the whole history.
 */
import { readFile } from 'node:fs/promises';
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

export async function readLogs(dir: string, filter: LogFilter = {}): Promise<LogEntry[]> {
  const limit = filter.limit ?? DEFAULT_LOG_LIMIT;
  const sinceMs = filter.since ? Date.parse(filter.since) : null;
  const minRank = filter.level ? LOG_LEVELS_ORDERED.indexOf(filter.level) : 0;
  const source = filter.source?.toLowerCase();
  const query = filter.query?.toLowerCase();

  let found: Array<{ entry: LogEntry; ms: number }> = [];
  let threshold = -Infinity;
  for (const file of listLogFiles(dir)) {
    if (sinceMs !== null && file.mtimeMs < sinceMs) break;
    if (found.length >= limit && file.mtimeMs < threshold) break;
    let text: string;
    try {
      text = await readFile(file.path, 'utf8');
    } catch {
      continue; // rotated away meanwhile
    }
    const lines = text.split('\n');
    // The last lines first: ties in time keep the order they were written in, newest first.
    for (let i = lines.length - 1; i >= 0; i--) {
      const entry = entryOf(lines[i]);
      if (!entry) continue;
      const ms = Date.parse(entry.time);
      if (sinceMs !== null && ms < sinceMs) continue;
      if (LOG_LEVELS_ORDERED.indexOf(entry.level) < minRank) continue;
      if (source !== undefined && entry.source.toLowerCase() !== source) continue;
      if (query !== undefined && !matches(entry, query)) continue;
      found.push({ entry, ms });
    }
    if (found.length >= limit) {
      found = sortNewestFirst(found).slice(0, limit);
      threshold = found[found.length - 1].ms;
    }
  }
  return sortNewestFirst(found)
    .slice(0, limit)
    .map((f) => f.entry);
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
