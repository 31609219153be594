/**
 * A ChatModel served by an OpenAI-compatible server: `POST /v1/chat/completions` with `stream: true`,
 * read as server-sent events. To the answer service it is the same as the local model (tokens stream
 * through onToken, cancel aborts the request, the result carries token counts and timings); it says
 * `remote: true` so answers can show that the question and passages left the machine.
 */
import { z } from 'zod';
import type { RemoteChatSettings } from '../../../../src-shared/domain';
import { PhareError } from '../../../../src-shared/errors';
import type { ChatModel, GenerateRequest, GenerateResult } from '../types';
import { displayUrl, endpointUrl, httpError, IdleDeadline, messageFromBody, networkError, requestHeaders, timeoutError } from './remoteEndpoint';
import { sseData } from './sseLines';

export interface RemoteChatOptions {
  /** The context window the user says the server gives this model; the OpenAI API cannot tell. */
  contextSize: number;
  /** Longest silence accepted: before the response starts (prompt processing included) and between chunks. */
  idleTimeoutMs?: number;
}

/** A big prompt on a busy CPU server can take minutes before its first token. */
const DEFAULT_IDLE_TIMEOUT_MS = 300_000;

/**
 * The OpenAI API has no tokenizer endpoint, so tokens are estimated from characters. Three
 * characters a token over-counts for English (about 4) and French (about 3.5) with common BPE
 * vocabularies: packing stays on the safe side of the context window.
 */
const CHARS_PER_TOKEN = 3;
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** One streamed chunk, as much of it as we use; servers add fields of their own. */
const ChunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
  error: z.unknown().optional(),
});

export function remoteModelId(settings: RemoteChatSettings): string {
  return `remote:${settings.label.trim() || settings.model}`;
}

export function createRemoteChatModel(settings: RemoteChatSettings, options: RemoteChatOptions): ChatModel {
  if (!settings.model.trim()) throw new PhareError('REMOTE_NOT_CONFIGURED', { detail: 'no model name' });
  const url = endpointUrl(settings.baseUrl, 'chat/completions');
  const shownUrl = displayUrl(settings.baseUrl);
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;

  async function generate(request: GenerateRequest): Promise<GenerateResult> {
    const started = performance.now();
    const deadline = new IdleDeadline(idleMs);
    const userSignal = request.signal ?? new AbortController().signal;
    const signal = AbortSignal.any([userSignal, deadline.signal]);
    let text = '';
    let deltas = 0;
    let usage: { prompt: number | null; completion: number | null } = { prompt: null, completion: null };
    let finish: string | null = null;
    let done = false;
    let ttftMs: number | null = null;
    let midStream = false;

    const result = (stopReason: GenerateResult['stopReason']): GenerateResult => ({
      text,
      // The server's own count when it sends one (stream_options.include_usage); else one token a chunk,
      // which is how these servers stream.
      tokens: usage.completion ?? deltas,
      promptTokens: usage.prompt ?? estimateTokens(request.messages.map((m) => m.content).join('\n')),
      stopReason,
      ttftMs,
      generationMs: performance.now() - started,
    });

    try {
      if (userSignal.aborted) return result('aborted');
      const post = (includeUsage: boolean) =>
        fetch(url, {
          method: 'POST',
          headers: requestHeaders(settings, 'text/event-stream'),
          body: JSON.stringify({
            model: settings.model,
            messages: request.messages,
            max_tokens: request.maxTokens,
            temperature: request.temperature,
            stream: true,
            ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
            // OpenAI's structured output; servers that ignore it still get the schema in the prompt, and the caller validates.
            ...(request.jsonSchema ? { response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema: request.jsonSchema } } } : {}),
          }),
          signal,
        });
      let response = await post(true);
      deadline.touch();
      // Servers that predate stream_options may refuse it: ask again without (tokens are then counted by chunk).
      if (response.status === 400) {
        const refused = await httpError(response, shownUrl, settings.apiKey);
        if (!/stream_options/i.test(String(refused.params.detail))) throw refused;
        response = await post(false);
        deadline.touch();
      }
      if (!response.ok) throw await httpError(response, shownUrl, settings.apiKey);
      if (!response.body) throw new PhareError('REMOTE_ERROR', { url: shownUrl, status: response.status, detail: 'empty response' });
      midStream = true;
      for await (const data of sseData(response.body)) {
        deadline.touch();
        if (data.trim() === '[DONE]') {
          done = true;
          break;
        }
        const chunk = parseChunk(data, shownUrl, response.status);
        if (chunk.usage) usage = { prompt: chunk.usage.prompt_tokens ?? null, completion: chunk.usage.completion_tokens ?? null };
        for (const choice of chunk.choices ?? []) {
          const delta = choice.delta?.content;
          if (delta) {
            if (ttftMs === null) ttftMs = performance.now() - started;
            text += delta;
            deltas++;
            request.onToken?.(delta);
          }
          if (choice.finish_reason) finish = choice.finish_reason;
        }
      }
    } catch (error) {
      if (userSignal.aborted) return result('aborted');
      if (deadline.expired) throw timeoutError(shownUrl, idleMs);
      throw networkError(error, shownUrl, midStream);
    } finally {
      deadline.clear();
    }
    if (userSignal.aborted) return result('aborted');
    // A stream that stops with neither [DONE] nor a finish reason was cut: the answer is incomplete.
    if (!done && finish === null) throw networkError(new Error('no end-of-stream marker'), shownUrl, true);
    return result(finish === 'length' ? 'maxTokens' : 'eos');
  }

  return {
    id: remoteModelId(settings),
    contextSize: options.contextSize,
    remote: true,
    generate,
    async countTokens(text: string): Promise<number> {
      return estimateTokens(text);
    },
  };
}

function parseChunk(data: string, url: string, status: number): z.infer<typeof ChunkSchema> {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new PhareError('REMOTE_ERROR', { url, status, detail: `not a chat completion chunk: ${data.slice(0, 120)}` });
  }
  const parsed = ChunkSchema.safeParse(json);
  if (!parsed.success) throw new PhareError('REMOTE_ERROR', { url, status, detail: 'not a chat completion chunk' });
  // Some servers report a failure inside the stream, after a 200.
  if (parsed.data.error) throw new PhareError('REMOTE_ERROR', { url, status, detail: messageFromBody(JSON.stringify({ error: parsed.data.error })).slice(0, 300) });
  return parsed.data;
}
