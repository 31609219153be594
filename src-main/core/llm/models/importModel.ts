/**
 * Imports a GGUF the user picked or dropped: inspected first (a missing, truncated or malformed file is
 * refused with a clear error before anything is copied), then copied into the models folder under its
 * own name. An existing model is never overwritten (importing the very same file again is not an error:
 * it is already there), and a copy interrupted half-way never appears in the model list: the bytes go
 * to a hidden temporary name and are linked into place only when whole.
 */
import { createHash, randomUUID } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, link, mkdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ModelFile } from '../../../../src-shared/domain';
import { PhareError } from '../../../../src-shared/errors';
import { describeModelFile, inspectModel } from '../gguf/ggufInspect';
import { pathExists } from '../../fs/pathExists';
import { tightenFile } from '../../fs/privateFiles';

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return false;
  }
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Same bytes under the same name: the import already happened. Sizes first, so a hash is rarely needed. */
async function sameContent(a: string, b: string): Promise<boolean> {
  if (await sameFile(a, b)) return true;
  try {
    if ((await stat(a)).size !== (await stat(b)).size) return false;
    return (await sha256(a)) === (await sha256(b));
  } catch {
    return false;
  }
}

/** Copies `source` into `modelsDir`; resolves with the imported file's description. */
export async function importModelFile(source: string, modelsDir: string): Promise<ModelFile> {
  const model = await inspectModel(source);
  const target = join(modelsDir, basename(source));
  if (await pathExists(target)) {
    if (await sameContent(source, target)) return describeModelFile(target);
    throw new PhareError('MODEL_EXISTS', { file: model.fileName });
  }
  await mkdir(modelsDir, { recursive: true });
  const temporary = join(modelsDir, `.${model.fileName}.${randomUUID()}.importing`);
  try {
    await copyFile(source, temporary, constants.COPYFILE_FICLONE);
    // copyFile keeps the source's mode: owner-only like the rest of the data folder, before it shows.
    await tightenFile(temporary);
    try {
      // link() fails when the target exists: no check-then-write race with another import.
      await link(temporary, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new PhareError('MODEL_EXISTS', { file: model.fileName });
      // File systems without hard links (FAT, some network shares): checked above, rename instead.
      if (await pathExists(target)) throw new PhareError('MODEL_EXISTS', { file: model.fileName });
      await rename(temporary, target);
    }
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return describeModelFile(target);
}
