/**
 * `talkwatch start` on a PostgreSQL server (DATABASE_URL). Runs when TEST_DATABASE_URL names a server.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_DOWN } from '../../bots/health.ts';
import { cleanEnv, startTalkwatch, type Running } from '../support/cli.ts';
import { createScratchDatabase, serverUrl } from '../support/databases.ts';
import { proxyTo } from '../support/tcp-proxy.ts';

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
