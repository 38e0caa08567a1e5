import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { deliveries, feeds, items } from '../../db/schema.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';

describe.each(engines)('schema on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('has every table of the design', async () => {
    const result = (await database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    )) as unknown as { rows: Array<{ table_name: string }> };
    expect(result.rows.map((r) => r.table_name)).toEqual([
      'alert_state', 'app_state', 'channels', 'deliveries', 'feeds', 'items', 'slack_installations', 'stories', 'story_days', 'subscriptions', 'tenant_feeds',
    ]);
  });

  it('applies nothing when migrated again', async () => {
    const result = await migrate(database);
    expect(result.applied).toBe(0);
    expect(result.total).toBeGreaterThan(0);
  });

  it('answers a ping', async () => {
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('stores an item once per feed, topic and key', async () => {
    const [feed] = await database.db.insert(feeds).values({ url: 'https://example.org/rss' }).returning();
    const row = { feedId: feed!.id, key: 'guid-1', title: 'Talks resume', fetchedAt: new Date(), seenAt: new Date(), topic: 'iran-us' };
    await database.db.insert(items).values(row);
    await expect(database.db.insert(items).values(row)).rejects.toThrow();
    const again = await database.db.insert(items).values(row).onConflictDoNothing().returning();
    expect(again).toHaveLength(0);
    // the same item read for another topic is a row of its own
    await expect(database.db.insert(items).values({ ...row, topic: 'other' }).returning()).resolves.toHaveLength(1);
  });

  it('keeps a removed feed\'s items in history', async () => {
    const [feed] = await database.db.insert(feeds).values({ url: 'https://example.org/gone' }).returning();
    await database.db.insert(items).values({ feedId: feed!.id, key: 'k', title: 't', fetchedAt: new Date(), seenAt: new Date(), topic: 'iran-us' });
    await database.db.delete(feeds).where(eq(feeds.id, feed!.id));
    const left = await database.db.select().from(items).where(eq(items.key, 'k'));
    expect(left).toHaveLength(1);
    expect(left[0]!.feedId).toBeNull();
  });

  it('refuses a second outbox row with the same key', async () => {
    const row = { key: 'digest:1:2026-11-21', platform: 'console', channelId: 'ops', tenant: 'console', kind: 'digest', payload: { text: 'hi' } };
    await database.db.insert(deliveries).values(row);
    const again = await database.db.insert(deliveries).values(row).onConflictDoNothing().returning();
    expect(again).toHaveLength(0);
  });
});
