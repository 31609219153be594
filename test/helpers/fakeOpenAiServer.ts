/**
 * A small OpenAI-compatible server for the remote-model tests, on 127.0.0.1 and a free port. It
 * speaks the parts of the API Phare uses (`GET /v1/models`, `POST /v1/chat/completions` streamed as
 * server-sent events) and can misbehave on demand: an HTTP error, a connection closed mid-answer, a
 * stream that stalls until the client gives up, or silence. Every request is recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBehaviour =
  /** Streams `tokens` one chunk each, then a usage chunk and [DONE]. */
  | 'stream'
  /** Streams the first tokens, then waits until the client closes the connection. */
  | 'stall'
  /** 500 with an OpenAI-style error body. */
  | 'error500'
  /** Streams the first tokens, then destroys the socket. */
  | 'close'
  /** Accepts the request and never answers. */
  | 'silent'
  /** An older server: 400 when asked for stream_options, else streams without a usage chunk. */
  | 'noStreamOptions';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

export interface FakeOpenAiServer {
  /** `http://127.0.0.1:<port>/v1` */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  behaviour: FakeBehaviour;
  tokens: string[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey: string | null;
  readonly models: string[];
  /** Resolves when a client closed a stream before its end (a cancel reached the server). */
  clientClosed(): Promise<void>;
  close(): Promise<void>;
}

export const FAKE_TOKENS = ['The', ' lighthouse', ' answer', ' is', ' in', ' the', ' source', ' [1]', '.'];
const STALL_AFTER = 3;

export async function startFakeOpenAiServer(options: { models?: string[] } = {}): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  const models = options.models ?? ['fake-model'];
  const open = new Set<ServerResponse>();
  let closedWaiters: Array<() => void> = [];

  const state: FakeOpenAiServer = {
    baseUrl: '',
    requests,
    behaviour: 'stream',
    tokens: [...FAKE_TOKENS],
    apiKey: null,
    models,
    clientClosed: () => new Promise<void>((resolve) => closedWaiters.push(resolve)),
    close: async () => {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function chunk(res: ServerResponse, payload: unknown): void {
    res.write(`data: ${JSON.stringify(payload)}\n\n`);
  }
  const delta = (content: string, finish: string | null = null) => ({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    model: models[0],
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString('utf8')));
      req.on('end', () => resolve(data));
    });
    const path = (req.url ?? '').split('?')[0];
    requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization ?? null, body: raw ? JSON.parse(raw) : null });

    if (state.apiKey && req.headers.authorization !== `Bearer ${state.apiKey}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      // As some servers do, the refused key is quoted back.
      res.end(JSON.stringify({ error: { message: `Invalid API key: ${req.headers.authorization ?? 'none'}`, type: 'invalid_request_error' } }));
      return;
    }
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'fake' })) }));
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
      return;
    }

    switch (state.behaviour) {
      case 'error500':
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'model crashed on the server', type: 'server_error' } }));
        return;
      case 'silent':
        open.add(res);
        return;
      case 'noStreamOptions':
        if (raw.includes('stream_options')) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'Unrecognized request argument supplied: stream_options' } }));
          return;
        }
        break;
      default:
        break;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    open.add(res);
    res.on('close', () => {
      open.delete(res);
      if (!res.writableEnded) {
        const waiters = closedWaiters;
        closedWaiters = [];
        for (const resolve of waiters) resolve();
      }
    });
    res.write(': keep-alive comment\n\n');
    const tokens = state.tokens;
    for (const [i, token] of tokens.entries()) {
      if (res.destroyed) return;
      if (state.behaviour === 'stall' && i === STALL_AFTER) return; // hold the stream open, say nothing
      if (state.behaviour === 'close' && i === STALL_AFTER) {
        res.socket?.destroy();
        return;
      }
      chunk(res, delta(token));
      // Let each chunk go out as its own write, as a real server streaming tokens does.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    chunk(res, delta('', 'stop'));
    if (state.behaviour !== 'noStreamOptions') chunk(res, { id: 'chatcmpl-fake', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 321, completion_tokens: tokens.length, total_tokens: 321 + tokens.length } });
    res.write('data: [DONE]\n\n');
    res.end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (state as { baseUrl: string }).baseUrl = `http://127.0.0.1:${port}/v1`;
  return state;
}
