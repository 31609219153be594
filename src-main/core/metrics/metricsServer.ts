/**
 * The optional metrics port: `GET /metrics` (Prometheus text, or OpenMetrics when asked), `GET /health`
 * (the health report; 503 when failing) and `GET /status` (version, models, library size, last run),
 * on 127.0.0.1 only, read-only. A port in use is reported (the app runs on without it).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatFor, type ExpositionFormat } from './exposition';

export interface MetricsServerHandlers {
  metrics(format: ExpositionFormat): Promise<{ contentType: string; text: string }>;
  health(): Promise<{ state: string }>;
  status(): Promise<unknown>;
}

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(port: number, handlers: MetricsServerHandlers): Promise<MetricsServer> {
  let allowedHosts = new Set<string>();
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, contentType: string, body: string) => {
      response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'read-only\n');
    // A web page that rebinds its own name to 127.0.0.1 would send its name: the figures are for local scrapers only.
    if (!allowedHosts.has((request.headers.host ?? '').toLowerCase())) return send(403, 'text/plain; charset=utf-8', 'forbidden host\n');
    const json = (status: number, value: unknown) => send(status, 'application/json; charset=utf-8', JSON.stringify(value, null, 2) + '\n');
    void (async () => {
      try {
        if (path === '/metrics') {
          const out = await handlers.metrics(formatFor(request.headers.accept));
          return send(200, out.contentType, out.text);
        }
        if (path === '/health') {
          const report = await handlers.health();
          return json(report.state === 'failing' ? 503 : 200, report);
        }
        if (path === '/status') return json(200, await handlers.status());
        if (path === '/') return send(200, 'text/plain; charset=utf-8', 'Phare metrics: /metrics /health /status\n');
        return send(404, 'text/plain; charset=utf-8', 'not found\n');
      } catch (error) {
        send(500, 'text/plain; charset=utf-8', `error: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: the figures say what the user works on; a team that wants them elsewhere proxies them.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${address.port}`, `localhost:${address.port}`]);
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

