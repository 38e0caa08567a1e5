/**
 * Retention: stories quiet longer than the period go with their items, loose items go, and what `status` and
 * digests count stays the same for every tenant, because the pruned stories are counted by day first. Two
 * replicas pruning at once neither collide nor count a story twice.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock.ts';
import { clusterPending } from '../../core/clustering.ts';
import type { Scope } from '../../core/tenants.ts';
import { claimPruningDay, prune } from '../../db/retention.ts';
import { items, stories, storyDays } from '../../db/schema.ts';
import { createStore } from '../../db/store.ts';
import { storyPort } from '../../db/story-store.ts';
import { addTestFeed, addTestItems, clearTables } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const now = new Date('2026-11-21T10:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);

describe.each(engines)('retention on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await clearTables(database);
  });
  afterAll(() => database?.dispose());

  it('prunes old stories, their items and loose items, and every tenant counts the same stories as before', async () => {
    const shared = await addTestFeed(database);
    const own = await addTestFeed(database, 'iran-us', 'Own Wire', 'slack:T1');
    await addTestItems(database, shared, [
      { title: 'Talks in Muscat stall over enrichment', label: 'stall', at: ago(100) },
      { title: 'Negotiators walk out of the Vienna round', label: 'stall', at: ago(100) },
      { title: 'Sanctions row freezes the Geneva channel', label: 'stall', at: ago(99) },
      { title: 'Envoys agree a framework for prisoner swaps', label: 'progress', at: ago(100) },
      { title: 'Off-topic football result from Tehran', label: 'neutral', at: ago(100), relevant: false },
      { title: 'Both sides report progress on a draft text', label: 'progress', at: ago(1) },
      { title: 'Technical teams meet again in Oman', label: 'progress', at: ago(2) },
    ]);
    await addTestItems(database, own, [
      { title: 'Parliament votes to limit inspections', label: 'stall', at: ago(95) },
      { title: 'Hardliners reject the interim deal', label: 'stall', at: ago(96) },
    ]);
    await clusterPending(storyPort(database.db));

    const store = createStore(database.db);
    const scopes: Scope[] = [{ tenant: 'slack:T1' }, { tenant: 'discord:800000000000000001' }];
    const counts = () =>
      Promise.all(
        scopes.flatMap((scope) => [
          store.countStories(scope, 'iran-us', ago(200), now, { includeBackfill: true }),
          store.countStories(scope, 'iran-us', ago(7), now, { includeBackfill: true }),
          store.countStories(scope, 'iran-us', ago(100.5), ago(99.5)),
        ]),
      );
    const before = await counts();
    expect(before[0]).toEqual({ stall: 5, progress: 3, neutral: 0 });
    expect(before[3]).toEqual({ stall: 3, progress: 3, neutral: 0 });

    // two replicas at once, in small batches
    const [a, b] = await Promise.all([prune(database.db, now, 90, { batch: 2 }), prune(database.db, now, 90, { batch: 2 })]);
    expect(a.stories + b.stories).toBe(6);
    expect(a.items + b.items).toBe(1);
    expect(await database.db.select({ title: items.title }).from(items).orderBy(items.title)).toEqual([
      { title: 'Both sides report progress on a draft text' },
      { title: 'Technical teams meet again in Oman' },
    ]);
    expect(await database.db.select({ n: sql<number>`count(*)::int` }).from(stories)).toEqual([{ n: 2 }]);
    const archived = await database.db.select({ n: sql<number>`sum(${storyDays.stories})::int` }).from(storyDays);
    expect(archived).toEqual([{ n: 6 }]);
    expect(await counts()).toEqual(before);

    expect(await prune(database.db, now, 90)).toEqual({ stories: 0, items: 0 });
  });

  it('gives each day to the first replica that asks for it', async () => {
    const claims = await Promise.all([1, 2, 3].map(() => claimPruningDay(database.db, '2026-11-21', now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimPruningDay(database.db, '2026-11-22', now)).toBe(true);
  });
});
