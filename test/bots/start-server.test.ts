/**
 * `talkwatch start` on a PostgreSQL server (DATABASE_URL). Runs when TEST_DATABASE_URL names a server.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { DATABASE_DOWN } from '../../bots/health.ts';
import { cleanEnv, SLOW, startTalkwatch, until, type Running } from '../support/cli.ts';
import { proxyTo } from '../support/tcp-proxy.ts';
import { createScratchDatabase, serverUrl } from '../support/databases.ts';
import { openServer } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { createStore } from '../../db/store.ts';
import type { Reply } from '../../core/reply.ts';

/** The messages a console channel printed, by channel. */
function printed(output: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of output.matchAll(/── #(fault-\d+) · alert ──/g)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  return counts;
}

async function healthStatus(url: string): Promise<number> {
  return (await fetch(url)).status;
}

// The machine's PostgreSQL server is shared, so it is never restarted here: a TCP proxy in front of a scratch
// database is cut and restored (every connection dropped, new ones refused), and backends are terminated.
describe.skipIf(!serverUrl)('talkwatch start on a PostgreSQL server', SLOW, () => {
  let service: Running;
  let drop: () => Promise<void> = async () => {};

  afterAll(async () => {
    if (service?.child.exitCode === null) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
    await drop();
  });

  it('loses the database mid-run: says so once, answers 503, recovers by itself, and sends every message once', async () => {
    const scratch = await createScratchDatabase();
    drop = scratch.drop;
    // 80 console messages falling due over 16 s, so deliveries are under way when the database goes away
    const seed = await openServer(scratch.url);
    await migrate(seed);
    const store = createStore(seed.db);
    const start = Date.now();
    for (let i = 0; i < 80; i++) {
      const at = new Date(start + i * 200);
      const payload: Reply = { kind: 'alert', tone: 'stall', title: `message ${i}`, blocks: [] };
      await store.enqueue({ key: `alert:fault:${i}`, subscriptionId: null, platform: 'console', channelId: `fault-${i}`, tenant: 'console', kind: 'alert', payload, at });
    }
    await seed.close();

    const proxy = await proxyTo(new URL(scratch.url));
    const viaProxy = new URL(scratch.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    service = startTalkwatch(['start'], cleanEnv({ DATABASE_URL: viaProxy.toString(), PORT: '0' }));
    const port = Number((await service.waitFor(/"port":(\d+)[^\n]*"msg":"talkwatch is running"/))[1]);
    const url = `http://127.0.0.1:${port}/healthz`;
    let res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ database: 'ok', databaseKind: 'server', delivery: { status: 'ok' } });

    await service.waitFor(/── #fault-\d+ · alert ──/);
    await proxy.cut();
    const before = printed(service.stdout()).size;
    res = await fetch(url);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 'degraded', database: 'unreachable', error: DATABASE_DOWN });
    // The driver's words (a refused or ended connection, an address) go to the log, not to whoever probes.
    expect(text).not.toMatch(/ECONN|terminat|Connection|127\.0\.0\.1|:\d{4,5}/i);
    expect((await fetch(url.replace('/healthz', '/readyz'))).status).toBe(503);
    await service.waitFor(/"msg":"database unreachable; work waits for it/);

    await proxy.restore();
    // It comes back by itself: no restart, just the next ping.
    await until(async () => (await healthStatus(url).catch(() => 0)) === 200);
    await service.waitFor(/"msg":"database reachable again"/);
    expect((await fetch(url.replace('/healthz', '/readyz'))).status).toBe(200);

    // Connections killed from the server's side are replaced too.
    const admin = new pg.Client({ connectionString: serverUrl! });
    await admin.connect();
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [new URL(scratch.url).pathname.slice(1)]);
    await admin.end();

    const metrics = `http://127.0.0.1:${port}/metrics`;
    await until(async () => /talkwatch_deliveries\{status="sent"\} 80\n/.test(await (await fetch(metrics)).text()), 500);
    const counts = printed(service.stdout());
    expect(before).toBeLessThan(80);
    expect([...counts.keys()].sort()).toEqual(Array.from({ length: 80 }, (_, i) => `fault-${i}`).sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // said once per outage, not once per failing tick or request
    expect(service.stderr().match(/database unreachable; work waits/g)).toHaveLength(1);

    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  });
});
