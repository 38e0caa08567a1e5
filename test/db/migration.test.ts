/**
 * Migration 0001_tenants on a database made before tenants: every feed becomes a shared feed with the same id, and
 * nothing is lost (items, stories, subscriptions, snoozes, the outbox).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrationsFolder } from '../../db/migrate.ts';
import { createStore } from '../../db/store.ts';
import { DbFeedStore } from '../../db/feed-store.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';

/** A migrations folder holding only the first migration: the schema as it was before tenants. */
function firstMigrationOnly(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'talkwatch-migrations-'));
  cpSync(path.join(migrationsFolder, '0000_init.sql'), path.join(dir, '0000_init.sql'));
  cpSync(path.join(migrationsFolder, 'meta', '0000_snapshot.json'), path.join(dir, 'meta', '0000_snapshot.json'), { recursive: true });
  writeFileSync(
    path.join(dir, 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: 1795308647458, tag: '0000_init', breakpoints: true }] }),
  );
  return dir;
}

const run = (database: TestDatabase, statement: string) => database.db.execute(sql.raw(statement));

describe.each(engines)('migrating a database made before tenants, on %s', (engine) => {
  let database: TestDatabase;
  let folder: string;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    // start again from nothing in this disposable copy, then build the old schema
    await run(database, 'drop schema public cascade');
    await run(database, 'create schema public');
    await run(database, 'drop schema if exists drizzle cascade');
    folder = firstMigrationOnly();
    if (engine === 'pglite') await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
    else await migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder: folder });
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await database?.dispose();
  });

  it('turns every feed into a shared feed with the same id and loses nothing', async () => {
    const at = "'2026-11-20T10:00:00Z'";
    await run(database, `insert into feeds (id, url, topic, title, backfilled, added_by) values
      (3, 'https://wire.example/rss', 'iran-us', 'Wire', true, 'cli'), (7, 'https://desk.example/atom', 'iran-us', null, false, 'U0ADMIN')`);
    await run(database, "select setval(pg_get_serial_sequence('feeds', 'id'), 7)");
    await run(database, `insert into stories (id, topic, title, first_seen_at, last_seen_at) values (1, 'iran-us', 'Talks resume', ${at}, ${at})`);
    await run(database, `insert into items (feed_id, key, title, published_at, fetched_at, topic, relevant, label, story_id) values
      (3, 'a', 'Talks resume', ${at}, ${at}, 'iran-us', true, 'progress', 1), (null, 'b', 'Old news', null, ${at}, 'iran-us', true, 'stall', null)`);
    await run(database, `insert into subscriptions (platform, channel_id, workspace_id, kind, topic, digest_time, timezone) values
      ('slack', 'C0DESK', 'T0TEAM', 'digest', 'iran-us', '09:00', 'UTC'), ('discord', '700000000000000001', '800000000000000001', 'alerts', 'iran-us', null, null),
      ('console', 'ops', null, 'digest', 'iran-us', '09:00', 'UTC')`);
    await run(database, `insert into channels (platform, channel_id, workspace_id, snoozed_until) values ('slack', 'C0DESK', 'T0TEAM', ${at})`);
    await run(database, `insert into deliveries (key, subscription_id, platform, channel_id, kind, payload) values ('digest:1:2026-11-20', 1, 'slack', 'C0DESK', 'digest', '{"title":"t"}')`);

    const result = await migrate(database);
    expect(result.applied).toBeGreaterThanOrEqual(1);

    const feeds = await new DbFeedStore(database.db).list();
    expect(feeds.map((f) => ({ id: f.id, owner: f.owner, url: f.url, topic: f.topic, addedBy: f.addedBy }))).toEqual([
      { id: 3, owner: 'shared', url: 'https://wire.example/rss', topic: 'iran-us', addedBy: 'cli' },
      { id: 7, owner: 'shared', url: 'https://desk.example/atom', topic: 'iran-us', addedBy: 'U0ADMIN' },
    ]);
    // a feed added next gets a new id, not one of the migrated ones
    const next = await new DbFeedStore(database.db).add({ url: 'https://new.example/rss', topic: 'iran-us' }, new Date());
    expect(next.outcome === 'added' && next.feed.id).toBe(8);

    const items = (await run(database, 'select key, owners, seen_at from items order by key')) as unknown as { rows: Array<{ key: string; owners: string[] }> };
    expect(items.rows.map((r) => [r.key, r.owners])).toEqual([['a', ['shared']], ['b', ['shared']]]);
    const backfilled = (await run(database, 'select id, backfilled_topics from feeds order by id')) as unknown as { rows: Array<{ id: number; backfilled_topics: string[] }> };
    expect(backfilled.rows.map((r) => [r.id, r.backfilled_topics])).toEqual([[3, ['iran-us']], [7, []], [8, []]]);

    const store = createStore(database.db);
    const slack = await store.channelSubscriptions({ platform: 'slack', channelId: 'C0DESK', tenant: 'slack:T0TEAM' });
    expect(slack.map((s) => s.kind)).toEqual(['digest']);
    expect(await store.snoozedUntil({ platform: 'slack', channelId: 'C0DESK', tenant: 'slack:T0TEAM' })).toEqual(new Date('2026-11-20T10:00:00Z'));
    expect((await store.channelSubscriptions({ platform: 'discord', channelId: '700000000000000001', tenant: 'discord:800000000000000001' })).length).toBe(1);
    expect((await store.channelSubscriptions({ platform: 'console', channelId: 'ops', tenant: 'console' })).length).toBe(1);
    const outbox = (await run(database, 'select tenant from deliveries')) as unknown as { rows: Array<{ tenant: string }> };
    expect(outbox.rows).toEqual([{ tenant: 'slack:T0TEAM' }]);
    // everyone sees the shared story it came with
    expect((await store.latestStories({ tenant: 'discord:800000000000000001' }, 'iran-us', 5)).map((s) => s.title)).toEqual(['Talks resume']);
  });
});
