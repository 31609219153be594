/**
 * The inference host's message protocol, declared once as a table (like the app's contract) and
 * validated with zod on both sides: the parent parses what the host sends, the host parses what the
 * parent sends. Messages are plain JSON values so they cross child_process (JSON) and Electron's
 * utilityProcess (structured clone) unchanged.
 */
import { z } from 'zod';
import { ErrorValueSchema, GpuChoiceSchema, ModelRoleSchema } from '../../../../src-shared/domain';

const ChatMessageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });
const GpuLayersSchema = z.union([z.literal('auto'), z.number().int().nonnegative()]);
/** What a loaded model takes: weights plus context state (KV cache), and the layers offloaded to the GPU. */
const LoadedFootprint = { memoryBytes: z.number().nonnegative(), gpuLayers: z.number().int().nonnegative() };

/**
 * What a generation is for, said by the caller (never guessed from the prompt): 'chat' is the answer
 * itself and runs on the conversation's context sequence, whose evaluated prefix (system prompt,
 * sources) the next answer reuses; 'rewrite' (a follow-up's search query) and 'judge' (the citation
 * check's and the quality loop's verdicts) run on a side sequence, so they never evict that prefix.
 */
export const GeneratePurposeSchema = z.enum(['chat', 'rewrite', 'judge']);
export type GeneratePurpose = z.infer<typeof GeneratePurposeSchema>;

export const GenerateResultSchema = z.object({
  text: z.string(),
  tokens: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  /**
   * Prompt tokens the model evaluated for this request; the rest of `promptTokens` was reused from the
   * sequence's KV cache (a follow-up sharing the conversation's evaluated prefix).
   */
  promptTokensEvaluated: z.number().int().nonnegative(),
  stopReason: z.enum(['eos', 'maxTokens', 'aborted']),
  ttftMs: z.number().nullable(),
  generationMs: z.number(),
});

/** Every request the parent can make: method name, params schema, result schema. */
export const hostMethods = {
  /** First call on a fresh host: picks the compute backend. Threads are fixed for the host's life. */
  init: {
    input: z.object({ gpu: GpuChoiceSchema, threads: z.number().int().positive() }),
    output: z.object({ backend: z.string() }),
  },
  loadChat: {
    input: z.object({
      path: z.string(),
      gpuLayers: GpuLayersSchema,
      contextSize: z.number().int().positive(),
      batchSize: z.number().int().positive().optional(),
      /** llama.cpp's flash attention: absent leaves node-llama-cpp's default (the model's). */
      flashAttention: z.boolean().optional(),
    }),
    output: z.object({ contextSize: z.number().int().positive(), chatWrapper: z.string(), ...LoadedFootprint }),
  },
  loadEmbedding: {
    input: z.object({ path: z.string(), gpuLayers: GpuLayersSchema }),
    output: z.object({ dimension: z.number().int().positive(), contextSize: z.number().int().positive(), ...LoadedFootprint }),
  },
  /**
   * node-llama-cpp's resource estimate for loading a (pre-inspected) file with these settings, next
   * to the machine's free memory. Loads no weights.
   */
  estimate: {
    input: z.object({
      path: z.string(),
      role: ModelRoleSchema,
      gpuLayers: GpuLayersSchema,
      contextSize: z.number().int().positive(),
    }),
    output: z.object({
      requiredRamBytes: z.number().nonnegative(),
      requiredVramBytes: z.number().nonnegative(),
      freeRamBytes: z.number().nonnegative(),
      freeVramBytes: z.number().nonnegative(),
      gpuLayers: z.number().int().nonnegative(),
      /** node-llama-cpp's 0..1 compatibility score: below 1 the requested configuration does not fully fit. */
      compatibilityScore: z.number(),
    }),
  },
  unload: { input: z.object({ role: ModelRoleSchema }), output: z.object({}) },
  generate: {
    input: z.object({
      messages: z.array(ChatMessageSchema).min(1),
      maxTokens: z.number().int().positive(),
      temperature: z.number().min(0).max(2),
      /** A JSON schema the output must follow (turned into a grammar by node-llama-cpp). */
      jsonSchema: z.record(z.string(), z.unknown()).optional(),
      purpose: GeneratePurposeSchema,
    }),
    output: GenerateResultSchema,
  },
  /** Unit-length vectors, one per text; texts longer than the model's context are truncated. */
  embed: {
    input: z.object({ texts: z.array(z.string()) }),
    output: z.object({ vectors: z.array(z.array(z.number())) }),
  },
  countTokens: {
    input: z.object({ role: ModelRoleSchema, text: z.string() }),
    output: z.object({ count: z.number().int().nonnegative() }),
  },
} as const;

export type HostMethods = typeof hostMethods;
export type HostMethodName = keyof HostMethods;
export type HostParams<M extends HostMethodName> = z.input<HostMethods[M]['input']>;
export type HostResult<M extends HostMethodName> = z.output<HostMethods[M]['output']>;

const RequestId = z.string().min(1).max(100);

/** Parent -> host. */
export const ParentMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('request'), id: RequestId, method: z.string(), params: z.unknown() }),
  /** Stops the request with this id (a generation stops and resolves with stopReason 'aborted'). */
  z.object({ kind: z.literal('abort'), id: RequestId }),
  /** Dispose native objects and exit. */
  z.object({ kind: z.literal('shutdown') }),
]);
export type ParentMessage = z.infer<typeof ParentMessageSchema>;

/** Host -> parent. */
export const HostMessageSchema = z.union([
  z.object({ kind: z.literal('ready'), pid: z.number().int() }),
  z.object({ kind: z.literal('response'), id: RequestId, ok: z.literal(true), result: z.unknown() }),
  z.object({ kind: z.literal('response'), id: RequestId, ok: z.literal(false), error: ErrorValueSchema }),
  z.object({ kind: z.literal('token'), id: RequestId, delta: z.string() }),
  z.object({ kind: z.literal('log'), level: z.enum(['error', 'warn', 'info']), message: z.string() }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

export function isHostMethodName(name: string): name is HostMethodName {
  return Object.prototype.hasOwnProperty.call(hostMethods, name);
}
