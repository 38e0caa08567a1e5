/**
 * A database error while a poll stores its items: the feed records a sentence an admin understands, never the
 * statement; `feeds list` and `status` show that sentence; the log has the error, in lines of bounded length.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedIngest, type FeedIngest } from '../../bots/feed-ingest.ts';
import { LOG_LIMITS } from '../../bots/logger.ts';
import type { Invocation } from '../../core/commands/grammar.ts';
import { feeds } from '../../db/schema.ts';
import { INTERNAL_ERROR, type PollReport } from '../../feeds/poller.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';
import { feedTestApp } from '../support/feed-app.ts';
import { FeedServer } from '../support/feed-server.ts';

const now = new Date('2026-11-21T12:00:00Z');
const admin: Invocation = { channel: { platform: 'console', channelId: 'desk', tenant: 'console' }, user: { id: 'tester' }, operator: true, isAdmin: async () => true };

function feed(n: number): string {
  const long = 'Iran and US negotiators meet again in Islamabad as the talks enter their third week '.repeat(3);
  const list = Array.from({ length: n }, (_, i) => `<item><title>${long}${i}</title><guid>g-${i}</guid><description>${long}</description></item>`);
  return `<rss version="2.0"><channel><title>Wire</title>${list.join('')}</channel></rss>`;
}

describe('a database error while storing a feed\'s items', () => {
  let database: TestDatabase;
  let server: FeedServer;
  let app: ReturnType<typeof feedTestApp>;
  let ingest: FeedIngest;
  let report: PollReport;

  beforeAll(async () => {
    database = await openPglite();
    // A real refusal by the database, raised by the insert itself: its error carries the whole statement.
    await database.db.execute('alter table items add constraint no_long_titles check (length(title) < 100)');
    server = await new FeedServer().start();
    server.route('/wire', { body: feed(300), contentType: 'application/rss+xml' });
    app = feedTestApp(database, { TALKWATCH_ALLOW_PRIVATE_FEEDS: '1' });
    app.clock.set(now);
    ingest = createFeedIngest(app);
    await ingest.store.add({ url: server.url('/wire'), topic: 'iran-us' }, now);
    [report] = (await ingest.poller.pollDue()) as [PollReport];
  });

  afterAll(async () => {
    await ingest?.close();
    await server?.close();
    await database?.dispose();
  });

  it('records a sentence on the feed, not the statement', async () => {
    expect(report).toMatchObject({ outcome: 'failed', error: INTERNAL_ERROR, errorCode: 'internal', stored: 0 });
    const [row] = await database.db.select().from(feeds).where(eq(feeds.id, report.feedId));
    expect(row!.lastError).toBe(INTERNAL_ERROR);
    expect(row!.consecutiveFailures).toBe(1);
  });

  it('shows the sentence in feeds list and status', async () => {
    for (const command of ['feeds list', 'status']) {
      const text = JSON.stringify(await app.run(command, admin));
      expect(text).toContain('an error on our side');
      expect(text).not.toMatch(/insert into|Failed query|no_long_titles|params:|\bat .*\.ts:\d+/i);
    }
  });

  it('logs the database error in lines of bounded length', () => {
    const failure = app.logs.find((l) => l.includes('polling a feed failed unexpectedly'));
    expect(failure).toBeDefined();
    const line = JSON.parse(failure!) as { err: { message: string; stack: string } };
    expect(line.err.message).toMatch(/^Failed query: \s*insert into "?items"? /);
    expect(line.err.message).toMatch(/…\(\d+ more characters\)$/);
    for (const l of app.logs) expect(l.length).toBeLessThanOrEqual(LOG_LIMITS.line);
  });
});
