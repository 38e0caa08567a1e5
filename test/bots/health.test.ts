/**
 * /healthz, /readyz and /metrics answer in fixed words: a driver's error goes to the log, never to the caller;
 * and /metrics reads the database at most every 15 seconds however often it is scraped.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_DOWN, DatabaseWatch, Health } from '../../bots/health.ts';
import { HttpServer } from '../../bots/http.ts';
import { createLogger } from '../../bots/logger.ts';
import { Metrics } from '../../bots/metrics.ts';
import type { Database, Db } from '../../db/connect.ts';
import { deliveries, feeds, tenantFeeds } from '../../db/schema.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';

const driverError = 'connect ECONNREFUSED 10.20.30.40:5432 (postgres://tw:hunter2-password@10.20.30.40/tw): select 1 from "feeds"';

function failing(): Database {
  return {
    db: {} as Db,
    kind: 'server',
    where: 'postgres://tw@10.20.30.40/tw',
    ping: async () => Promise.reject(Object.assign(new Error(driverError), { code: 'ECONNREFUSED' })),
    close: async () => {},
  };
}

describe('health endpoints', () => {
  const logs: string[] = [];
  const log = createLogger(
    'info',
    new Writable({
      write(chunk, _e, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const health = new Health(log, new DatabaseWatch(log));
  const http = new HttpServer(() => {});
  let base = '';
  beforeAll(async () => {
    http.route('GET', '/healthz', (_req, res) => health.liveness(res));
    http.route('GET', '/readyz', (_req, res) => health.readiness(res));
    base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  });
  afterAll(() => http.close());

  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, text: await res.text() };
  };

  it('say starting before the database is open, and ready only once everything serves', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 503, text: expect.stringContaining('"status":"starting"') });
    health.opened({ ...failing(), ping: async () => {} });
    expect((await get('/healthz')).status).toBe(200);
    expect(await get('/readyz')).toMatchObject({ status: 503, text: expect.stringContaining('"status":"starting"') });
    health.serving();
    expect(await get('/readyz')).toMatchObject({ status: 200, text: expect.stringContaining('"status":"ready"') });
  });

  it('never return the driver\'s error, and log it once while it lasts', async () => {
    health.opened(failing());
    for (const path of ['/healthz', '/readyz', '/healthz']) {
      const { status, text } = await get(path);
      expect(status).toBe(503);
      expect(JSON.parse(text)).toMatchObject({ status: 'degraded', error: DATABASE_DOWN });
      expect(text).not.toMatch(/ECONNREFUSED|10\.20\.30\.40|hunter2|select/);
    }
    const logged = logs.filter((l) => l.includes('database unreachable; work waits'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('ECONNREFUSED');
    expect(logged[0]).not.toContain('hunter2');
  });

  it('log the database\'s return, and say stopping once the service drains', async () => {
    health.opened({ ...failing(), ping: async () => {} });
    expect((await get('/readyz')).status).toBe(200);
    expect(logs.filter((l) => l.includes('database reachable again'))).toHaveLength(1);
    health.draining();
    expect(await get('/readyz')).toMatchObject({ status: 503, text: expect.stringContaining('"status":"stopping"') });
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('metrics', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openPglite();
  });
  afterAll(() => database?.dispose());

  it('read the database gauges at most every 15 s, and scrapes that arrive together share one read', async () => {
    let now = 1_000_000;
    let reads = 0;
    const db = database.db;
    const counting = new Proxy(db, {
      get: (target, key) => (key === 'execute' ? (...args: Parameters<Db['execute']>) => (reads++, target.execute(...args)) : Reflect.get(target, key)),
    });
    const metrics = new Metrics(counting, { now: () => now, processMetrics: false });
    const active = (text: string) => Number(/^talkwatch_feeds\{status="active"\} (\d+)$/m.exec(text)?.[1] ?? 0);

    expect(active(await metrics.render(1))).toBe(0);
    const [feed] = await db.insert(feeds).values({ url: 'https://feeds.example/1' }).returning();
    await db.insert(tenantFeeds).values({ tenant: 'shared', feedId: feed!.id, topic: 'iran-us' });
    now += 14_000;
    const together = await Promise.all([metrics.render(15), metrics.render(15), metrics.render(15)]);
    expect(together.map(active)).toEqual([0, 0, 0]);
    expect(together[0]).toContain('talkwatch_uptime_seconds 15');
    expect(reads).toBe(1);
    now += 1_000;
    expect(active(await metrics.render(16))).toBe(1);
    expect(reads).toBe(2);
  });

  it('show the outbox depth, the ages of the oldest pending message and the last good poll, and what this process did', async () => {
    const appNow = Date.parse('2026-11-21T12:00:00Z');
    await database.db.insert(deliveries).values([
      { key: 'm-1', platform: 'slack', channelId: 'C1', tenant: 'slack:T1', kind: 'digest', payload: {}, createdAt: new Date(appNow - 120_000) },
      { key: 'm-2', platform: 'slack', channelId: 'C1', tenant: 'slack:T1', kind: 'digest', payload: {}, createdAt: new Date(appNow - 60_000) },
    ]);
    await database.db.update(feeds).set({ lastSuccessAt: new Date(appNow - 30_000) });
    const metrics = new Metrics(database.db, { appNow: () => appNow });
    metrics.polled({ outcome: 'failed', errorCode: 'timeout', durationMs: 1_500 });
    metrics.polled({ outcome: 'not-modified', errorCode: null, durationMs: 20 });
    metrics.stored([{ label: 'stall' }, { label: 'stall' }, { label: 'progress' }]);
    metrics.delivered('discord', 'sent', new Date(appNow - 4_000), new Date(appNow));
    metrics.delivered('slack', 'retry');
    const text = await metrics.render(3);
    expect(text).toMatch(/^talkwatch_outbox_depth 2$/m);
    expect(text).toMatch(/^talkwatch_outbox_oldest_pending_seconds 120$/m);
    expect(text).toMatch(/^talkwatch_last_successful_poll_age_seconds 30$/m);
    expect(text).toMatch(/^talkwatch_deliveries\{status="pending"\} 2$/m);
    expect(text).toMatch(/^talkwatch_polls_total\{outcome="failed",code="timeout"\} 1$/m);
    expect(text).toMatch(/^talkwatch_poll_duration_seconds_count\{outcome="failed"\} 1$/m);
    expect(text).toMatch(/^talkwatch_items_stored_total\{label="stall"\} 2$/m);
    expect(text).toMatch(/^talkwatch_deliveries_total\{status="sent",platform="discord"\} 1$/m);
    expect(text).toMatch(/^talkwatch_deliveries_total\{status="retry",platform="slack"\} 1$/m);
    expect(text).toMatch(/^talkwatch_delivery_latency_seconds_sum\{platform="discord"\} 4$/m);
    expect(text).toMatch(/^talkwatch_alerts_firing 0$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(await metrics.state.freshness(appNow)).toEqual({ lastSuccessfulPollAgeSeconds: 30, oldestPendingDeliveryAgeSeconds: 120 });

    // /healthz shows the same two ages
    const log = createLogger('silent');
    const health = new Health(log, new DatabaseWatch(log));
    health.opened(database, metrics, () => appNow);
    const http = new HttpServer(() => {});
    http.route('GET', '/healthz', (_req, res) => health.liveness(res));
    try {
      const answer = await fetch(`http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/healthz`);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ status: 'ok', lastSuccessfulPollAgeSeconds: 30, oldestPendingDeliveryAgeSeconds: 120 });
    } finally {
      await http.close();
    }
  });
});
