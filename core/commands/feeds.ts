/** feeds list | add <url> [topic] | remove <id> */
import { note, type Reply } from '../reply.ts';
import { describeLocal } from '../schedule.ts';
import type { FeedView } from '../store.ts';
import type { HandlerDeps } from './deps.ts';
import type { Invocation } from './grammar.ts';
import { unknownTopic } from './queries.ts';

const MAX_LISTED = 25;

function feedLine(f: FeedView): string {
  const state = f.status === 'active' ? (f.lastError ? `retrying: ${f.lastError}` : 'ok') : `${f.status}: ${f.lastError ?? ''}`;
  return `#${f.id} ${f.title ?? f.url} [${f.topic}] ${f.itemCount} items, ${state}`;
}

export async function feedsList(deps: HandlerDeps): Promise<Reply> {
  const feeds = await deps.store.listFeeds();
  if (feeds.length === 0) return note('feeds', 'info', 'No feeds yet. An admin can add one with: feeds add <url>');
  const shown = feeds.slice(0, MAX_LISTED).map(feedLine);
  if (feeds.length > MAX_LISTED) shown.push(`and ${feeds.length - MAX_LISTED} more (talkwatch feeds list shows all)`);
  return { kind: 'feeds', tone: 'info', title: `${feeds.length} feeds`, blocks: [{ type: 'text', text: shown.join('\n') }] };
}

export async function feedsAdd(url: string, topic: string, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const unknown = unknownTopic(topic, deps);
  if (unknown) return unknown;
  const checked = await deps.checkFeedUrl(url);
  if ('refused' in checked) return note('usage', 'warning', `Cannot add that feed: ${checked.refused}`, undefined, true);
  const { feed, created } = await deps.store.addFeed(checked.url, topic, inv.user.id, deps.clock.now());
  if (!created) return note('feeds', 'info', `That feed is already watched as #${feed.id}.`);
  deps.wake();
  return note('feeds', 'info', `Added feed #${feed.id} on ${topic}; first poll ${describeLocal(feed.nextPollAt, 'UTC')}.`, 'Its first poll is backfill: older items count in history but never alert.');
}

export async function feedsRemove(id: number, deps: HandlerDeps): Promise<Reply> {
  const removed = await deps.store.removeFeed(id);
  if (!removed) return note('usage', 'warning', `There is no feed #${id}. See: feeds list`, undefined, true);
  return note('feeds', 'info', `Removed feed #${id} (${removed.title ?? removed.url}); its stories stay in history.`);
}
