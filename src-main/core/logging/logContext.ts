/**
 * Which core's log a line belongs to. Several cores can live in one process (tests, a server that
 * opens two libraries): each runs its construction and every contract call inside its own context,
 * so a line written by code working for a core, however deep and after however many awaits, timers
 * or child-process messages, reaches that core's file. Code running for no core (a transport's own
 * error, a test) has no context and writes to stderr only.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import type { CoreLogger } from './coreLogger';

const storage = new AsyncLocalStorage<CoreLogger>();
const silent = pino({ level: 'silent' });

export function runWithLogger<T>(logger: CoreLogger, fn: () => T): T {
  return storage.run(logger, fn);
}

export function currentLogger(): CoreLogger | undefined {
  return storage.getStore();
}

/**
 * For code that wants structured entries (fields rather than a sentence): the logger of `source` in
 * the log of the core this work is for, or a silent one outside any core. Lines written with
 * console.warn('[source] …') reach the same file (consoleBridge.ts).
 */
export function coreLog(source: string): Logger {
  return storage.getStore()?.for(source) ?? silent;
}
