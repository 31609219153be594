/**
 * Password hashing for the LAN mode's accounts: scrypt from node:crypto, at the cost OWASP recommends
 * (N=2^17, r=8, p=1: 128 MiB and 0.45 s a hash, measured on this project's 2-core test machine). scrypt rather
 * than argon2 because it ships with Node: no native module to build, unpack from the asar and keep
 * up to date in the packaged app, for a memory-hard function of the same family. The parameters are
 * stored with each hash, so raising them later leaves existing accounts working.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const COST_LOG2 = 17;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Each hash holds 128 * N * r bytes; a hash stored with larger parameters may need more, up to this. */
const MAX_MEMORY = 512 * 1024 * 1024;
/** Hashes in progress at once: each takes 128 MiB, and sign-ins must not exhaust a small server's memory. */
const MAX_CONCURRENT = 2;

let running = 0;
const waiting: Array<() => void> = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, costLog2: number, blockSize: number, parallelism: number): Promise<Buffer> {
  return withSlot(
    () =>
      new Promise((resolve, reject) => {
        const options = { N: 2 ** costLog2, r: blockSize, p: parallelism, maxmem: MAX_MEMORY };
        scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
      }),
  );
}

/** `scrypt$<log2 N>$<r>$<p>$<salt>$<key>`, salt and key in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST_LOG2, BLOCK_SIZE, PARALLELISM);
  return ['scrypt', COST_LOG2, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** False for a wrong password and for a stored value this code cannot read (never throws on it). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [costLog2, blockSize, parallelism] = parts.slice(1, 4).map(Number);
  if (![costLog2, blockSize, parallelism].every((n) => Number.isInteger(n) && n > 0) || costLog2 > 24) return false;
  const salt = Buffer.from(parts[4], 'base64url');
  const expected = Buffer.from(parts[5], 'base64url');
  if (expected.length !== KEY_BYTES) return false;
  try {
    return timingSafeEqual(await derive(password, salt, costLog2, blockSize, parallelism), expected);
  } catch {
    return false;
  }
}
