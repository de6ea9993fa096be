// The operations endpoint: GET /healthz (JSON, 503 when unhealthy) and GET /metrics
// (Prometheus text). Plain node:http, no framework: two routes do not need one. It binds to
// 127.0.0.1 by default because neither endpoint has authentication.
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import type { HealthReport } from './health.js';

export interface HttpEndpoints {
  health(): HealthReport;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface HttpServer {
  /** The port actually bound (differs from the requested one only for port 0). */
  port: number;
  close(): Promise<void>;
}

type Route = (res: ServerResponse) => Promise<void> | void;

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers }).end(body);
}

function routes(endpoints: HttpEndpoints): Record<string, Route> {
  return {
    '/healthz': (res) => {
      const report = endpoints.health();
      send(res, report.ok ? 200 : 503, 'application/json; charset=utf-8', `${JSON.stringify(report)}\n`);
    },
    '/metrics': async (res) => {
      const { contentType, body } = await endpoints.metrics();
      send(res, 200, contentType, body);
    },
  };
}

async function handle(
  table: Record<string, Route>,
  req: IncomingMessage,
  res: ServerResponse,
  log: Logger,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const route = Object.hasOwn(table, path) ? table[path] : undefined;
  if (!route) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  if (req.method !== 'GET')
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { allow: 'GET' });
  try {
    await route(res);
  } catch (err) {
    log.error({ err, path }, 'operations endpoint failed');
    if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
    else res.destroy();
  }
}

/** Listens on host:port; rejects with the listen error (EADDRINUSE, EACCES …) instead of crashing. */
export async function startHttpServer(
  opts: { host: string; port: number; log: Logger },
  endpoints: HttpEndpoints,
): Promise<HttpServer> {
  const table = routes(endpoints);
  const server = http.createServer((req, res) => void handle(table, req, res, opts.log));
  // A scraper that stalls must not hold a socket forever.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.listen(opts.port, opts.host);
  await once(server, 'listening'); // rejects on 'error' while waiting
  // Later errors (EMFILE on accept …) are logged; an unhandled 'error' would end the process.
  server.on('error', (err) => opts.log.error({ err }, 'operations endpoint error'));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
