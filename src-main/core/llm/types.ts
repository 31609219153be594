/**
 * What the rest of the core needs from the model layer. Ingestion and retrieval see an Embedder,
 * the chat service sees a ChatModel; neither knows that the model runs in another process.
 */
import type { ModelCatalogEntry, ModelFile, ModelFit, ModelRole, ModelsStatus, Settings } from '../../../src-shared/domain';

export interface Embedder {
  /** Stable id of the embedding model (file name and size), stored on documents to detect stale vectors. */
  readonly id: string;
  readonly dimension: number;
  /**
   * Unit-length vectors (L2 norm 1, so cosine and L2 rank alike), one per text, in order. A text
   * longer than the model's context is truncated; a text with no tokens gets a zero vector.
   */
  embedDocuments(texts: string[]): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
  countTokens(text: string): Promise<number>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerateRequest {
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  signal?: AbortSignal;
  onToken?: (delta: string) => void;
  /**
   * Constrains the output to JSON of this schema (node-llama-cpp's JSON-schema grammar; a remote
   * server gets it as `response_format`). The caller still validates what comes back.
   */
  jsonSchema?: JsonSchema;
  /**
   * What the call is for: the answer itself ('chat', the default), a follow-up's search query
   * ('rewrite') or a judge's verdict. A local model runs all but the answer on a context sequence of
   * their own, so the conversation's evaluated prompt stays in the KV cache for the next answer; the
   * metrics count judges apart.
   */
  purpose?: 'chat' | 'rewrite' | 'judge';
}

/** The subset of JSON Schema node-llama-cpp turns into a grammar: objects, enums, strings with lengths. */
export type JsonSchema = Record<string, unknown>;

export interface GenerateResult {
  text: string;
  tokens: number;
  promptTokens: number;
  /** Local models: the prompt tokens evaluated; the others were reused from the KV cache. */
  promptTokensEvaluated?: number;
  stopReason: 'eos' | 'maxTokens' | 'aborted';
  ttftMs: number | null;
  generationMs: number;
}

export interface ChatModel {
  /** Model file name, shown with answers. */
  readonly id: string;
  readonly contextSize: number;
  /** True for a model on another server (remote/): what it is sent leaves the machine. */
  readonly remote?: boolean;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  countTokens(text: string): Promise<number>;
}

/** Owns the inference host and the models loaded in it. */
export interface ModelService {
  status(): ModelsStatus;
  /** The chat model named in the settings, loaded on first use; null when none is configured. */
  getChatModel(): Promise<ChatModel | null>;
  /** The embedding model named in the settings, loaded on first use; null when none is configured. */
  getEmbedder(): Promise<Embedder | null>;
  /**
   * GGUF files in the models folder, with their metadata read from the header (cached by file size and
   * modification time), at once: `fit` is null here, estimated after by `estimateModelFit` for each row.
   */
  listModels(): Promise<ModelFile[]>;
  /** Whether a listed model fits this machine with the current settings (unknown for a file not listed). */
  estimateModelFit(path: string): Promise<ModelFit>;
  /** Checks a GGUF, then copies it into the models folder (MODEL_NOT_FOUND, MODEL_INVALID, MODEL_EXISTS). */
  importModel(path: string): Promise<ModelFile>;
  /** Starts downloading a model (hf: URI or URL) into the models folder; progress via onDownloadProgress. */
  downloadModel(uri: string): { downloadId: string };
  cancelDownload(downloadId: string): boolean;
  /** The curated list of recommended models. */
  catalog(): ModelCatalogEntry[];
  /** Frees a role's model now; it loads again on next use or on reload. */
  unload(role: ModelRole): Promise<ModelsStatus>;
  /** Loads a role's configured model again now (after an unload, a crash or a failure). */
  reload(role: ModelRole): Promise<ModelsStatus>;
  /** Reloads what changed (model paths, backend, threads, context size). */
  applySettings(settings: Settings): Promise<void>;
  dispose(): Promise<void>;
}

/** The two ends of the inference host's message channel, whatever process API carries it. */
export interface HostChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

/** Starts an inference host process: child_process.fork in Node, utilityProcess.fork in Electron. */
export type HostLauncher = () => HostChannel;
