/** The relevance score and its words are stored with each item, and `explain` reads them back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, describeRelevance, RuleClassifier } from '../../core/rules/index.ts';
import { everyone } from '../../core/tenants.ts';
import { DbFeedStore } from '../../db/feed-store.ts';
import { storyReads } from '../../db/story-store.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const classifier = new RuleClassifier(DEFAULT_RULE_SET);
const now = new Date('2026-11-21T12:00:00Z');

function item(key: string, title: string) {
  return {
    key,
    baseKey: key,
    guid: key,
    url: `https://news.example/${key}`,
    canonicalUrl: `https://news.example/${key}`,
    title,
    summary: '',
    publishedAt: now,
    topic: 'iran-us',
    owners: ['shared'],
    fetchedAt: now,
    backfill: false,
    classification: classifier.classify({ title, summary: '' }, 'iran-us'),
  };
}

describe.each(engines)('item relevance on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database?.dispose());

  it('keeps the score and the deciding words, for relevant and dropped items alike', async () => {
    const store = new DbFeedStore(database.db);
    const { fetched } = await store.add({ url: 'https://news.example/rss', topic: 'iran-us' }, now);
    const [kept, dropped] = await store.storeItems(fetched!.id, [
      item('a', 'Araghchi arrives in Islamabad for talks with Witkoff'),
      item('b', 'US and Mexico resume talks on water'),
    ]);
    const reads = storyReads(database.db);

    const first = await reads.findItem(everyone, String(kept!.id));
    expect(first!.relevance).toEqual({
      score: 4,
      terms: expect.arrayContaining([
        { role: 'party', party: 'Iran', text: 'Araghchi' },
        { role: 'venue', party: null, text: 'Islamabad' },
      ]),
    });
    expect(describeRelevance(first!.topic, first!.relevant, first!.relevance)).toMatch(/^relevant to iran-us \(score 4, needs 3\): /);

    const second = await reads.findItem(everyone, String(dropped!.id));
    expect(second!.relevant).toBe(false);
    expect(describeRelevance(second!.topic, second!.relevant, second!.relevance)).toContain('one party and a process word are not enough');
  });

  it('an item stored before the score was kept says only its verdict', () => {
    expect(describeRelevance('iran-us', true, null)).toBe('relevant to iran-us');
    expect(describeRelevance('iran-us', false, undefined)).toBe('not relevant to iran-us');
  });
});
