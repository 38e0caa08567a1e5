/**
 * `talkwatch start` on a PostgreSQL server (DATABASE_URL). Runs when TEST_DATABASE_URL names a server.
 */
import { createServer, Socket, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_DOWN } from '../../bots/health.ts';
import { cleanEnv, startTalkwatch, type Running } from '../support/cli.ts';
import { createScratchDatabase, serverUrl } from '../support/databases.ts';

/** A TCP proxy in front of the database that a test can cut and restore, to make the server unreachable. */
async function proxyTo(target: URL): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = new Socket();
        upstream.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
    restore: listen,
  };
}

describe.skipIf(!serverUrl)('talkwatch start on a PostgreSQL server', () => {
  let service: Running;
  let drop: () => Promise<void> = async () => {};

  afterAll(async () => {
    if (service?.child.exitCode === null) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
    await drop();
  });

  it('migrates, answers /healthz, reports 503 while the database is unreachable, and recovers', async () => {
    const scratch = await createScratchDatabase();
    drop = scratch.drop;
    const target = new URL(scratch.url);
    const proxy = await proxyTo(target);
    const viaProxy = new URL(scratch.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;

    service = startTalkwatch(['start'], cleanEnv({ DATABASE_URL: viaProxy.toString(), PORT: '0' }));
    const port = Number((await service.waitFor(/"port":(\d+)[^\n]*"msg":"talkwatch is running"/, 30_000))[1]);
    const url = `http://127.0.0.1:${port}/healthz`;
    let res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ database: 'ok', databaseKind: 'server' });

    await proxy.cut();
    res = await fetch(url);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 'degraded', database: 'unreachable', error: DATABASE_DOWN });
    // The driver's words (a refused or ended connection, an address) go to the log, not to whoever probes.
    expect(text).not.toMatch(/ECONN|terminat|Connection|127\.0\.0\.1|:\d{4,5}/i);
    expect((await fetch(url.replace('/healthz', '/readyz'))).status).toBe(503);

    await proxy.restore();
    res = await fetch(url);
    expect(res.status).toBe(200);
    expect((await fetch(url.replace('/healthz', '/readyz'))).status).toBe(200);
    expect(service.stderr()).toMatch(/"msg":"health check: the database did not answer"/);

    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  });
});
