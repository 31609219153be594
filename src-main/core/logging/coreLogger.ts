/**
 * One core's log: pino writing JSON lines into `<dataDir>/logs/` through pino-roll, which starts a new
 * file each day and when the current one passes the size limit, and keeps the newest few. Each entry
 * names the part of the app that wrote it (`source`: core, ingest, quality, llm, server…).
 *
 * Why these choices:
 * - pino-roll is used as a plain stream in this thread, not as a pino transport: transports run in a
 *   worker thread loaded by file name, which a bundled Electron main process cannot resolve.
 * - Lines are written synchronously: the app writes a few lines a minute, and a line written before
 *   a crash (llama.cpp aborting, a kill) is the one worth having (~12 µs a line here, docs/benchmarks.md).
 * - What must never reach the file is stopped at the last step, on the serialised line: the remote
 *   server's API key wherever it appears (a key echoed in an error message included), and the usual
 *   secret fields by name. Entries at info and above carry ids, counts and timings, never document
 *   text or questions: call sites keep to that (see README, "Logs").
 */
import pino, { type Logger } from 'pino';
import pinoRoll, { type RollingStream } from 'pino-roll';
import type { LogLevel } from '../../../src-shared/monitoring';
import { LogLevelSchema } from '../../../src-shared/monitoring';
import { LOG_DATE_FORMAT, LOG_FILE_BASE, LOG_FILE_EXTENSION, logsDirOf, removeOldLogFiles } from './logFiles';
import { join } from 'node:path';
import { ensurePrivateDirSync, PRIVATE_FILE_MODE } from '../fs/privateFiles';

export interface LogRotation {
  /** A new file once the current one reaches this size. */
  maxFileBytes: number;
  /** Files kept besides the one being written. */
  maxFiles: number;
  /** Files not written for this many days are removed when a logger opens. */
  maxAgeDays: number;
}

export const DEFAULT_LOG_ROTATION: LogRotation = { maxFileBytes: 10 * 1024 * 1024, maxFiles: 14, maxAgeDays: 14 };

export interface LoggingOptions {
  /** Lowest level written (default: PHARE_LOG_LEVEL, else info). */
  level?: LogLevel;
  rotation?: Partial<LogRotation>;
}

export interface CoreLogger {
  readonly dir: string;
  readonly level: LogLevel;
  /** The logger of one part of the app: its entries carry `source`. */
  for(source: string): Logger;
  /** Values never written, looked up at each line (the remote API key, which the user may change at any time). */
  addSecrets(read: () => ReadonlyArray<string | null | undefined>): void;
  /** Writes what is pending and closes the file. */
  close(): Promise<void>;
}

/** Field names whose values are replaced wherever they appear in an entry's data. */
const REDACTED_PATHS = ['apiKey', '*.apiKey', '*.*.apiKey', 'authorization', '*.authorization', '*.headers.authorization', 'token', '*.token', 'password', '*.password'];
const REDACTED = '[redacted]';
/** Shorter "secrets" (an empty or placeholder key) would blank ordinary words. */
const MIN_SECRET_LENGTH = 6;

export function logLevelOf(options: LoggingOptions, env: NodeJS.ProcessEnv = process.env): LogLevel {
  if (options.level) return options.level;
  const fromEnv = LogLevelSchema.safeParse(env.PHARE_LOG_LEVEL?.toLowerCase());
  return fromEnv.success ? fromEnv.data : 'info';
}

export async function openCoreLogger(dataDir: string, options: LoggingOptions = {}): Promise<CoreLogger> {
  const dir = logsDirOf(dataDir);
  const rotation = { ...DEFAULT_LOG_ROTATION, ...options.rotation };
  const level = logLevelOf(options);
  removeOldLogFiles(dir, rotation.maxAgeDays);

  let stream: RollingStream | null = null;
  try {
    // Owner-only: entries name documents and folders (fs/privateFiles.ts). sonic-boom creates each
    // file with `mode`; the folder keeps others out of files an older version wrote more openly.
    ensurePrivateDirSync(dir);
    stream = await pinoRoll({
      file: join(dir, LOG_FILE_BASE),
      extension: LOG_FILE_EXTENSION,
      frequency: 'daily',
      dateFormat: LOG_DATE_FORMAT,
      size: `${rotation.maxFileBytes}b`,
      limit: { count: rotation.maxFiles, removeOtherLogFiles: true },
      mkdir: true,
      mode: PRIVATE_FILE_MODE,
      sync: true,
    });
  } catch (error) {
    // A data folder whose logs cannot be written (read-only, full) must not keep the library closed.
    process.stderr.write(`[logging] cannot write the log in ${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  let streamFailed = false;
  // sonic-boom emits 'error' on a failed write (disk full); unhandled, that event would end the process.
  stream?.on('error', (error: Error) => {
    if (streamFailed) return;
    streamFailed = true;
    process.stderr.write(`[logging] writing the log failed: ${error.message}\n`);
  });

  const secretReaders: Array<() => ReadonlyArray<string | null | undefined>> = [];
  function scrub(line: string): string {
    for (const read of secretReaders) {
      for (const secret of read()) {
        if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
        // The line is JSON: the secret appears in its escaped form.
        const escaped = JSON.stringify(secret).slice(1, -1);
        if (line.includes(escaped)) line = line.split(escaped).join(REDACTED);
      }
    }
    return line;
  }

  const root = pino(
    {
      level: stream ? level : 'silent',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names, not numbers: the files are read by people too (grep "error").
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      hooks: { streamWrite: scrub },
    },
    stream ?? undefined,
  );
  const children = new Map<string, Logger>();

  let closed: Promise<void> | null = null;
  return {
    dir,
    level,
    for(source) {
      let child = children.get(source);
      if (!child) {
        child = root.child({ source });
        children.set(source, child);
      }
      return child;
    },
    addSecrets(read) {
      secretReaders.push(read);
    },
    close() {
      closed ??= closeStream(stream);
      return closed;
    },
  };
}

async function closeStream(stream: RollingStream | null): Promise<void> {
  if (!stream || stream.destroyed) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2_000); // a stuck disk must not stall the shutdown
    stream.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      stream.end();
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
