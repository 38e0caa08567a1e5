/**
 * The clustering port on a real database: a story is read back as its tally and its distinct titles, and a run
 * of several batches over thousands of copies of one headline makes one story, reading the stories once.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterPending, type StoryPort } from '../../core/clustering.ts';
import { items, stories } from '../../db/schema.ts';
import { storyPort } from '../../db/story-store.ts';
import { addTestFeed, addTestItems, clearTables } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const t = new Date('2026-11-21T10:00:00Z');
const TITLE = 'Iran and US agree to resume talks in Islamabad next week';

/** The real port, counting the candidate reads. */
function counted(port: StoryPort): StoryPort & { reads: number } {
  const wrapped = {
    reads: 0,
    pending: port.pending.bind(port),
    unclustered: port.unclustered.bind(port),
    stillUnclustered: port.stillUnclustered.bind(port),
    save: port.save.bind(port),
    candidates(topic: string, since: Date, before?: Date) {
      wrapped.reads++;
      return port.candidates(topic, since, before);
    },
  };
  return wrapped;
}

describe.each(engines)('clustering on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await clearTables(database);
  });
  afterAll(() => database?.dispose());

  it('puts 3,000 copies of one headline into one story, reading the stories once', async () => {
    const feed = await addTestFeed(database);
    const rows = Array.from({ length: 3_000 }, (_, i) => ({ title: TITLE, label: (i % 3 === 0 ? 'progress' : 'stall') as 'progress' | 'stall', at: t }));
    for (let i = 0; i < rows.length; i += 1_000) await addTestItems(database, feed, rows.slice(i, i + 1_000));

    const port = counted(storyPort(database.db));
    await clusterPending(port, 1_000);
    expect(port.reads).toBe(1);
    const [story, ...others] = await database.db.select().from(stories);
    expect(others).toEqual([]);
    expect(story).toMatchObject({ itemCount: 3_000, label: 'stall', title: TITLE, firstSeenAt: t });
    expect(story!.score).toBeCloseTo((1_000 * 2 - 2_000 * 2) / 3_000, 3);
    const assigned = await database.db.select({ id: items.id }).from(items).where(eq(items.storyId, story!.id));
    expect(assigned).toHaveLength(3_000);
  });

  it('reads a stored story back as its tally, its distinct titles and URLs', async () => {
    const [story] = await database.db.select().from(stories);
    const [candidate, ...others] = await storyPort(database.db).candidates('iran-us', new Date(t.getTime() - 3_600_000));
    expect(others).toEqual([]);
    expect(candidate).toMatchObject({ id: story!.id, titles: [TITLE], labels: { progress: 1_000, stall: 2_000, neutral: 0 }, scoreSum: -2_000 });
    expect(candidate!.urls).toHaveLength(3_000);
    expect(await storyPort(database.db).candidates('iran-us', new Date(t.getTime() - 3_600_000), t)).toEqual([]);
  });

  it('adds later copies to the stored story and starts a new one for another event', async () => {
    const feed = await addTestFeed(database);
    const later = new Date(t.getTime() + 3_600_000);
    await addTestItems(database, feed, [
      ...Array.from({ length: 10 }, () => ({ title: TITLE, label: 'progress' as const, at: later })),
      { title: 'Pakistan names the date of the next round of Iran-US talks', label: 'neutral', at: later },
    ]);
    expect(await clusterPending(storyPort(database.db))).toEqual(new Set(['iran-us']));
    const all = await database.db.select().from(stories).orderBy(stories.id);
    expect(all.map((s) => [s.itemCount, s.label, s.lastSeenAt])).toEqual([
      [3_010, 'stall', later],
      [1, 'neutral', later],
    ]);
  });
});
