/**
 * The event half of the HTTP bridge: a WebSocket at `httpProtocol.eventsPath` that pushes every core
 * event to every connected client as `{event, payload}` JSON. Clients only listen; anything they send
 * is ignored. Upgrades from another origin (a web page the user happens to visit) are refused.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { httpProtocol } from '../../src-shared/preloadApi';
import type { EventBus } from '../core/eventBus';
import { isAllowedHost, isAllowedOrigin } from './requestGuards';

/** A client that stops reading must not make the server buffer without end. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface EventSocket {
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachEventSocket(server: Server, events: Pick<EventBus, 'onAny'>, getPort: () => number): EventSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const port = getPort();
    const path = (req.url ?? '').split('?')[0];
    if (path !== httpProtocol.eventsPath) return refuse(socket, '404 Not Found');
    if (!isAllowedHost(req.headers.host, port) || !isAllowedOrigin(req.headers.origin, port)) {
      return refuse(socket, '403 Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

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
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
