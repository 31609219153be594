/**
 * One-time sign-in links, as Jupyter prints them: `phare serve` prints `http://127.0.0.1:7373/?token=<code>`,
 * and the first visit exchanges the code for the session cookie, then the code is spent. A code is not
 * the API token: the address bar, the history and screenshots may keep it, and it is worth nothing once
 * used or a day old. Codes live in memory only (a restarted server prints a new one).
 */
import { createHash, randomBytes } from 'node:crypto';

const LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Unused links kept at once; the oldest goes first (`phare link` in a loop cannot grow the map). */
const MAX_OPEN_LINKS = 32;

export interface LoginLinks {
  issue(): string;
  /** True once per issued, unexpired code. */
  redeem(code: string): boolean;
}

// Codes are looked up by their hash: what the map holds cannot be replayed, and lookups leak nothing.
const keyOf = (code: string) => createHash('sha256').update(code).digest('base64url');

export function createLoginLinks(clock: () => number = Date.now): LoginLinks {
  const open = new Map<string, number>();
  return {
    issue() {
      const now = clock();
      for (const [key, expiry] of open) if (expiry <= now) open.delete(key);
      while (open.size >= MAX_OPEN_LINKS) open.delete(open.keys().next().value as string);
      const code = randomBytes(32).toString('base64url');
      open.set(keyOf(code), now + LINK_LIFETIME_MS);
      return code;
    },
    redeem(code) {
      if (typeof code !== 'string' || code.length > 200) return false;
      const key = keyOf(code);
      const expiry = open.get(key);
      open.delete(key);
      return expiry !== undefined && expiry > clock();
    },
  };
}
