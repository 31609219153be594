/**
 * The ChatModel and Embedder the rest of the core sees. They hold no native object: each call asks
 * the model service for a host with their model loaded (restarting a crashed host and reloading as
 * needed), so a handle kept by the ingest pipeline survives a host crash.
 */
import { PhareError } from '../../../src-shared/errors';
import type { InferenceHost } from './inferenceHost';
import type { ChatModel, Embedder, GenerateRequest, GenerateResult } from './types';

/** Texts per embed request: big enough to amortise IPC, small enough to abort promptly. */
const EMBED_BATCH = 32;

/** What a handle needs from the service: a live host with this exact model file loaded. */
export type EnsureLoaded = (path: string) => Promise<InferenceHost>;

export function createChatHandle(info: { id: string; path: string; contextSize: number }, ensure: EnsureLoaded): ChatModel {
  return {
    id: info.id,
    contextSize: info.contextSize,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const host = await ensure(info.path);
      return host.request(
        'generate',
        {
          messages: request.messages,
          maxTokens: request.maxTokens,
          temperature: request.temperature,
          purpose: request.purpose ?? 'chat',
          ...(request.jsonSchema ? { jsonSchema: request.jsonSchema } : {}),
        },
        { signal: request.signal, onToken: request.onToken },
      );
    },
    async countTokens(text: string): Promise<number> {
      const host = await ensure(info.path);
      return (await host.request('countTokens', { role: 'chat', text })).count;
    },
  };
}

export function createEmbedderHandle(
  info: { id: string; path: string; dimension: number },
  ensure: EnsureLoaded,
): Embedder {
  async function embedDocuments(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += EMBED_BATCH) {
      const host = await ensure(info.path);
      const { vectors } = await host.request('embed', { texts: texts.slice(i, i + EMBED_BATCH) });
      for (const vector of vectors) {
        if (vector.length !== info.dimension) {
          throw new PhareError('INTERNAL', { detail: `embedding of dimension ${vector.length}, expected ${info.dimension}` });
        }
        out.push(Float32Array.from(vector));
      }
    }
    return out;
  }
  return {
    id: info.id,
    dimension: info.dimension,
    embedDocuments,
    async embedQuery(text: string): Promise<Float32Array> {
      const [vector] = await embedDocuments([text]);
      return vector;
    },
    async countTokens(text: string): Promise<number> {
      const host = await ensure(info.path);
      return (await host.request('countTokens', { role: 'embedding', text })).count;
    },
  };
}
