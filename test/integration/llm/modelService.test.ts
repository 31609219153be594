/**
 * The model service against real node-llama-cpp in a real host process, with the tiny fixtures.
 * The models produce meaningless text: these tests assert behaviour, never wording or timings.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelService } from '../../../src-main/core/llm/modelService';
import type { ModelService } from '../../../src-main/core/llm/types';
import { tinyChatModel, tinyEmbedModel } from '../../helpers/paths';
import { HOST_TEST_TIMEOUT, recordingLauncher, statusRecorder, testSettings, unavailableBackend } from './helpers';
import { rejection } from '../../helpers/rejection';

let modelsDir: string;
let service: ModelService;
const recorder = statusRecorder();

beforeAll(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'phare-models-'));
  await copyFile(tinyChatModel, join(modelsDir, 'tiny-chat.gguf'));
  await copyFile(tinyEmbedModel, join(modelsDir, 'tiny-embed.gguf'));
  const settings = testSettings({ chatModelPath: 'tiny-chat.gguf', embeddingModelPath: join(modelsDir, 'tiny-embed.gguf') });
  service = createModelService({
    getSettings: () => settings,
    modelsDir,
    launcher: recordingLauncher().launcher,
    onStatus: recorder.onStatus,
    onLog: () => undefined,
  });
});

afterAll(async () => {
  await service?.dispose();
  await rm(modelsDir, { recursive: true, force: true });
});

describe('model service with the tiny models', { timeout: HOST_TEST_TIMEOUT }, () => {
  it('loads nothing before first use', () => {
    const status = service.status();
    expect(status.hostAlive).toBe(false);
    expect(status.chat.state).toBe('none');
    expect(status.chat.path).toBe(join(modelsDir, 'tiny-chat.gguf'));
  });

  it('streams a chat answer through the model chat template', async () => {
    const chat = await service.getChatModel();
    expect(chat).not.toBeNull();
    expect(chat!.id).toBe('tiny-chat.gguf');
    expect(chat!.contextSize).toBeGreaterThan(0);
    const deltas: string[] = [];
    const result = await chat!.generate({
      messages: [
        { role: 'system', content: 'You answer from the sources.' },
        { role: 'user', content: 'What does the report say?' },
      ],
      maxTokens: 24,
      temperature: 0,
      onToken: (delta) => deltas.push(delta),
    });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(result.text);
    expect(result.tokens).toBeGreaterThan(0);
    expect(result.tokens).toBeLessThanOrEqual(24);
    expect(result.promptTokens).toBeGreaterThan(0);
    expect(['maxTokens', 'eos']).toContain(result.stopReason);
    expect(result.ttftMs).not.toBeNull();

    const status = service.status();
    expect(status.hostAlive).toBe(true);
    expect(status.backend).toBe('cpu');
    expect(status.chat.state).toBe('ready');
    expect(recorder.statuses.some((s) => s.chat.state === 'loading')).toBe(true);
  });

  it('stops mid-stream when the signal aborts and says so', async () => {
    const chat = (await service.getChatModel())!;
    const controller = new AbortController();
    let seen = 0;
    const result = await chat.generate({
      messages: [{ role: 'user', content: 'Tell me everything.' }],
      maxTokens: 1500,
      temperature: 0.8,
      signal: controller.signal,
      onToken: () => {
        seen += 1;
        if (seen === 3) controller.abort();
      },
    });
    expect(result.stopReason).toBe('aborted');
    expect(result.tokens).toBeLessThan(1500);
    expect(result.tokens).toBeGreaterThanOrEqual(3);
  });

  it('reports an abort that came before the first token', async () => {
    const chat = (await service.getChatModel())!;
    const result = await chat.generate({
      messages: [{ role: 'user', content: 'Hello' }],
      maxTokens: 50,
      temperature: 0,
      signal: AbortSignal.abort(),
    });
    expect(result.stopReason).toBe('aborted');
  });

  it('counts tokens with the chat model tokenizer', async () => {
    const chat = (await service.getChatModel())!;
    const short = await chat.countTokens('page');
    const long = await chat.countTokens('page page page page page page');
    expect(short).toBeGreaterThan(0);
    expect(long).toBeGreaterThan(short);
  });

  it('embeds with the model dimension, deterministically, as unit vectors', async () => {
    const embedder = await service.getEmbedder();
    expect(embedder).not.toBeNull();
    expect(embedder!.dimension).toBe(64);
    expect(embedder!.id).toContain('tiny-embed.gguf');
    const texts = ['the document page', 'une question sur le rapport', 'the document page', ''];
    const vectors = await embedder!.embedDocuments(texts);
    expect(vectors).toHaveLength(4);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(64);
    }
    expect([...vectors[0]]).toEqual([...vectors[2]]);
    expect([...vectors[0]]).not.toEqual([...vectors[1]]);
    const norm = Math.hypot(...vectors[0]);
    expect(norm).toBeCloseTo(1, 4);
    const query = await embedder!.embedQuery('the document page');
    expect([...query]).toEqual([...vectors[0]]);
    // Same file, same id: vectors stored on documents stay comparable.
    expect((await service.getEmbedder())!.id).toBe(embedder!.id);
    expect(await embedder!.countTokens('the document page')).toBeGreaterThan(0);
  });

  it('truncates a text longer than the embedding context instead of failing', async () => {
    const embedder = (await service.getEmbedder())!;
    const [v] = await embedder.embedDocuments(['word '.repeat(3000)]);
    expect(v.length).toBe(64);
  });

  it('lists the models folder, with a bad file listed with its error', async () => {
    await writeFile(join(modelsDir, 'broken.gguf'), 'not a model');
    const models = await service.listModels();
    const byName = new Map(models.map((m) => [m.fileName, m]));
    expect(byName.get('tiny-chat.gguf')).toMatchObject({ role: 'chat', architecture: 'llama', hasChatTemplate: true, error: null });
    expect(byName.get('tiny-embed.gguf')).toMatchObject({ role: 'embedding', architecture: 'bert', error: null });
    expect(byName.get('broken.gguf')?.error?.code).toBe('MODEL_INVALID');
  });

  it('returns null when no model is configured', async () => {
    const none = createModelService({
      getSettings: () => testSettings(),
      modelsDir,
      launcher: recordingLauncher().launcher,
      onStatus: () => undefined,
    });
    expect(await none.getChatModel()).toBeNull();
    expect(await none.getEmbedder()).toBeNull();
    expect(none.status().hostAlive).toBe(false);
    await none.dispose();
  });

  it('rejects a missing or invalid file before any host sees it, without retrying until the file changes', async () => {
    const launch = recordingLauncher();
    const seen = statusRecorder();
    const settings = testSettings({ chatModelPath: 'missing.gguf', embeddingModelPath: 'broken.gguf' });
    const other = createModelService({ getSettings: () => settings, modelsDir, launcher: launch.launcher, onStatus: seen.onStatus });
    expect((await rejection(other.getChatModel())).code).toBe('MODEL_NOT_FOUND');
    expect((await rejection(other.getEmbedder())).code).toBe('MODEL_INVALID');
    expect(other.status().chat).toMatchObject({ state: 'failed', error: { code: 'MODEL_NOT_FOUND' } });
    expect(other.status().embedding).toMatchObject({ state: 'failed', error: { code: 'MODEL_INVALID' } });
    expect(launch.channels).toHaveLength(0);

    // Asking again (every search asks for the embedder) neither reloads nor makes the status flicker.
    const emitted = seen.statuses.length;
    expect((await rejection(other.getEmbedder())).code).toBe('MODEL_INVALID');
    expect(seen.statuses.length).toBe(emitted);

    // Once the file exists, the next request loads it.
    await writeFile(join(modelsDir, 'missing.gguf'), await readFile(tinyChatModel));
    expect(await other.getChatModel()).not.toBeNull();
    expect(launch.channels).toHaveLength(1);
    await other.dispose();
  });

  it('reports an explicit backend that this machine lacks instead of ignoring it', async () => {
    const settings = testSettings({ chatModelPath: 'tiny-chat.gguf', gpu: unavailableBackend() });
    const other = createModelService({ getSettings: () => settings, modelsDir, launcher: recordingLauncher().launcher, onStatus: () => undefined });
    expect((await rejection(other.getChatModel())).code).toBe('BACKEND_UNAVAILABLE');
    const status = other.status();
    expect(status.requestedGpu).toBe(unavailableBackend());
    expect(status.backend).toBeNull();
    expect(status.chat).toMatchObject({ state: 'failed', error: { code: 'BACKEND_UNAVAILABLE' } });
    // Back to auto: node-llama-cpp picks what exists, and the same service works.
    await other.applySettings({ ...settings, gpu: 'auto' });
    const chat = await other.getChatModel();
    expect(chat).not.toBeNull();
    expect(other.status().backend).not.toBeNull();
    await other.dispose();
  });
});
