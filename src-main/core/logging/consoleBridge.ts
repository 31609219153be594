/**
 * The core reports trouble with `console.warn('[watch] …')` and `console.error('[quality] …')` in
 * some forty places. Rather than hand every service a logger, the console methods are wrapped while
 * a core is open: each call still goes to stderr exactly as before (the CLI keeps stdout for its own
 * output), and, when it runs for a core (logContext.ts), also becomes an entry of that core's log,
 * its `[tag]` prefix turned into the entry's source and an Error argument into a structured `err`.
 *
 * The wrapping is shared by every core of the process and undone when the last one closes; a console
 * method someone else replaced meanwhile (a test spy) is left as it is.
 */
import { format } from 'node:util';
import type { Logger } from 'pino';
import { currentLogger } from './logContext';

const BRIDGED = { error: 'error', warn: 'warn', info: 'info' } as const;
type BridgedMethod = keyof typeof BRIDGED;
type ConsoleMethod = (...args: unknown[]) => void;

/** Tags whose part of the app has a shorter, documented name (the sources users filter on). */
const SOURCE_ALIASES: Record<string, string> = { 'inference-host': 'llm', models: 'llm', http: 'server' };
const TAG = /^\[([^\]\n]{1,40})\]\s*/;

export interface ConsoleEntry {
  source: string;
  message: string;
  err?: Error;
}

/** `('[watch] sync of %s failed:', error)` → source "watch", message "sync of … failed: <error message>", err. */
export function consoleEntryOf(args: readonly unknown[]): ConsoleEntry {
  let source = 'core';
  const parts = [...args];
  if (typeof parts[0] === 'string') {
    const tag = TAG.exec(parts[0]);
    if (tag) {
      const name = tag[1].trim().toLowerCase().replace(/\s+/g, '-');
      source = SOURCE_ALIASES[name] ?? name;
      parts[0] = parts[0].slice(tag[0].length);
    }
  }
  const err = parts.find((p): p is Error => p instanceof Error);
  // An error reads as its message in the sentence; its stack goes to `err`, not into the message.
  const message = format(...parts.map((p) => (p instanceof Error ? p.message : p))).trim();
  return err ? { source, message, err } : { source, message };
}

const UNWRAPPED = Symbol('phare.console.unwrapped');

let bridge: { originals: Record<BridgedMethod, ConsoleMethod>; wrappers: Record<BridgedMethod, ConsoleMethod>; users: number } | null = null;
let writing = false;

function write(method: BridgedMethod, args: unknown[]): void {
  const logger = currentLogger();
  // A line written while writing one (pino warning through the console) must not loop.
  if (!logger || writing) return;
  writing = true;
  try {
    const { source, message, err } = consoleEntryOf(args);
    const target: Logger = logger.for(source);
    if (err) target[BRIDGED[method]]({ err }, message);
    else target[BRIDGED[method]](message);
  } catch {
    // The log is best effort: stderr already has the line.
  } finally {
    writing = false;
  }
}

/** Wraps the console for one more core; the returned function releases it (the last release unwraps). */
export function retainConsoleBridge(): () => void {
  if (!bridge) {
    const originals = {} as Record<BridgedMethod, ConsoleMethod>;
    const wrappers = {} as Record<BridgedMethod, ConsoleMethod>;
    for (const method of Object.keys(BRIDGED) as BridgedMethod[]) {
      // A wrapper of an earlier bridge left in place (a test spy sat on top when it was released) is
      // unwrapped, so a line is never written twice.
      let original = console[method] as ConsoleMethod & { [UNWRAPPED]?: ConsoleMethod };
      while (original[UNWRAPPED]) original = original[UNWRAPPED];
      const target = original;
      originals[method] = target;
      const wrapper = (...args: unknown[]) => {
        target.apply(console, args);
        write(method, args);
      };
      wrappers[method] = Object.assign(wrapper, { [UNWRAPPED]: target });
      console[method] = wrappers[method];
    }
    bridge = { originals, wrappers, users: 0 };
  }
  bridge.users++;
  let released = false;
  return () => {
    if (released || !bridge) return;
    released = true;
    if (--bridge.users > 0) return;
    for (const method of Object.keys(BRIDGED) as BridgedMethod[]) {
      if (console[method] === bridge.wrappers[method]) console[method] = bridge.originals[method];
    }
    bridge = null;
  };
}
