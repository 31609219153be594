/**
 * Where the log lives and how its files are named: `<dataDir>/logs/phare.<day>.<n>.log`, JSON lines,
 * a new file each day and whenever the current one passes the size limit (pino-roll names them so).
 * The writer (coreLogger.ts) and the reader (logReader.ts) share these names, so `logs.list` reads
 * exactly what any process on the same data folder wrote, the app, `phare serve` or a CLI command.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const LOGS_FOLDER = 'logs';
export const LOG_FILE_BASE = 'phare';
export const LOG_FILE_EXTENSION = '.log';
/** pino-roll's date segment (date-fns format): one file a day at least. */
export const LOG_DATE_FORMAT = 'yyyy-MM-dd';

const LOG_FILE_NAME = /^phare\.(\d{4}-\d{2}-\d{2})\.(\d+)\.log$/;

export interface LogFile {
  path: string;
  day: string;
  number: number;
  /** Time of the last write: no entry in the file is newer. */
  mtimeMs: number;
  size: number;
}

export function logsDirOf(dataDir: string): string {
  return join(dataDir, LOGS_FOLDER);
}

/** The log files of a folder, the most recently written first ([] when there is no folder yet). */
export function listLogFiles(dir: string): LogFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const files: LogFile[] = [];
  for (const name of names) {
    const match = LOG_FILE_NAME.exec(name);
    if (!match) continue;
    try {
      const stat = statSync(join(dir, name));
      files.push({ path: join(dir, name), day: match[1], number: Number(match[2]), mtimeMs: stat.mtimeMs, size: stat.size });
    } catch {
      // Removed by a rotation in another process between the listing and the stat.
    }
  }
  // Two files written in the same millisecond (rare): the later day and number first.
  return files.sort((a, b) => b.mtimeMs - a.mtimeMs || b.day.localeCompare(a.day) || b.number - a.number);
}

/**
 * pino-roll keeps a number of files; this keeps an age too: files not written for `maxAgeDays` go, so
 * an app opened once a month does not keep a year of logs under the file count. Run when a logger opens.
 */
export function removeOldLogFiles(dir: string, maxAgeDays: number, now = Date.now()): number {
  const cutoff = now - maxAgeDays * 24 * 60 * 60 * 1000;
  let removed = 0;
  for (const file of listLogFiles(dir)) {
    if (file.mtimeMs >= cutoff) continue;
    try {
      rmSync(file.path, { force: true });
      removed++;
    } catch {
      // Held open elsewhere (Windows): the next start tries again.
    }
  }
  return removed;
}
