/**
 * A feed server on 127.0.0.1 for tests: static feeds with a Content-Type and an ETag (answering 304 to a matching
 * If-None-Match), or any handler. It counts requests per path and bytes written per path.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, server: FeedServer) => void;

export interface StaticFeed {
  body: Buffer | string;
  contentType: string;
  /** default true */
  etag?: boolean;
  headers?: Record<string, string>;
}

export class FeedServer {
  readonly requests = new Map<string, number>();
  readonly bytesWritten = new Map<string, number>();
  private readonly routes = new Map<string, StaticFeed | Handler>();
  private readonly sockets = new Set<Socket>();
  private readonly waiting = new Map<string, Array<() => void>>();
  private server: Server | null = null;
  port = 0;
  /** when false, ETags are neither sent nor honoured: every request gets the full body */
  etags = true;

  route(path: string, route: StaticFeed | Handler): this {
    this.routes.set(path, route);
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  hits(path: string): number {
    return this.requests.get(path) ?? 0;
  }

  /** Call `then` at the next request for path: a test waits for the fetch itself, not for a time. */
  once(path: string, then: () => void): void {
    this.waiting.set(path, [...(this.waiting.get(path) ?? []), then]);
  }

  count(path: string, bytes: number): void {
    this.bytesWritten.set(path, (this.bytesWritten.get(path) ?? 0) + bytes);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    this.requests.set(path, this.hits(path) + 1);
    const waiting = this.waiting.get(path) ?? [];
    this.waiting.delete(path);
    for (const then of waiting) then();
    const route = this.routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') return route(req, res, this);
    const body = typeof route.body === 'string' ? Buffer.from(route.body) : route.body;
    const headers: Record<string, string> = { 'content-type': route.contentType, ...route.headers };
    if (this.etags && route.etag !== false) {
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
      headers.etag = etag;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
    }
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers).end(body);
    this.count(path, body.length);
  }
}

/** What the site a feed file came from would plausibly send. */
const CONTENT_TYPES: Record<string, string> = {
  'uolNoticias.rss': 'text/xml; charset=iso-8859-1',
  'unrecognized.rss': 'text/html',
  'encoding.rss': 'text/xml',
  'guardian.rss': 'text/xml; charset=UTF-8',
  'reddit.rss': 'application/rss+xml; charset=UTF-8',
  'reddit-atom.rss': 'application/atom+xml; charset=UTF-8',
  'reddit-home.rss': 'application/rss+xml; charset=UTF-8',
  'heise.atom': 'application/atom+xml; charset=utf-8',
  'craigslist.rss': 'application/rdf+xml',
  'rss-1.rss': 'application/rdf+xml',
  'xml2js-options.rss': 'application/rdf+xml',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[file] ?? (file.endsWith('.atom') ? 'application/atom+xml' : 'application/rss+xml');
}
