/**
 * Files and folders only their owner may read: the data folder holds the user's documents, their text,
 * the remote API key and the logs, so it is 0700 and what we write in it 0600, whatever the umask
 * (a umask can only remove bits from a mode given at creation, so each mode is also set explicitly
 * when it differs). LanceDB and pino create files with their own modes: the folders around them
 * keep other users out. On Windows modes mean little (ACLs rule there) and chmod is skipped.
 */
import { chmodSync, closeSync, fchmodSync, fstatSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { chmod, mkdir, open, stat } from 'node:fs/promises';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/**
 * Creates `dir` (and missing parents) owner-only, and tightens it when it already existed. A folder
 * we may not change (another user's, a read-only disk) is used as it is, with a warning: refusing to
 * open the library would not make it private.
 */
export function ensurePrivateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!posix || (statSync(dir).mode & 0o777) === PRIVATE_DIR_MODE) return;
  try {
    chmodSync(dir, PRIVATE_DIR_MODE);
  } catch (error) {
    warnNotPrivate(dir, error);
  }
}

export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!posix || ((await stat(dir)).mode & 0o777) === PRIVATE_DIR_MODE) return;
  await chmod(dir, PRIVATE_DIR_MODE).catch((error: unknown) => warnNotPrivate(dir, error));
}

function warnNotPrivate(dir: string, error: unknown): void {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'EPERM' && code !== 'EROFS' && code !== 'EACCES') throw error;
  console.warn(`[files] ${dir} could not be made private to its owner (${code}): other users of this machine may read it`);
}

/** Makes an existing file owner-only (a no-op when it is missing or already so). */
export function tightenFileSync(path: string): void {
  if (!posix) return;
  try {
    if ((statSync(path).mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export async function tightenFile(path: string): Promise<void> {
  if (!posix) return;
  try {
    if (((await stat(path)).mode & 0o777) !== PRIVATE_FILE_MODE) await chmod(path, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Writes `data` to `path` (created or truncated) as an owner-only file. A file that existed keeps the
 * mode it had at open time, so the mode is checked on the open descriptor and set when it differs.
 */
export function writePrivateFileSync(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, 'w', PRIVATE_FILE_MODE);
  try {
    if (posix && (fstatSync(fd).mode & 0o777) !== PRIVATE_FILE_MODE) fchmodSync(fd, PRIVATE_FILE_MODE);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } finally {
    closeSync(fd);
  }
}

export async function writePrivateFile(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w', PRIVATE_FILE_MODE);
  try {
    if (posix && ((await handle.stat()).mode & 0o777) !== PRIVATE_FILE_MODE) await handle.chmod(PRIVATE_FILE_MODE);
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}
