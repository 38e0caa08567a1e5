/** The service's one HTTP port: health, the local CLI bridge, and whatever front ends mount (Slack events). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from '../core/ports.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is already in use`);
    this.name = 'PortInUseError';
  }
}

export class HttpServer {
  private readonly routes = new Map<string, Handler>();
  private readonly prefixes: Array<[string, Handler]> = [];
  readonly server: Server;

  constructor(private readonly onError: (error: unknown) => void) {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    // Slash commands need quick answers; a client that never finishes its request must not hold a socket long.
    this.server.requestTimeout = 30_000;
    this.server.headersTimeout = 10_000;
  }

  route(method: string, path: string, handler: Handler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** Every method under a path prefix, e.g. a front end's receiver (which is given node's request and response). */
  mount(prefix: string, listener: RequestListener): void {
    this.prefixes.push([prefix, listener as Handler]);
  }

  async listen(port: number, host?: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
      this.server.once('error', fail);
      this.server.listen(port, host, () => {
        this.server.off('error', fail);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(graceMs = 3_000): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const timer = setTimeout(() => this.server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(timer);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const handler = this.routes.get(`${req.method} ${path}`) ?? this.prefixes.find(([p]) => path.startsWith(p))?.[1];
    try {
      if (handler) await handler(req, res);
      else sendJson(res, 404, { error: 'not found' });
    } catch (error) {
      this.onError(error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
