/**
 * The server going away under a connection that is checked out (a transaction, a held lock) must fail that work,
 * not the process: pg emits 'error' on such a client, and an 'error' nobody listens to ends Node.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openServer } from '../../db/connect.ts';
import { createScratchDatabase, serverUrl } from '../support/scratch-db.ts';
import { proxyTo } from '../support/tcp-proxy.ts';

describe.skipIf(!serverUrl)('a PostgreSQL server lost mid-transaction', () => {
  let drop: () => Promise<void> = async () => {};
  afterAll(() => drop());

  it('rejects the transaction in flight and reports the loss, and the process lives on', async () => {
    const scratch = await createScratchDatabase();
    drop = scratch.drop;
    const proxy = await proxyTo(new URL(scratch.url));
    const viaProxy = new URL(scratch.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const lost: Error[] = [];
    const database = await openServer(viaProxy.toString(), { onConnectionLost: (e) => lost.push(e) });
    try {
      let began!: () => void;
      const inside = new Promise<void>((resolve) => (began = resolve));
      const work = database.db.transaction(async (tx) => {
        began();
        await tx.execute(sql`select pg_sleep(30)`);
      });
      const outcome = work.then(() => 'committed', (e: Error) => e.message);
      await inside;
      await proxy.cut();
      expect(await outcome).toMatch(/failed query/i);
      expect(lost.length).toBeGreaterThan(0);
      await proxy.restore();
      await database.ping();
    } finally {
      await database.close().catch(() => {});
      await proxy.cut();
    }
  }, 60_000);
});
