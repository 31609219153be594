/**
 * A Node client of the HTTP bridge, speaking the same wire protocol as the renderer's browser
 * transport: POST with the client header for calls, the events WebSocket for events; authenticated
 * like a script, with the data folder's API token as a bearer header.
 */
import { WebSocket } from 'ws';
import { httpProtocol } from '../../../src-shared/preloadApi';
import type { CallResult, ContractTransport } from '../../../src-shared/rpc';

export interface HttpTestTransport extends ContractTransport {
  /** Resolves once the events socket is open (events sent before are not seen). */
  ready: Promise<void>;
  close(): void;
}

export function createHttpTestTransport(baseUrl: string, token: string): HttpTestTransport {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const ws = new WebSocket(new URL(httpProtocol.eventsPath, baseUrl.replace(/^http/, 'ws')), { headers: { authorization: `Bearer ${token}` } });
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { event: string; payload: unknown };
    for (const listener of listeners) listener(frame.event, frame.payload);
  });
  const ready = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ready,
    async call(method, input) {
      return sendRaw(baseUrl, method, JSON.stringify(input ?? {}), token);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      ws.close();
    },
  };
}

/** Posts a raw body to a method; for tests that send what no typed client would. */
export async function sendRaw(baseUrl: string, method: string, body: string, token: string): Promise<CallResult> {
  const res = await fetch(new URL(httpProtocol.callPath(method), baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [httpProtocol.clientHeader]: 'test', authorization: `Bearer ${token}` },
    body,
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as CallResult;
}
