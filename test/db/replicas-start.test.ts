/**
 * What replicas sharing one PostgreSQL server rely on at start and while running: three starting together
 * migrate once (an advisory lock), and a turn (Discord's gateway) is held by one of them at a time and passes to a
 * standby when its holder's session ends. Needs a server (TEST_DATABASE_URL); without one, it says so and skips.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServer } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { SessionLock } from '../../db/session-lock.ts';
import { createScratchDatabase, serverUrl } from '../support/scratch-db.ts';

if (!serverUrl) console.warn('[talkwatch tests] TEST_DATABASE_URL is not set: the replicas start tests (migrations under a lock, the gateway turn) are skipped.');

describe.skipIf(!serverUrl)('replicas on one PostgreSQL server', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let databases: Array<Awaited<ReturnType<typeof openServer>>> = [];
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    databases = await Promise.all([1, 2, 3].map(() => openServer(scratch.url)));
  });
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.close()));
    await scratch?.drop();
  });

  it('migrate once when three start at the same moment', async () => {
    const results = await Promise.all(databases.map((d) => migrate(d)));
    const total = results[0]!.total;
    expect(total).toBeGreaterThan(5);
    expect(results.map((r) => r.applied).sort((a, b) => a - b)).toEqual([0, 0, total]);
    const { rows } = await databases[0]!.pool.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(rows[0]!.n).toBe(total);
  });

  it('hold a turn one at a time, and pass it to a standby when the holder’s session ends', async () => {
    let lost = 0;
    const holder = new SessionLock(databases[0]!.pool, 'test-gateway', () => lost++, 200);
    const standby = new SessionLock(databases[1]!.pool, 'test-gateway', () => {}, 200);
    const third = new SessionLock(databases[2]!.pool, 'test-gateway', () => {}, 200);
    try {
      expect(await holder.tryNow()).toBe(true);
      expect(await standby.tryNow()).toBe(false);
      const waiting = standby.wait();
      // the holder's connection is cut from the server's side, as when its process dies
      const admin = new pg.Client({ connectionString: scratch.url });
      await admin.connect();
      await admin.query(
        "select pg_terminate_backend(l.pid) from pg_locks l where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())",
      );
      await admin.end();
      expect(await waiting).toBe(true);
      expect(standby.held).toBe(true);
      expect(await third.tryNow()).toBe(false);
      // the old holder notices at its next ping, and says so once
      await new Promise<void>((resolve) => {
        const check = setInterval(() => lost > 0 && (clearInterval(check), resolve()), 50);
      });
      expect(holder.held).toBe(false);
      expect(await holder.tryNow()).toBe(false);
      // giving it up hands it on
      await standby.release();
      expect(await third.wait()).toBe(true);
      expect(lost).toBe(1);
    } finally {
      await Promise.all([holder.release(), standby.release(), third.release()]);
    }
  });
});
