/**
 * The remote ChatModel on its own, against the fake server: timeouts (a server that never answers,
 * a stream that stalls), the token estimate, and the label.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteChatModel, estimateTokens } from '../../../src-main/core/llm/remote/remoteChatModel';
import { endpointUrl } from '../../../src-main/core/llm/remote/remoteEndpoint';
import { FAKE_TOKENS, startFakeOpenAiServer, type FakeOpenAiServer } from '../../helpers/fakeOpenAiServer';
import { rejection } from '../../helpers/rejection';

describe('remote ChatModel', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(() => server?.close());
  afterEach(() => {
    server.behaviour = 'stream';
  });

  const model = (idleTimeoutMs?: number) =>
    createRemoteChatModel({ enabled: true, baseUrl: server.baseUrl, model: 'fake-model', apiKey: null, label: '' }, { contextSize: 8192, idleTimeoutMs });
  const messages = [{ role: 'user' as const, content: 'Hello?' }];

  it('generates with counts and timings, labelled with the model name when there is no label', async () => {
    const chat = model();
    expect(chat.id).toBe('remote:fake-model');
    expect(chat.remote).toBe(true);
    const result = await chat.generate({ messages, maxTokens: 16, temperature: 0 });
    expect(result).toMatchObject({ text: FAKE_TOKENS.join(''), tokens: FAKE_TOKENS.length, promptTokens: 321, stopReason: 'eos' });
    expect(result.generationMs).toBeGreaterThanOrEqual(result.ttftMs ?? 0);
  });

  it('asks again without stream_options when an older server refuses them, and counts tokens by chunk', async () => {
    server.behaviour = 'noStreamOptions';
    const result = await model().generate({ messages, maxTokens: 16, temperature: 0 });
    expect(result.text).toBe(FAKE_TOKENS.join(''));
    expect(result.tokens).toBe(FAKE_TOKENS.length);
    // No usage from the server: the prompt is estimated from its characters.
    expect(result.promptTokens).toBe(estimateTokens('Hello?'));
  });

  it('times out on a server that never answers, and on a stream that stalls', async () => {
    for (const behaviour of ['silent', 'stall'] as const) {
      server.behaviour = behaviour;
      const error = await rejection(model(300).generate({ messages, maxTokens: 16, temperature: 0 }));
      expect(error.code).toBe('REMOTE_TIMEOUT');
      expect(error.params.seconds).toBe(0.3);
    }
  });

  it('returns at once, aborted, when cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await model().generate({ messages, maxTokens: 16, temperature: 0, signal: controller.signal });
    expect(result.stopReason).toBe('aborted');
    expect(result.text).toBe('');
  });

  it('refuses to be created without a model name', () => {
    expect(() => createRemoteChatModel({ enabled: true, baseUrl: server.baseUrl, model: ' ', apiKey: null, label: 'x' }, { contextSize: 4096 })).toThrow(
      /not set up/,
    );
  });

  it('estimates tokens on the safe side and builds /v1 URLs from either form of base URL', async () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('a'.repeat(300))).toBe(100);
    expect(endpointUrl('http://h:1/v1/', 'models')).toBe('http://h:1/v1/models');
    expect(endpointUrl('http://h:1', 'chat/completions')).toBe('http://h:1/v1/chat/completions');
    expect(endpointUrl('https://h/proxy/openai/v1', 'models')).toBe('https://h/proxy/openai/v1/models');
  });
});
