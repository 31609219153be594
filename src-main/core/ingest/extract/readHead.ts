/** The first bytes of a file, read without reading the rest (format detection before the size matters). */
import { open } from 'node:fs/promises';
import { PhareError } from '../../../../src-shared/errors';

export async function readHead(path: string, displayName: string, length: number): Promise<Uint8Array> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Deleted or moved between the drop and now.
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new PhareError('FILE_NOT_FOUND', { file: displayName });
    throw new PhareError('FILE_UNREADABLE', { file: displayName, detail: code ?? String(error) }, { cause: error });
  }
}
