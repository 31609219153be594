/**
 * The event half of the HTTP bridge: a WebSocket at `httpProtocol.eventsPath` that pushes every core
 * event to every connected client as `{event, payload}` JSON. Clients only listen; anything they send
 * is ignored. The bridge decides who may connect (`admit`: a credential, our own origin); a connection
 * whose credential stops holding (signed out, account removed, password changed) is closed within a minute.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { httpProtocol } from '../../src-shared/preloadApi';
import type { EventBus } from '../core/eventBus';

/** A client that stops reading must not make the server buffer without end. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** How often open sockets have their credential checked again. */
const RECHECK_MS = 30_000;

/** The bridge's answer to an upgrade: a refusal's status line, or how to tell later that it still holds. */
export type SocketAdmission = { allowed: true; stillValid: () => boolean } | { allowed: false; status: string };

export interface EventSocket {
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachEventSocket(server: Server, events: Pick<EventBus, 'onAny'>, admit: (req: IncomingMessage) => SocketAdmission): EventSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const credentials = new WeakMap<WebSocket, () => boolean>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== httpProtocol.eventsPath) return refuse(socket, '404 Not Found');
    const admission = admit(req);
    if (!admission.allowed) return refuse(socket, admission.status);
    wss.handleUpgrade(req, socket, head, (ws) => {
      credentials.set(ws, admission.stillValid);
      wss.emit('connection', ws, req);
    });
  });

  const recheck = setInterval(() => {
    for (const client of wss.clients) if (!(credentials.get(client)?.() ?? false)) client.close(4401, 'signed out');
  }, RECHECK_MS);
  recheck.unref();

  wss.on('connection', (ws) => {
    // Clients have nothing to say on this channel; errors on one socket concern only that socket.
    ws.on('error', () => ws.terminate());
  });

  const unsubscribe = events.onAny((event, payload) => {
    if (wss.clients.size === 0) return;
    const frame = JSON.stringify({ event, payload });
    for (const client of wss.clients) {
      if (client.readyState !== WebSocket.OPEN) continue;
      if (client.bufferedAmount > MAX_BUFFERED_BYTES) {
        client.terminate();
        continue;
      }
      client.send(frame);
    }
  });

  return {
    close() {
      clearInterval(recheck);
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
