/** `status` as a risk desk reads it: counts, momentum, and feed health in words. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import { feeds } from '../../db/schema.ts';
import { addTestFeed, clearTables, testApp } from '../support/app.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openPglite();
  await clearTables(database);
});
afterAll(async () => database?.dispose());

describe('status', () => {
  it('says which feeds are healthy, retrying, failing or gone, and why', async () => {
    const t = testApp(database, new ManualClock('2026-11-21T12:00:00Z'));
    expect(JSON.stringify((await t.command('status')).blocks)).toContain('Feeds: none yet');
    const ok = await addTestFeed(database);
    await database.db.update(feeds).set({ lastSuccessAt: new Date('2026-11-21T11:50:00Z') }).where(eq(feeds.id, ok));
    const retrying = await addTestFeed(database);
    await database.db.update(feeds).set({ lastError: 'the server failed to answer (HTTP 500 Internal Server Error)' }).where(eq(feeds.id, retrying));
    const failing = await addTestFeed(database);
    await database.db.update(feeds).set({ status: 'failing', lastError: 'the feed is larger than 10 MB' }).where(eq(feeds.id, failing));
    const gone = await addTestFeed(database);
    await database.db.update(feeds).set({ status: 'gone', lastError: 'the server says this feed is gone for good' }).where(eq(feeds.id, gone));

    const health = (await t.command('status')).blocks.find((b) => b.type === 'context');
    expect(health).toEqual({
      type: 'context',
      text:
        'Feeds: 1 healthy, 1 retrying, 1 failing, 1 gone; last successful poll Sat 21 Nov 11:50 UTC. ' +
        `#${failing} the feed is larger than 10 MB; #${retrying} the server failed to answer (HTTP 500 Internal Server Error); #${gone} the server says this feed is gone for good`,
    });
  });
});
