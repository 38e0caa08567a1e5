/**
 * `talkwatch feeds add|list|remove` and `talkwatch poll --once`. Both groups need the database, so while the
 * service holds the embedded one they run inside it. What they use is loaded when they run (see cli.ts).
 */
import type { Command } from '../../core/commands/grammar.ts';
import type { Reply } from '../../core/reply.ts';
import type { FeedListing } from '../../db/feed-store.ts';
import type { PollReport } from '../../feeds/poller.ts';
import type { App } from '../app.ts';
import { commandFrom, consoleInvocation, print } from './chat.ts';
import type { CommandGroup, Io } from './types.ts';

const feedStore = async () => (await import('../../db/feed-store.ts')).DbFeedStore;

export function when(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never';
}

function listingJson(f: FeedListing) {
  return {
    id: f.id,
    owner: f.owner,
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

/** The operator's chat command, run in the console channel: the CLI says what chat says, in the same words. */
async function asOperator(app: App, io: Io, command: Command | Reply): Promise<number> {
  return print(io, 'kind' in command ? command : await app.run(command, consoleInvocation()), 1);
}

export const feedsCommands: CommandGroup = {
  name: 'feeds',
  needsDatabase: true,
  register(program, { io, runtime, setExitCode }) {
    const feeds = program.command('feeds').description('the news feeds talkwatch polls: the chat feeds commands, as the operator');

    feeds
      .command('add')
      .description('watch a feed (RSS or Atom) as a shared feed, which every tenant reads')
      .argument('<url>', 'the feed address, http or https')
      .option('--topic <name>', 'the topic its items count for (default: the configured topic)')
      .action((url: string, options: { topic?: string }) =>
        runtime.withApp(async (app) => setExitCode(await asOperator(app, io, commandFrom('feeds add', { url, topic: options.topic })))),
      );

    feeds
      .command('list')
      .description("every tenant's feeds and the shared ones: id, title, topic, owner, items, health, next poll and address")
      .option('--json', 'print JSON instead of text')
      .action((options: { json?: boolean }) =>
        runtime.withApp(async (app) => {
          // JSON is the data behind the list, for scripts; the text is what `feeds list all` says in chat
          if (options.json) io.out(JSON.stringify((await new (await feedStore())(app.database.db).list()).map(listingJson), null, 2));
          else setExitCode(await asOperator(app, io, commandFrom('feeds list', { all: true })));
        }),
      );

    feeds
      .command('remove')
      .description("stop watching a feed (shared or any tenant's); its items stay in history")
      .argument('<id>', 'the feed id, as feeds list shows it')
      .action((id: string) => runtime.withApp(async (app) => setExitCode(await asOperator(app, io, commandFrom('feeds remove', { id, all: true })))));
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
          const { createFeedIngest } = await import('../feed-ingest.ts');
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
