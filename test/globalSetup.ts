/**
 * Vitest global setup: writes the tiny GGUF fixtures with the project's own writer, once per run.
 * They are regenerated when missing or when the generator's output changed (the bytes are
 * deterministic, so comparing the generated document with the file on disk is cheap and exact).
 */
import { readFile } from 'node:fs/promises';
import { encodeGguf, writeGguf } from '../src-main/core/llm/gguf/ggufWriter';
import { tinyChatDocument, tinyEmbedDocument } from '../src-main/core/llm/gguf/tinyModels';
import { tinyChatModel, tinyEmbedModel } from './helpers/paths';

async function upToDate(file: string, expected: Buffer): Promise<boolean> {
  try {
    return (await readFile(file)).equals(expected);
  } catch {
    return false;
  }
}

export default async function setup(): Promise<void> {
  for (const [file, doc] of [
    [tinyChatModel, tinyChatDocument()],
    [tinyEmbedModel, tinyEmbedDocument()],
  ] as const) {
    if (!(await upToDate(file, encodeGguf(doc)))) await writeGguf(file, doc);
  }
}
