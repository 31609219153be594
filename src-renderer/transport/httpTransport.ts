/**
 * Transport for the browser UI served by `phare serve`: calls are `POST /api/call/<method>` with the
 * input as JSON, files are streamed to `POST /api/upload`, events come over one WebSocket on the same origin. The socket reconnects with an
 * exponential backoff, because a server restart or a laptop sleep must not leave the UI deaf.
 *
 * Both are authenticated by the server's HttpOnly session cookie, which the page got from the one-time
 * link `phare serve` printed (or the sign-in form): the browser sends it with every same-origin request
 * and WebSocket upgrade, and no script (this one included) can read it. When the session ends (signed
 * out, expired, account removed), calls answer 401 and the page goes to the sign-in form.
 */
import type { MethodName } from '../../src-shared/contract';
import { httpProtocol } from '../../src-shared/preloadApi';
import type { ErrorCode } from '../../src-shared/errors';
import type { CallResult } from '../../src-shared/rpc';
import { uploadPrefix } from '../../src-shared/uploadFraming';
import type { AppTransport, ConnectionState } from './appTransport';

/**
 * Codes the renderer itself produces when the server cannot answer at all. They are not in src-shared's
 * table (no server ever sends them), so the UI translates them with its own strings; the cast below is
 * the one place where a code outside ErrorCode enters a CallResult.
 */
export const NETWORK_ERROR = 'NETWORK';
export const BAD_RESPONSE = 'BAD_RESPONSE';

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;

function isCallResult(value: unknown): value is CallResult {
  if (!value || typeof value !== 'object' || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && !!v.error && typeof v.error === 'object' && 'code' in v.error;
}

export interface HttpTransportOptions {
  /** Origin of the server; defaults to the page's own (the server serves the UI). */
  origin?: string;
  /** A call answered 401 (no session any more); defaults to opening the server's sign-in form, back here after. */
  onUnauthorized?: () => void;
}

/** The bridge's sign-in form (src-main/server/signInRoutes.ts), coming back to the current screen. */
function goToSignIn(): void {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
}

export function createHttpTransport(options: HttpTransportOptions = {}): AppTransport {
  const origin = options.origin ?? window.location.origin;
  const wsUrl = origin.replace(/^http/, 'ws') + httpProtocol.eventsPath;
  const onUnauthorized = options.onUnauthorized ?? goToSignIn;
  let signInRequested = false;

  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'disconnected';
  let socket: WebSocket | null = null;
  let backoff = MIN_BACKOFF_MS;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const l of connectionListeners) l(state);
  };

  const scheduleReconnect = () => {
    if (retryTimer || eventListeners.size === 0) return;
    setState('disconnected');
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  };

  const connect = () => {
    if (socket) return;
    setState('connecting');
    const ws = new WebSocket(wsUrl);
    socket = ws;
    ws.onopen = () => {
      backoff = MIN_BACKOFF_MS;
      setState('connected');
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return; // Not ours to interpret; the client validates payloads anyway.
      }
      if (!parsed || typeof parsed !== 'object' || typeof (parsed as { event?: unknown }).event !== 'string') return;
      const { event, payload } = parsed as { event: string; payload: unknown };
      for (const l of eventListeners) l(event, payload);
    };
    // onerror is always followed by onclose, so reconnection lives in one place.
    ws.onclose = () => {
      if (socket === ws) socket = null;
      scheduleReconnect();
    };
  };

  /** A POST to the bridge, its answer read as a CallResult (calls and uploads alike). */
  async function post(path: string, contentType: string, body: BodyInit): Promise<CallResult> {
    let response: Response;
    try {
      response = await fetch(origin + path, {
        method: 'POST',
        // The session cookie goes with same-origin requests; the header proves the call comes from our page.
        credentials: 'same-origin',
        headers: { 'content-type': contentType, [httpProtocol.clientHeader]: '1' },
        body,
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: NETWORK_ERROR as ErrorCode, message: `Server unreachable: ${detail}`, params: { detail } } };
    }
    return readResult(response);
  }

  async function readResult(response: Response): Promise<CallResult> {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    // Once, however many calls were in flight: the UI polls, and each poll would navigate again.
    if (response.status === 401 && !signInRequested) {
      signInRequested = true;
      onUnauthorized();
    }
    if (isCallResult(body)) return body;
    const detail = `HTTP ${response.status}`;
    return { ok: false, error: { code: BAD_RESPONSE as ErrorCode, message: `Unexpected server response (${detail})`, params: { detail } } };
  }

  return {
    kind: 'http',
    call(method: MethodName, input: unknown): Promise<CallResult> {
      return post(httpProtocol.callPath(method), 'application/json', JSON.stringify(input ?? {}));
    },
    uploadFiles(files, input) {
      // A Blob of the Files is read from disk as it is sent: the page never holds their bytes.
      const manifest = { files: files.map((f) => ({ name: f.name, size: f.size })), ...input };
      return post(httpProtocol.uploadPath, 'application/octet-stream', new Blob([uploadPrefix(manifest), ...files]));
    },
    subscribe(listener) {
      eventListeners.add(listener);
      connect();
      return () => {
        eventListeners.delete(listener);
        if (eventListeners.size === 0) {
          if (retryTimer) clearTimeout(retryTimer);
          retryTimer = null;
          socket?.close();
          socket = null;
          setState('disconnected');
        }
      };
    },
    pathForFile: () => '',
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}
