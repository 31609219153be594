import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHttpTransport } from './httpTransport';

/** A stand-in for the browser's WebSocket: records instances so tests can open, message and drop them. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.();
  }
  drop() {
    this.onclose?.();
  }
  send(data: unknown) {
    this.onmessage?.({ data });
  }
}

const origin = 'http://127.0.0.1:4000';

describe('HTTP transport', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('posts the input as JSON with the client header and returns the CallResult', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: { removed: true } }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const t = createHttpTransport({ origin });
    await expect(t.call('library.remove', { id: 'a/b' })).resolves.toEqual({ ok: true, value: { removed: true } });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`${origin}/api/call/library.remove`);
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['x-phare-client']).toBe('1');
    expect(JSON.parse(String(init.body))).toEqual({ id: 'a/b' });
  });

  it('passes contract errors through and turns transport failures into error values', async () => {
    const error = { code: 'NOT_FOUND', message: 'Not found: x', params: { what: 'x' } };
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ ok: false, error }), { status: 200 })));
    await expect(createHttpTransport({ origin }).call('library.get', { id: 'x' })).resolves.toEqual({ ok: false, error });

    vi.stubGlobal('fetch', vi.fn(async () => new Response('Forbidden', { status: 403 })));
    const refused = await createHttpTransport({ origin }).call('library.get', { id: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE', params: { detail: 'HTTP 403' } } });

    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const down = await createHttpTransport({ origin }).call('library.get', { id: 'x' });
    expect(down).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });

  it('sends the session cookie (same-origin credentials) and goes to sign in once when the session has ended', async () => {
    const unauthorized = { ok: false, error: { code: 'UNAUTHORIZED', message: 'Sign-in required', params: {} } };
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(unauthorized), { status: 401 }));
    vi.stubGlobal('fetch', fetchMock);
    const onUnauthorized = vi.fn();
    const t = createHttpTransport({ origin, onUnauthorized });
    await expect(t.call('library.list', {})).resolves.toEqual(unauthorized);
    await t.call('jobs.list', {});
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.credentials).toBe('same-origin');
  });

  it('delivers events from the socket and ignores frames that are not events', () => {
    const t = createHttpTransport({ origin });
    const seen: unknown[] = [];
    t.subscribe((event, payload) => seen.push([event, payload]));
    const ws = FakeSocket.instances[0];
    expect(ws.url).toBe('ws://127.0.0.1:4000/api/events');
    ws.open();
    ws.send('not json');
    ws.send(JSON.stringify({ nope: 1 }));
    ws.send(JSON.stringify({ event: 'chat.token', payload: { requestId: 'r', delta: 'Hi' } }));
    expect(seen).toEqual([['chat.token', { requestId: 'r', delta: 'Hi' }]]);
  });

  it('reconnects with a growing backoff and reports the link state', () => {
    vi.useFakeTimers();
    const t = createHttpTransport({ origin });
    const states: string[] = [];
    t.onConnection((s) => states.push(s));
    t.subscribe(() => {});
    FakeSocket.instances[0].open();
    FakeSocket.instances[0].drop();
    expect(states).toEqual(['disconnected', 'connecting', 'connected', 'disconnected']);

    vi.advanceTimersByTime(499);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.instances[1].drop(); // failed again: the next wait is longer
    vi.advanceTimersByTime(999);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(3);
    FakeSocket.instances[2].open();
    expect(states.at(-1)).toBe('connected');
  });

  it('closes the socket when the last listener leaves', () => {
    const t = createHttpTransport({ origin });
    const off = t.subscribe(() => {});
    off();
    expect(FakeSocket.instances[0].closed).toBe(true);
  });
});
