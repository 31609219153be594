/**
 * The model service as the rest of the core sees it, with every call counted: each chat or judge
 * generation (status, tokens read and written, speed, empty output) and each embedding call, whether
 * the model runs locally or on a remote server.
 */
import type { ChatModel, Embedder, ModelService } from '../llm/types';
import type { MetricsRecorder } from './metricsRecorder';

export function instrumentModels(models: ModelService, recorder: MetricsRecorder): ModelService {
  const chats = new WeakMap<ChatModel, ChatModel>();
  const embedders = new WeakMap<Embedder, Embedder>();

  function chat(model: ChatModel): ChatModel {
    let wrapped = chats.get(model);
    if (wrapped) return wrapped;
    wrapped = {
      get id() {
        return model.id;
      },
      get contextSize() {
        return model.contextSize;
      },
      get remote() {
        return model.remote;
      },
      countTokens: (text) => model.countTokens(text),
      async generate(request) {
        // A follow-up's rewrite is counted with the answers, as it always was.
        const role = request.purpose === 'judge' ? 'judge' : 'chat';
        try {
          const result = await model.generate(request);
          recorder.modelCall({
            role,
            status: result.stopReason === 'aborted' ? 'cancelled' : 'ok',
            promptTokens: result.promptTokens,
            completionTokens: result.tokens,
            generationMs: result.generationMs,
            empty: result.stopReason !== 'aborted' && result.text.trim() === '',
          });
          return result;
        } catch (error) {
          recorder.modelCall({ role, status: request.signal?.aborted ? 'cancelled' : 'error' });
          throw error;
        }
      },
    };
    chats.set(model, wrapped);
    return wrapped;
  }

  function embedder(model: Embedder): Embedder {
    let wrapped = embedders.get(model);
    if (wrapped) return wrapped;
    const counted =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        try {
          const result = await call(...args);
          recorder.modelCall({ role: 'embedding', status: 'ok' });
          return result;
        } catch (error) {
          recorder.modelCall({ role: 'embedding', status: 'error' });
          throw error;
        }
      };
    wrapped = {
      get id() {
        return model.id;
      },
      get dimension() {
        return model.dimension;
      },
      embedDocuments: counted((texts: string[]) => model.embedDocuments(texts)),
      embedQuery: counted((text: string) => model.embedQuery(text)),
      countTokens: (text) => model.countTokens(text),
    };
    embedders.set(model, wrapped);
    return wrapped;
  }

  return {
    status: () => models.status(),
    getChatModel: async () => {
      const model = await models.getChatModel();
      return model ? chat(model) : null;
    },
    getEmbedder: async () => {
      const model = await models.getEmbedder();
      return model ? embedder(model) : null;
    },
    listModels: () => models.listModels(),
    estimateModelFit: (path) => models.estimateModelFit(path),
    importModel: (path) => models.importModel(path),
    downloadModel: (uri) => models.downloadModel(uri),
    cancelDownload: (id) => models.cancelDownload(id),
    catalog: () => models.catalog(),
    unload: (role) => models.unload(role),
    reload: (role) => models.reload(role),
    applySettings: (settings) => models.applySettings(settings),
    dispose: () => models.dispose(),
  };
}
