/**
 * `talkwatch feeds add|list|remove` and `talkwatch poll --once`. Both groups need the database, so while the
 * service holds the embedded one they run inside it.
 */
import type { Feed } from '../../core/types.ts';
import { DbFeedStore, type FeedListing } from '../../db/feed-store.ts';
import type { PollReport } from '../../feeds/poller.ts';
import { createFeedIngest } from '../feed-ingest.ts';
import { vetFeedUrl } from '../feed-url.ts';
import type { CommandGroup, Io } from './types.ts';

export function when(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never';
}

function listingJson(f: FeedListing) {
  return {
    id: f.id,
    url: f.url,
    title: f.title,
    topic: f.topic,
    status: f.status,
    lastError: f.lastError,
    itemCount: f.itemCount,
    nextPollAt: f.status === 'gone' ? null : f.nextPollAt.toISOString(),
    lastPolledAt: f.lastPolledAt?.toISOString() ?? null,
    lastSuccessAt: f.lastSuccessAt?.toISOString() ?? null,
    consecutiveFailures: f.consecutiveFailures,
  };
}

function printListing(io: Io, feeds: FeedListing[]): void {
  if (feeds.length === 0) {
    io.out('no feeds yet: add one with talkwatch feeds add <url>');
    return;
  }
  for (const f of feeds) {
    const next = f.status === 'gone' ? 'not polled any more' : `next poll ${when(f.nextPollAt)}`;
    io.out(`${String(f.id).padStart(4)}  ${f.status.padEnd(7)}  ${String(f.itemCount).padStart(5)} items  ${next}  ${f.url}`);
    if (f.title) io.out(`      ${f.title} (topic ${f.topic})`);
    if (f.lastError) io.out(`      last error: ${f.lastError}`);
  }
}

function reportLine(r: PollReport): string {
  const head = `feed ${r.feedId} ${r.url}:`;
  switch (r.outcome) {
    case 'new-items':
      return `${head} ${r.stored} new of ${r.seen} in the feed${r.waiting ? `; ${r.waiting} more wait for the next poll, ${when(r.nextPollAt)}` : ''}`;
    case 'unchanged':
      return `${head} no new items (${r.seen} in the feed)`;
    case 'not-modified':
      return `${head} not modified since the last poll`;
    case 'gone':
      return `${head} gone: ${r.error}`;
    case 'failed':
      return `${head} failed (${r.status}): ${r.error}; next try ${when(r.nextPollAt)}`;
  }
}

export const feedsCommands: CommandGroup = {
  name: 'feeds',
  needsDatabase: true,
  register(program, { io, runtime, setExitCode }) {
    const feeds = program.command('feeds').description('the news feeds talkwatch polls');

    feeds
      .command('add')
      .description('watch a feed (RSS or Atom)')
      .argument('<url>', 'the feed address, http or https')
      .option('--topic <name>', 'the topic its items count for (default: the configured topic)')
      .action((url: string, options: { topic?: string }) =>
        runtime.withApp(async (app) => {
          const checked = await vetFeedUrl(url, app.config);
          if ('refused' in checked) {
            io.err(`talkwatch: cannot add this feed: ${checked.refused}`);
            return setExitCode(1);
          }
          const topic = options.topic?.trim() || app.defaultTopic;
          if (!app.topics.includes(topic)) {
            io.err(`talkwatch: unknown topic "${topic}"; known topics: ${app.topics.join(', ')} (a rules file can add topic tables)`);
            return setExitCode(1);
          }
          const store = new DbFeedStore(app.database.db);
          const { feed, created } = await store.add({ url: checked.url, topic, addedBy: 'cli' }, app.clock.now());
          if (!created) {
            io.out(`already watching ${feed.url} as feed ${feed.id} (topic ${feed.topic})`);
            return;
          }
          io.out(`added feed ${feed.id}: ${feed.url} (topic ${topic}). The running service polls it within a minute; without one, run talkwatch poll --once.`);
        }),
      );

    feeds
      .command('list')
      .description('every feed: id, status, item count, next poll, address, title and last error')
      .option('--json', 'print JSON instead of text')
      .action((options: { json?: boolean }) =>
        runtime.withApp(async (app) => {
          const list = await new DbFeedStore(app.database.db).list();
          if (options.json) io.out(JSON.stringify(list.map(listingJson), null, 2));
          else printListing(io, list);
        }),
      );

    feeds
      .command('remove')
      .description('stop watching a feed; its items stay in history')
      .argument('<id>', 'the feed id, as feeds list shows it')
      .action((id: string) =>
        runtime.withApp(async (app) => {
          if (!/^\d{1,9}$/.test(id.trim())) {
            io.err(`talkwatch: ${JSON.stringify(id)} is not a feed id: use the number feeds list shows, e.g. talkwatch feeds remove 3`);
            return setExitCode(1);
          }
          const removed: Feed | null = await new DbFeedStore(app.database.db).remove(Number(id));
          if (!removed) {
            io.err(`talkwatch: there is no feed ${Number(id)}; talkwatch feeds list shows the ids`);
            return setExitCode(1);
          }
          io.out(`removed feed ${removed.id}: ${removed.url} (its items stay in history)`);
        }),
      );
  },
};

export const pollCommand: CommandGroup = {
  name: 'poll',
  needsDatabase: true,
  register(program, { io, runtime, setExitCode }) {
    program
      .command('poll')
      .description('poll every feed that is due, once, and print a line per feed')
      .option('--once', 'poll once and exit (the service, talkwatch start, polls continuously)')
      .option('--json', 'print JSON instead of text')
      .action((options: { once?: boolean; json?: boolean }) => {
        if (!options.once) {
          io.err('talkwatch: poll needs --once (talkwatch poll --once); talkwatch start polls continuously');
          setExitCode(1);
          return;
        }
        return runtime.withApp(async (app) => {
          const ingest = createFeedIngest(app);
          let reports: PollReport[];
          try {
            reports = await ingest.poller.pollDue();
          } finally {
            await ingest.close();
          }
          if (options.json) {
            io.out(JSON.stringify({ polled: reports.length, feeds: reports.map((r) => ({ ...r, nextPollAt: r.nextPollAt.toISOString() })) }, null, 2));
            return;
          }
          if (reports.length === 0) {
            const next = (await ingest.store.list()).filter((f) => f.status !== 'gone').sort((a, b) => a.nextPollAt.getTime() - b.nextPollAt.getTime())[0];
            io.out(next ? `no feed is due; the next poll is at ${when(next.nextPollAt)}` : 'no feeds to poll: add one with talkwatch feeds add <url>');
            return;
          }
          for (const r of reports) io.out(reportLine(r));
          const count = (o: PollReport['outcome']) => reports.filter((r) => r.outcome === o).length;
          const stored = reports.reduce((n, r) => n + r.stored, 0);
          io.out(
            `polled ${reports.length} feed${reports.length === 1 ? '' : 's'}: ${count('new-items')} with new items (${stored} items), ` +
              `${count('unchanged') + count('not-modified')} unchanged, ${count('failed') + count('gone')} failed`,
          );
        });
      });
  },
};
