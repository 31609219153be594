/** The tiny GGUF models the benchmarks use, written once per run by the project's own generator. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyChatModel, writeTinyEmbeddingModel } from '../src-main/core/llm/gguf/tinyModels';

let models: Promise<{ chatModel: string; embedModel: string }> | null = null;

export function benchModels(): Promise<{ chatModel: string; embedModel: string }> {
  models ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phare-bench-models-'));
    const chatModel = join(dir, 'tiny-chat.gguf');
    const embedModel = join(dir, 'tiny-embed.gguf');
    await writeTinyChatModel(chatModel);
    await writeTinyEmbeddingModel(embedModel);
    return { chatModel, embedModel };
  })();
  return models;
}
