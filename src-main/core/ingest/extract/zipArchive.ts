/**
 * Reading the ZIP container of DOCX, PPTX and XLSX files safely (yauzl). A zip bomb is refused on
 * the sizes the central directory declares, before a byte is inflated; an entry that inflates to
 * more than it declared is cut off as soon as it does (yauzl's validateEntrySizes), so memory stays
 * bounded by ARCHIVE_LIMITS whatever the archive claims.
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { PhareError } from '../../../../src-shared/errors';
import { ARCHIVE_LIMITS, formatBytes } from '../limits';

export interface ZipArchive {
  /** Entry names (directories excluded), in archive order. */
  readonly names: string[];
  has(name: string): boolean;
  /** The inflated bytes of an entry, or null when the archive has no such entry. */
  read(name: string): Promise<Buffer | null>;
  /** An entry as UTF-8 text (XML parts), or null. */
  readText(name: string): Promise<string | null>;
  /** Inflates every entry once, discarding the output: proves the declared sizes are true. */
  verifyAll(): Promise<void>;
  close(): void;
}

export interface OpenZipOptions {
  /** File name and format name for error messages. */
  file: string;
  format: string;
  limits?: typeof ARCHIVE_LIMITS;
}

export async function openZipArchive(bytes: Uint8Array, options: OpenZipOptions): Promise<ZipArchive> {
  const { file, format } = options;
  const limits = options.limits ?? ARCHIVE_LIMITS;
  const corrupt = (error: unknown) =>
    error instanceof PhareError
      ? error
      : new PhareError('CORRUPT_FILE', { file, format, detail: error instanceof Error ? error.message : String(error) }, { cause: error });
  const tooLarge = (size: number, atLeast = false) =>
    new PhareError('ARCHIVE_TOO_LARGE', { file, size: `${atLeast ? '> ' : ''}${formatBytes(size)}`, limit: formatBytes(limits.maxUnpackedBytes) });

  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      autoClose: false,
      validateEntrySizes: true,
      strictFileNames: false,
    });
  } catch (error) {
    throw corrupt(error);
  }
  const entries = new Map<string, yauzl.Entry>();
  try {
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      if (entries.size >= limits.maxEntries) throw corrupt(new Error(`more than ${limits.maxEntries} entries`));
      if (entry.isEncrypted()) throw new PhareError('ENCRYPTED_FILE', { file });
      declared += entry.uncompressedSize;
      if (declared > limits.maxUnpackedBytes) throw tooLarge(declared);
      if (entry.uncompressedSize > limits.maxEntryBytes) throw tooLarge(entry.uncompressedSize);
      entries.set(entry.fileName, entry);
    }
  } catch (error) {
    zip.close();
    throw corrupt(error);
  }

  const inflate = async (entry: yauzl.Entry, keep: boolean): Promise<Buffer> => {
    let stream: Readable;
    try {
      stream = await zip.openReadStreamPromise(entry);
    } catch (error) {
      throw corrupt(error);
    }
    const parts: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        // yauzl stops an entry that exceeds its declared size; this is the same bound, stated here.
        if (total > entry.uncompressedSize) throw tooLarge(total, true);
        if (keep) parts.push(chunk);
      }
    } catch (error) {
      stream.destroy();
      if (error instanceof PhareError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      // The entry inflates to more than it declares: all that is known is "more than declared".
      if (/too many bytes/i.test(message)) throw tooLarge(Math.max(total, entry.uncompressedSize + 1), true);
      throw corrupt(error);
    }
    return keep ? Buffer.concat(parts, total) : Buffer.alloc(0);
  };

  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    async read(name) {
      const entry = entries.get(name);
      return entry ? inflate(entry, true) : null;
    },
    async readText(name) {
      const entry = entries.get(name);
      return entry ? (await inflate(entry, true)).toString('utf8') : null;
    },
    async verifyAll() {
      for (const entry of entries.values()) await inflate(entry, false);
    },
    close: () => zip.close(),
  };
}
