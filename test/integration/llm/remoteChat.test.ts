/**
 * Remote inference, opt-in: answers from an OpenAI-compatible server (a fake one this test starts on
 * 127.0.0.1) through the real core: chat.ask streams, cites and says the text left the machine;
 * cancel stops the request; a server error, a cut connection or a server that is down give clear
 * errors and break nothing; and nothing at all is sent unless the user chose the remote model.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RemoteChatSettings } from '../../../src-shared/domain';
import { FAKE_TOKENS, startFakeOpenAiServer, type FakeOpenAiServer } from '../../helpers/fakeOpenAiServer';
import { corpusFile } from '../../helpers/paths';
import { ContractCallError } from '../../../src-shared/rpc';
import { ingest, openTestCore, type TestCore } from '../../helpers/testCore';

const PDF = 'pdfjs_tracemonkey.pdf';
const QUESTION = 'What is a trace tree and how does it handle nested loops?';
const API_KEY = 'sk-test-secret-123';

function remoteSettings(server: FakeOpenAiServer, extra: Partial<RemoteChatSettings> = {}): RemoteChatSettings {
  return { enabled: true, baseUrl: server.baseUrl, model: 'fake-model', apiKey: API_KEY, label: 'Fake server', ...extra };
}

/** The error a contract call rejects with (codes and params cross the transport as values). */
async function callError(promise: Promise<unknown>): Promise<ContractCallError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractCallError);
  return error as ContractCallError;
}

const chatRequests = (server: FakeOpenAiServer) => server.requests.filter((r) => r.path === '/v1/chat/completions');

describe('remote chat model', () => {
  let server: FakeOpenAiServer;
  let t: TestCore;

  beforeAll(async () => {
    server = await startFakeOpenAiServer();
    server.apiKey = API_KEY;
    t = await openTestCore({ maxTokens: 64 });
    const [result] = await ingest(t.client, [corpusFile('pdf', PDF)]);
    expect(result.status).toBe('ready');
  });
  afterAll(async () => {
    await t?.dispose();
    await server?.close();
  });
  afterEach(() => {
    server.behaviour = 'stream';
    server.requests.length = 0;
  });

  it('is off by default, and sends nothing unless both set up and chosen', async () => {
    const defaults = await t.client.call('settings.get', {});
    expect(defaults.chatModelSource).toBe('local');
    expect(defaults.remoteChat.enabled).toBe(false);

    // Set up but not chosen, then chosen but not enabled: both stay local (extractive: no local model).
    for (const patch of [
      { chatModelSource: 'local' as const, remoteChat: remoteSettings(server) },
      { chatModelSource: 'remote' as const, remoteChat: remoteSettings(server, { enabled: false }) },
    ]) {
      await t.client.call('settings.update', patch);
      const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: `off-${patch.chatModelSource}` });
      expect(answer.mode).toBe('extractive');
      expect(answer.remote).toBeUndefined();
    }
    expect(server.requests).toEqual([]);
  });

  it('streams an answer through chat.ask, with sources, labelled remote', async () => {
    await t.client.call('settings.update', { chatModelSource: 'remote', remoteChat: remoteSettings(server) });
    const deltas: string[] = [];
    const off = t.client.on('chat.token', (e) => {
      if (e.requestId === 'r1') deltas.push(e.delta);
    });
    const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: 'r1' });
    off();

    expect(answer.mode).toBe('generative');
    expect(answer.outcome).toBe('complete');
    expect(answer.answer).toBe(FAKE_TOKENS.join(''));
    expect(deltas).toEqual(FAKE_TOKENS);
    expect(answer.model).toBe('remote:Fake server');
    expect(answer.remote).toBe(true);
    expect(answer.sources.length).toBeGreaterThan(0);
    // The server's own token count (stream_options.include_usage).
    expect(answer.timings.tokens).toBe(FAKE_TOKENS.length);
    expect(answer.timings.ttftMs).not.toBeNull();
    // The stored trace says so too.
    expect(answer.messageId).toBeTruthy();
    const trace = await t.client.call('chat.trace', { messageId: answer.messageId! });
    expect(trace.model).toMatchObject({ file: 'remote:Fake server', remote: true });

    // What left the machine: the question and the passages, with the key in the header only.
    const [request] = chatRequests(server);
    expect(request.authorization).toBe(`Bearer ${API_KEY}`);
    const body = request.body as { model: string; stream: boolean; max_tokens: number; messages: Array<{ role: string; content: string }> };
    expect(body.model).toBe('fake-model');
    expect(body.stream).toBe(true);
    expect(body.max_tokens).toBe(64);
    // Snippets are the passage with its whitespace flattened: compare the prompt the same way.
    const sent = body.messages.map((m) => m.content).join('\n').replace(/\s+/g, ' ');
    expect(sent).toContain(QUESTION);
    expect(sent).toContain(answer.sources[0].snippet.slice(0, 40));
  });

  it('cancels mid-stream: the answer stops, the server sees the connection closed', async () => {
    await t.client.call('settings.update', { chatModelSource: 'remote', remoteChat: remoteSettings(server) });
    server.behaviour = 'stall';
    const closed = server.clientClosed();
    const off = t.client.on('chat.token', (e) => {
      if (e.requestId === 'c1') void t.client.call('chat.cancel', { requestId: 'c1' });
    });
    const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: 'c1' });
    off();
    expect(answer.outcome).toBe('cancelled');
    expect(FAKE_TOKENS.join('').startsWith(answer.answer)).toBe(true);
    expect(answer.answer.length).toBeGreaterThan(0);
    await closed;
  });

  it('turns a 500 into REMOTE_ERROR with the status and the server message, and keeps working', async () => {
    await t.client.call('settings.update', { chatModelSource: 'remote', remoteChat: remoteSettings(server) });
    server.behaviour = 'error500';
    const error = await callError(t.client.call('chat.ask', { question: QUESTION, requestId: 'e500' }));
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.params.status).toBe(500);
    expect(error.message).toContain('model crashed on the server');
    expect(error.message).not.toContain(API_KEY);

    server.behaviour = 'stream';
    const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: 'after-500' });
    expect(answer.outcome).toBe('complete');
    expect((await t.client.call('search.query', { query: 'trace tree' })).length).toBeGreaterThan(0);
  });

  it('turns a connection closed mid-answer into REMOTE_UNREACHABLE', async () => {
    await t.client.call('settings.update', { chatModelSource: 'remote', remoteChat: remoteSettings(server) });
    server.behaviour = 'close';
    const error = await callError(t.client.call('chat.ask', { question: QUESTION, requestId: 'cut' }));
    expect(error.code).toBe('REMOTE_UNREACHABLE');
    expect(error.message).toMatch(/closed before the answer was complete/);
  });

  it('turns a server that is down into REMOTE_UNREACHABLE, in English and French', async () => {
    const gone = await startFakeOpenAiServer();
    const deadUrl = gone.baseUrl;
    await gone.close();
    await t.client.call('settings.update', { chatModelSource: 'remote', remoteChat: remoteSettings(server, { baseUrl: deadUrl }) });
    const error = await callError(t.client.call('chat.ask', { question: QUESTION, requestId: 'down' }));
    expect(error.code).toBe('REMOTE_UNREACHABLE');
    expect(error.message).toContain(deadUrl);
    expect(error.message).toMatch(/connection refused/);
    expect(error.localized('fr')).toMatch(/^Impossible de joindre le serveur de modèle distant/);
    // Back to the local choice: the library still answers (extractive here).
    await t.client.call('settings.update', { chatModelSource: 'local' });
    expect((await t.client.call('chat.ask', { question: QUESTION, requestId: 'local-again' })).mode).toBe('extractive');
  });

  it('never returns the API key in clear, and keeps it when the mask comes back', async () => {
    const updated = await t.client.call('settings.update', { chatModelSource: 'remote', remoteChat: remoteSettings(server) });
    expect(JSON.stringify(updated)).not.toContain(API_KEY);
    const read = await t.client.call('settings.get', {});
    expect(read.remoteChat.apiKey).not.toBeNull();
    expect(JSON.stringify(read)).not.toContain(API_KEY);

    // The UI sends back what it was given (the mask) with another change: the saved key stays.
    await t.client.call('settings.update', { remoteChat: { ...read.remoteChat, label: 'Renamed' } });
    const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: 'masked' });
    expect(answer.model).toBe('remote:Renamed');
    expect(chatRequests(server)[0].authorization).toBe(`Bearer ${API_KEY}`);

    // Clearing the key is an explicit null.
    await t.client.call('settings.update', { remoteChat: { ...read.remoteChat, apiKey: null } });
    expect((await t.client.call('settings.get', {})).remoteChat.apiKey).toBeNull();
  });

  it('drops the saved key when the address changes', async () => {
    await t.client.call('settings.update', { chatModelSource: 'remote', remoteChat: remoteSettings(server) });
    const read = await t.client.call('settings.get', {});
    const other = await startFakeOpenAiServer();
    try {
      // The user edits only the address: the form sends the mask back with it.
      const moved = await t.client.call('settings.update', { remoteChat: { ...read.remoteChat, baseUrl: other.baseUrl } });
      expect(moved.remoteChat.apiKey).toBeNull();
      await t.client.call('chat.ask', { question: QUESTION, requestId: 'moved' });
      expect(chatRequests(other).length).toBeGreaterThan(0);
      expect(chatRequests(other).every((r) => r.authorization === null)).toBe(true);
      expect(JSON.stringify(other.requests)).not.toContain(API_KEY);

      // The root of the same server is the same server: the mask keeps the key there.
      await t.client.call('settings.update', { remoteChat: remoteSettings(server) });
      const again = await t.client.call('settings.get', {});
      await t.client.call('settings.update', { remoteChat: { ...again.remoteChat, baseUrl: server.baseUrl.replace(/\/v1$/, '/') } });
      server.requests.length = 0;
      await t.client.call('chat.ask', { question: QUESTION, requestId: 'root' });
      expect(chatRequests(server)[0].authorization).toBe(`Bearer ${API_KEY}`);
    } finally {
      await other.close();
    }
  });

  it('refuses base URLs that are not http(s) or that carry credentials', async () => {
    for (const baseUrl of ['file:///etc/passwd', 'ftp://127.0.0.1/v1', 'not a url', 'http://user:pw@127.0.0.1/v1']) {
      const error = await callError(t.client.call('settings.update', { remoteChat: remoteSettings(server, { baseUrl }) }));
      expect(error.code).toBe('VALIDATION');
    }
  });
});

describe('models.testRemote', () => {
  let server: FakeOpenAiServer;
  let t: TestCore;
  beforeAll(async () => {
    server = await startFakeOpenAiServer({ models: ['fake-model', 'other-model'] });
    server.apiKey = API_KEY;
    t = await openTestCore();
  });
  afterAll(async () => {
    await t?.dispose();
    await server?.close();
  });

  it('lists the server models when the connection and the key are good', async () => {
    const result = await t.client.call('models.testRemote', { baseUrl: server.baseUrl, model: 'fake-model', apiKey: API_KEY });
    expect(result).toEqual({ ok: true, models: ['fake-model', 'other-model'] });
    // Only the model list was asked for: no text was sent.
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models']);
  });

  it('accepts the server root as well as its /v1 address', async () => {
    const root = server.baseUrl.replace(/\/v1$/, '');
    expect((await t.client.call('models.testRemote', { baseUrl: root, apiKey: API_KEY })).ok).toBe(true);
  });

  it('says what is wrong: bad key, unknown model, server down', async () => {
    const badKey = await t.client.call('models.testRemote', { baseUrl: server.baseUrl, apiKey: 'wrong' });
    expect(badKey.ok).toBe(false);
    expect(badKey.error?.code).toBe('REMOTE_ERROR');
    expect(badKey.error?.params?.status).toBe(401);
    expect(badKey.error?.message).toContain('Invalid API key');
    expect(badKey.error?.message).not.toContain('wrong');

    const missing = await t.client.call('models.testRemote', { baseUrl: server.baseUrl, model: 'llama-70b', apiKey: API_KEY });
    expect(missing.ok).toBe(false);
    expect(missing.error?.code).toBe('REMOTE_MODEL_MISSING');
    expect(missing.models).toEqual(['fake-model', 'other-model']);

    const down = await t.client.call('models.testRemote', { baseUrl: 'http://127.0.0.1:9/v1' });
    expect(down.ok).toBe(false);
    expect(down.error?.code).toBe('REMOTE_UNREACHABLE');
  });

  it('uses the saved key when the UI sends back the mask', async () => {
    await t.client.call('settings.update', { remoteChat: { enabled: true, baseUrl: server.baseUrl, model: 'fake-model', apiKey: API_KEY, label: '' } });
    const masked = (await t.client.call('settings.get', {})).remoteChat.apiKey;
    const result = await t.client.call('models.testRemote', { baseUrl: server.baseUrl, apiKey: masked });
    expect(result.ok).toBe(true);

    // Toward another address the mask stands for no key: the saved one is not handed to that server.
    const other = await startFakeOpenAiServer();
    try {
      server.requests.length = 0;
      expect((await t.client.call('models.testRemote', { baseUrl: other.baseUrl, apiKey: masked })).ok).toBe(true);
      expect(other.requests.map((r) => r.authorization)).toEqual([null]);
    } finally {
      await other.close();
    }
  });
});
