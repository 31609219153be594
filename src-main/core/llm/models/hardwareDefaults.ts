/**
 * Context and batch sizes a new library starts with, from the machine's memory. The KV cache grows
 * with the context and llama.cpp's compute buffers with the batch; on a small machine both compete
 * with the model weights and the app for the same RAM.
 *
 * 4,096 tokens hold the system prompt, ~6 sources of ~250 tokens and the answer; its KV cache is
 * ~120 MB for a 1.5B model and ~540 MB for a 7B one (F16, grouped-query attention), which a 4 GB
 * laptop can still afford with a small model, while below that half the context is the safe choice.
 * 512 is llama.cpp's own default batch; halving it on small machines halves the compute buffer.
 */
import os from 'node:os';

const GB = 1024 ** 3;

export function defaultContextSize(totalMemoryBytes = os.totalmem()): number {
  return totalMemoryBytes < 4 * GB ? 2048 : 4096;
}

export function defaultBatchSize(totalMemoryBytes = os.totalmem()): number {
  return totalMemoryBytes < 4 * GB ? 256 : 512;
}
