/**
 * Items a poll stores go straight into stories, without being read back; the minute's sweep finds nothing left,
 * and an item the sweep already took is never clustered twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { afterStored } from '../../bots/feed-ingest.ts';
import { refresh } from '../../bots/pipeline.ts';
import { ManualClock } from '../../core/clock.ts';
import { toCluster } from '../../core/clustering.ts';
import type { ItemToStore } from '../../core/feeds.ts';
import { DbFeedStore } from '../../db/feed-store.ts';
import { stories } from '../../db/schema.ts';
import { addTestFeed, clearTables, testApp, type TestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const at = new Date('2026-11-21T02:00:00Z');
const item = (key: string, title: string, label: 'progress' | 'stall', relevant = true): ItemToStore => ({
  key,
  baseKey: key,
  guid: key,
  url: `https://wire.example/${key}`,
  canonicalUrl: `https://wire.example/${key}`,
  title,
  summary: '',
  publishedAt: at,
  topic: 'iran-us',
  owners: ['shared'],
  fetchedAt: at,
  backfill: false,
  classification: { relevant, label, score: label === 'stall' ? -2 : 2, rules: [] },
});

describe.each(engines)('stories from a poll on %s', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => database?.dispose());
  beforeEach(async () => {
    await clearTables(database);
    t = testApp(database, new ManualClock('2026-11-21T03:00:00Z'));
  });

  const storyRows = () => database.db.select().from(stories).orderBy(stories.id);

  it('are made from the items the poll hands over, and the sweep finds nothing left', async () => {
    const feedId = await addTestFeed(database, 'iran-us', 'Test Wire');
    const feeds = new DbFeedStore(database.db);
    const stored = await feeds.storeItems(feedId, [
      item('a', 'Iran and US agree to reconvene in Islamabad', 'progress'),
      item('b', 'Iran and US agree to reconvene in Islamabad next week', 'progress'),
      item('c', 'Iran walks away from talks after US seizes oil cargo', 'stall'),
      item('d', 'Cricket: Pakistan beat New Zealand', 'progress', false),
    ]);
    await afterStored(t.app)(stored, (await feeds.get(feedId))!);
    expect((await storyRows()).map((s) => [s.title, s.itemCount, s.source])).toEqual([
      ['Iran and US agree to reconvene in Islamabad', 2, 'Test Wire'],
      ['Iran walks away from talks after US seizes oil cargo', 1, 'Test Wire'],
    ]);
    await refresh(t.app, true);
    // the same items handed over again (a sweep took them meanwhile) are not clustered twice
    await refresh(t.app, toCluster(stored, 'Test Wire'));
    expect((await storyRows()).map((s) => s.itemCount)).toEqual([2, 1]);
  });
});
