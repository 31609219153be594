/**
 * The backup file: a gzipped tar (node-tar), readable with any `tar` if need be, whose first entry is
 * the manifest (backupManifest.ts) listing every other entry with its size and sha256. Written to a
 * `.partial` name (0600) and renamed when complete, so a backup that exists is a whole one.
 *
 * Reading walks the archive once: the manifest first, then every entry checked against it as it
 * streams by (and, when extracting, written owner-only under a target folder). A truncated, altered,
 * reordered or padded archive fails with BACKUP_INVALID and the reason; gzip's own checksum and tar's
 * header checksums catch damage in between. This is a check of integrity, not of origin: someone who
 * can rewrite the file can rewrite its manifest too.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PhareError } from '../../../src-shared/errors';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../fs/privateFiles';
import { BackupManifestSchema, isSafeEntryPath, MANIFEST_ENTRY, type BackupEntry, type BackupManifest } from './backupManifest';

/** Files of a folder, relative paths with '/', sorted (the archive's order). */
export async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, relative)));
    else if (entry.isFile()) out.push(relative);
  }
  return out.sort();
}

async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** The entries of a staged folder (everything but the manifest), hashed. */
export async function describeEntries(staging: string, onProgress?: (done: number, total: number) => void): Promise<BackupEntry[]> {
  const files = (await listFiles(staging)).filter((f) => f !== MANIFEST_ENTRY);
  const entries: BackupEntry[] = [];
  for (const [i, path] of files.entries()) {
    entries.push({ path, ...(await hashFile(join(staging, path))) });
    onProgress?.(i + 1, files.length);
  }
  return entries;
}

/**
 * Packs `staging` (holding `MANIFEST_ENTRY` and the files it lists) into `out`, manifest first.
 * `onBytes` is told the bytes of the entries written so far.
 */
export async function writeArchive(staging: string, manifest: BackupManifest, out: string, onBytes?: (bytes: number) => void): Promise<void> {
  // Imported here: only backups need it, not every start of the core.
  const tar = await import('tar');
  const partial = `${out}.partial`;
  await mkdir(dirname(out), { recursive: true, mode: PRIVATE_DIR_MODE });
  const sizes = new Map(manifest.entries.map((e) => [e.path, e.size]));
  let written = 0;
  try {
    const pack = tar.c(
      {
        cwd: staging,
        gzip: { level: 6 },
        // No owner names, fixed modes: the archive says nothing about this machine's users.
        portable: true,
        noDirRecurse: true,
        onWriteEntry: (entry) => {
          written += sizes.get(entry.path) ?? 0;
          onBytes?.(written);
        },
      },
      [MANIFEST_ENTRY, ...manifest.entries.map((e) => e.path)],
    );
    const file = createWriteStream(partial, { mode: PRIVATE_FILE_MODE, flags: 'wx' });
    await new Promise<void>((resolve, reject) => {
      pack.on('error', reject);
      file.on('error', reject);
      file.on('close', resolve);
      pack.pipe(file);
    });
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

export interface ReadOptions {
  /** Extract every entry under this folder (created owner-only; it must be empty or missing). */
  extractTo?: string;
  /** Stop after the manifest (listing backups). */
  manifestOnly?: boolean;
  onBytes?: (bytes: number, total: number) => void;
}

/** Reads and checks an archive; resolves with its manifest, or fails with BACKUP_INVALID. */
export async function readArchive(file: string, options: ReadOptions = {}): Promise<BackupManifest> {
  const tar = await import('tar');
  const name = file.split(/[\\/]/).pop() ?? file;
  const invalid = (detail: string) => new PhareError('BACKUP_INVALID', { file: name, detail });
  try {
    await stat(file);
  } catch {
    throw new PhareError('BACKUP_NOT_FOUND', { file: name });
  }
  let manifest: BackupManifest | null = null;
  let expected = new Map<string, BackupEntry>();
  const seen = new Set<string>();
  let bytes = 0;
  let failure: PhareError | null = null;
  const pending: Promise<void>[] = [];
  const source = createReadStream(file);

  await new Promise<void>((resolve, reject) => {
    const fail = (error: PhareError) => {
      if (!failure) failure = error;
      source.destroy();
      resolve();
    };
    const parser = new tar.Parser({
      strict: true,
      onReadEntry: (entry) => {
        if (failure || (options.manifestOnly && manifest !== null)) return entry.resume();
        if (manifest === null) {
          if (entry.path !== MANIFEST_ENTRY) return fail(invalid(`the first entry is ${entry.path}, not the manifest`));
          const chunks: Buffer[] = [];
          let received = 0;
          const read = () => {
            try {
              const parsed = BackupManifestSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
              if (!parsed.success) return fail(invalid(`the manifest is not valid: ${parsed.error.issues[0]?.message ?? ''}`));
              manifest = parsed.data;
              expected = new Map(manifest.entries.map((e) => [e.path, e]));
              if (options.manifestOnly) {
                source.destroy();
                resolve();
              }
            } catch {
              fail(invalid('the manifest is not JSON'));
            }
          };
          // On its last byte rather than 'end': the parser ends an entry only when it reads on.
          entry.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            received += chunk.length;
            if (received >= entry.size && manifest === null && !failure) read();
          });
          if (entry.size === 0) fail(invalid('the manifest is empty'));
          return;
        }
        if (entry.type !== 'File') return fail(invalid(`${entry.path} is not a plain file`));
        const wanted = expected.get(entry.path);
        if (!wanted || !isSafeEntryPath(entry.path)) return fail(invalid(`${entry.path} is not in the manifest`));
        if (seen.has(entry.path)) return fail(invalid(`${entry.path} appears twice`));
        seen.add(entry.path);
        const hash = createHash('sha256');
        let size = 0;
        let sink: ReturnType<typeof createWriteStream> | null = null;
        if (options.extractTo) {
          const target = join(options.extractTo, ...entry.path.split('/'));
          // Synchronously, before any data flows: the sink must see the entry's first byte.
          mkdirSync(dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
          const file = createWriteStream(target, { mode: PRIVATE_FILE_MODE, flags: 'wx' });
          sink = file;
          pending.push(
            new Promise<void>((resolveWrite, rejectWrite) => {
              file.on('error', rejectWrite);
              file.on('close', resolveWrite);
            }),
          );
        }
        // One listener feeds both the checksum and the file (a pipe beside a listener can miss the first chunks).
        const done = new Promise<void>((resolveEntry) => {
          entry.on('data', (chunk: Buffer) => {
            hash.update(chunk);
            size += chunk.length;
            bytes += chunk.length;
            options.onBytes?.(bytes, manifest?.totalBytes ?? 0);
            if (sink && !sink.write(chunk)) {
              entry.pause();
              sink.once('drain', () => entry.resume());
            }
          });
          entry.on('end', () => {
            sink?.end();
            if (size !== wanted.size || hash.digest('hex') !== wanted.sha256) fail(invalid(`${entry.path} does not match its checksum`));
            resolveEntry();
          });
        });
        pending.push(done);
      },
    });
    parser.on('error', (error: Error) => fail(invalid(error.message)));
    parser.on('warn', (code: string, message: string | Error) => fail(invalid(`${code}: ${message instanceof Error ? message.message : message}`)));
    source.on('error', (error) => reject(error));
    parser.on('end', () => resolve());
    source.pipe(parser);
  });
  // After a failure the stream is cut: entries in flight never end, so they are not waited for.
  if (failure) throw failure;
  const settled = options.manifestOnly
    ? null
    : await Promise.all(pending).then(
        () => null,
        (error: unknown) => error,
      );
  if (failure) throw failure;
  if (settled) throw invalid(settled instanceof Error ? settled.message : String(settled));
  if (!manifest) throw invalid('the archive is empty or cut before its manifest');
  const found: BackupManifest = manifest;
  if (!options.manifestOnly) {
    const missing = found.entries.filter((e) => !seen.has(e.path));
    if (missing.length) throw invalid(`${missing.length} entries are missing (the archive is cut short?), first ${missing[0].path}`);
  }
  return found;
}
