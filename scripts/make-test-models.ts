/**
 * Writes the tiny GGUF test models: `npm run make-test-models -- <dir>` creates
 * <dir>/tiny-chat.gguf (llama, ChatML) and <dir>/tiny-embed.gguf (bert, mean pooling).
 */
import { join, resolve } from 'node:path';
import { writeTinyChatModel, writeTinyEmbeddingModel } from '../src-main/core/llm/gguf/tinyModels';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('Usage: npm run make-test-models -- <dir>');
    process.exitCode = 2;
    return;
  }
  const target = resolve(dir);
  const chat = join(target, 'tiny-chat.gguf');
  const embed = join(target, 'tiny-embed.gguf');
  console.log(`${chat} (${await writeTinyChatModel(chat)} bytes)`);
  console.log(`${embed} (${await writeTinyEmbeddingModel(embed)} bytes)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
