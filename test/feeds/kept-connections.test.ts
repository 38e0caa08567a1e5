/**
 * Connections kept between fetches: a host's next feed comes over the same connection; a kept connection that the
 * server closed as it was used again costs a new connection, not a failed poll; and the address guard judges a
 * kept connection at every use, under the policy of that fetch.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, keptConnections, type FetchContext } from '../../feeds/http.ts';

const FEED = '<rss version="2.0"><channel><title>Kept</title></channel></rss>';

describe('kept connections', () => {
  let server: Server;
  let base = '';
  const connections = keptConnections();
  const sockets = new Set<Socket>();
  /** requests per connection, in the order the connections came */
  const perConnection = new Map<Socket, number>();
  let dropNextReused = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const n = (perConnection.get(req.socket) ?? 0) + 1;
      perConnection.set(req.socket, n);
      // the server closes a kept connection just as the request on it arrives, without answering
      if (dropNextReused && n > 1) {
        dropNextReused = false;
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    connections.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const ctx: FetchContext = { policy: { allowPrivate: true }, userAgent: 'talkwatch/test', connections };

  it('fetches a host\'s next feed over the connection the last one used', async () => {
    perConnection.clear();
    for (const path of ['/a', '/b', '/c']) expect((await fetchFeed({ url: base + path }, ctx)).kind).toBe('ok');
    expect([...perConnection.values()]).toEqual([3]);
  });

  it('fetches again on a new connection when the server closed the kept one as it was used', async () => {
    perConnection.clear();
    await fetchFeed({ url: `${base}/first` }, ctx);
    dropNextReused = true;
    const result = await fetchFeed({ url: `${base}/second` }, ctx);
    expect(result.kind).toBe('ok');
    expect(dropNextReused).toBe(false);
    // the first connection carried two requests (the second one cut off), a new one the answer
    expect([...perConnection.values()]).toEqual([2, 1]);
  });

  it('refuses a kept connection to an address the fetch\'s own policy does not allow', async () => {
    // a name for the loopback server: the first fetch's policy lets its address through, the second's does not
    let lookups = 0;
    const resolver = async () => (lookups++, [{ address: '127.0.0.1', family: 4 }]);
    const named = base.replace('127.0.0.1', 'feeds.test');
    const allowed: FetchContext = { ...ctx, resolver, policy: { allowPrivate: false, exempt: () => true } };
    perConnection.clear();
    await fetchFeed({ url: `${named}/open` }, allowed);
    await expect(fetchFeed({ url: `${named}/closed` }, { ...allowed, policy: { allowPrivate: false } })).rejects.toThrow(/^refused to fetch feeds\.test: the name points inside the network/);
    // the second fetch was handed the kept connection (the name was not looked up again), judged it, and sent nothing
    expect(lookups).toBe(1);
    expect([...perConnection.values()]).toEqual([1]);
  });
});
