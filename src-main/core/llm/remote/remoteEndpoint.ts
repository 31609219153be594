/**
 * Talking to an OpenAI-compatible server (Ollama, vLLM, llama.cpp's server, LM Studio): its URLs,
 * and every way a request can fail turned into one of our bilingual errors. The API key goes in a
 * header and nowhere else: it is never part of an error, a URL or a log line.
 */
import { PhareError } from '../../../../src-shared/errors';

export interface RemoteEndpoint {
  baseUrl: string;
  apiKey: string | null;
}

/** Users paste either the server's root or its `/v1` address; both reach `/v1/<path>`. */
export function endpointUrl(baseUrl: string, path: 'chat/completions' | 'models'): string {
  const url = new URL(baseUrl);
  const base = url.pathname.replace(/\/+$/, '');
  url.pathname = `${/\/v1$/.test(base) ? base : `${base}/v1`}/${path}`;
  url.hash = '';
  return url.toString();
}

/** The server as shown in messages: scheme, host, port and path; never a query string (it may hold a token). */
export function displayUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid URL)';
  }
}

export function requestHeaders(endpoint: RemoteEndpoint, accept: string): Record<string, string> {
  const headers: Record<string, string> = { accept, 'content-type': 'application/json' };
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  return headers;
}

/**
 * A deadline that can be pushed back: armed before the request, re-armed on every chunk received,
 * so a slow but steady stream never times out while a silent server does.
 */
export class IdleDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly ms: number) {
    this.touch();
  }
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  get expired(): boolean {
    return this.controller.signal.aborted;
  }
  touch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(), this.ms);
  }
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

const NETWORK_DETAILS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'the server closed the connection',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

function causeCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in NETWORK_DETAILS) return code;
    // Node groups the attempts on each address of a name (IPv4 and IPv6) in an AggregateError.
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const inner of errors) {
      const found = causeCode(inner);
      if (found) return found;
    }
  }
  return null;
}

/** A fetch or body-read failure that is not ours (not an abort): the server could not be reached or vanished. */
export function networkError(error: unknown, url: string, midStream: boolean): PhareError {
  if (error instanceof PhareError) return error;
  const code = causeCode(error);
  let detail = code ? NETWORK_DETAILS[code] : error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  if (midStream) detail = `the connection closed before the answer was complete (${detail})`;
  return new PhareError('REMOTE_UNREACHABLE', { url, detail }, { cause: error });
}

export function timeoutError(url: string, ms: number): PhareError {
  return new PhareError('REMOTE_TIMEOUT', { url, seconds: Math.round(ms / 100) / 10 });
}

const MAX_ERROR_DETAIL = 300;

/**
 * An HTTP error status, with the server's own message when it sent one (OpenAI's `{error: {message}}`
 * or plain text). Some servers quote the key they refused: it is blanked out of the message.
 */
export async function httpError(response: Response, url: string, apiKey: string | null): Promise<PhareError> {
  let detail = response.statusText || 'no details';
  try {
    const text = (await response.text()).trim();
    if (text) detail = messageFromBody(text);
  } catch {
    // the body could not be read: the status says enough
  }
  if (apiKey) detail = detail.split(apiKey).join('***');
  return new PhareError('REMOTE_ERROR', { url, status: response.status, detail: clip(detail) });
}

export function messageFromBody(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const error = (parsed as { error?: unknown; message?: unknown }).error ?? (parsed as { message?: unknown }).message;
      if (typeof error === 'string') return error;
      if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
    }
  } catch {
    // not JSON
  }
  return text;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_ERROR_DETAIL ? `${flat.slice(0, MAX_ERROR_DETAIL)}…` : flat;
}
