// A real HTTP server on 127.0.0.1 for feed tests. Routes are plain functions of (req, res).
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { SourceDeps } from '../../src/feeds/kev.js';
import type { Db } from '../../src/store/db.js';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface FeedServer {
  url(path: string): string;
  /** Requests seen, in order, with their headers. */
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders }>;
  route(path: string, handler: Route): void;
  close(): Promise<void>;
}

export async function startFeedServer(routes: Record<string, Route> = {}): Promise<FeedServer> {
  const table = new Map(Object.entries(routes));
  const requests: FeedServer['requests'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path, headers: req.headers });
    const handler = table.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    route: (path, handler) => void table.set(path, handler),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Serves a fixed body with optional headers and status. */
export function staticRoute(body: string | Buffer, headers: Record<string, string> = {}, status = 200): Route {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers });
    res.end(body);
  };
}

/** Answers 304 when the client presents the ETag, like a well-behaved feed host. */
export function etagRoute(body: string, etag: string): Route {
  return (req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(body);
  };
}

/** Sends one byte every `intervalMs` forever (until the client gives up). */
export function trickleRoute(intervalMs = 1000): Route {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const timer = setInterval(() => res.write('<'), intervalMs);
    req.socket.on('close', () => clearInterval(timer));
  };
}

/** Accepts the connection and never answers. */
export function silentRoute(): Route {
  return () => undefined;
}

/** Dependencies of a data-source refresh (KEV, EPSS) pointed at a loopback URL. */
export function loopbackSource(db: Db, url: string, maxBytes = 5_000_000): SourceDeps {
  return { db, clock: Date.now, log: pino({ level: 'silent' }), url, fetch: { timeoutMs: 5_000, maxBytes } };
}
