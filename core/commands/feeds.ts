/**
 * feeds list [all] | add <url> [topic] [shared] | remove <id> [all]. A tenant sees the shared feeds and its own; its
 * admins manage its own, operators the shared ones, and with `all` every tenant's. Another tenant's feed answers
 * exactly like one that does not exist. `talkwatch feeds ...` runs these as the operator, so it says the same.
 */
import { note, type Reply } from '../reply.ts';
import { describeLocal } from '../schedule.ts';
import type { FeedView } from '../store.ts';
import { everyone, ownerFor, SHARED } from '../tenants.ts';
import type { HandlerDeps } from './deps.ts';
import type { Command, Invocation } from './grammar.ts';
import { scopeOf, tenantWord, unknownTopic } from './queries.ts';

/** A chat message has room for this many; the operator's overview (`feeds list all`, the CLI) shows every one. */
const MAX_LISTED = 25;

/**
 * A shared feed's address as a tenant sees it: an operator's feed may carry a key in its query, which only
 * operators see; others get the host and path.
 */
export function shownUrl(f: Pick<FeedView, 'url' | 'owner'>, inv: Pick<Invocation, 'operator' | 'channel'>): string {
  if (inv.operator || f.owner !== SHARED) return f.url;
  try {
    const u = new URL(f.url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(address hidden)';
  }
}

/** One feed in two lines: id, title, topic, whose, items, health and next poll; then its address. */
export function feedLines(f: FeedView, inv: Invocation, all: boolean): string {
  const state = f.status === 'active' ? (f.lastError ? `retrying: ${f.lastError}` : 'ok') : `${f.status}: ${f.lastError ?? ''}`;
  const whose = f.owner === SHARED ? 'shared' : all ? `owned by ${f.owner}` : 'own';
  const next = f.status === 'gone' ? 'not polled any more' : `next poll ${describeLocal(f.nextPollAt, 'UTC')}`;
  return `#${f.id} ${f.title ?? '(no title yet)'} [${f.topic}, ${whose}] ${f.itemCount} items, ${state}; ${next}\n    ${shownUrl(f, inv)}`;
}

export async function feedsList(all: boolean, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const feeds = await deps.store.listFeeds(all ? everyone : scopeOf(inv));
  if (feeds.length === 0) return note('feeds', 'info', 'No feeds yet. An admin can add one with: feeds add <url>');
  const shared = feeds.filter((f) => f.owner === SHARED).length;
  const shown = (all ? feeds : feeds.slice(0, MAX_LISTED)).map((f) => feedLines(f, inv, all));
  if (shown.length < feeds.length) shown.push(`and ${feeds.length - shown.length} more (talkwatch feeds list shows all)`);
  const others = all ? `${feeds.length - shared} of tenants` : `${feeds.length - shared} of this ${tenantWord(inv)}'s own`;
  // Every tenant's addresses are the operator's to see, not a channel's.
  return { kind: 'feeds', tone: 'info', title: `${feeds.length} feeds: ${shared} shared, ${others}`, blocks: [{ type: 'text', text: shown.join('\n') }], ephemeral: all };
}

export async function feedsAdd(cmd: Extract<Command, { name: 'feeds-add' }>, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const topic = cmd.topic ?? deps.defaultTopic;
  const unknown = unknownTopic(topic, deps);
  if (unknown) return unknown;
  const checked = await deps.checkFeedUrl(cmd.url);
  if ('refused' in checked) return note('usage', 'warning', `Cannot add that feed: ${checked.refused}`, undefined, true);
  const owner = ownerFor(inv.channel.tenant, cmd.shared ?? false);
  const added = await deps.store.addFeed(owner, checked.url, topic, inv.user.id, deps.clock.now(), deps.limits.feeds);
  if (added.outcome === 'limit') {
    return note('limit', 'warning', `This ${tenantWord(inv)} already has ${added.limit} feeds of its own, the most it may have.`, 'Remove one with feeds remove <id>, or ask the operator to raise limits.feeds.', true);
  }
  if (added.outcome === 'exists') return note('feeds', 'info', `That feed is already watched here as #${added.feed.id}.`);
  deps.wake();
  const whose = owner === SHARED ? 'a shared feed, read by every workspace and server' : 'seen only here';
  return note('feeds', 'info', `Added feed #${added.feed.id} on ${topic} (${whose}); first poll ${describeLocal(added.feed.nextPollAt, 'UTC')}.`, 'Its first poll is backfill: older items count in history but never alert.');
}

export async function feedsRemove(id: number, all: boolean, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  // A tenant removes its own, an operator the shared ones too; `all` (operators only) reaches any tenant's.
  const mine = ownerFor(inv.channel.tenant, false);
  const removed = await deps.store.removeFeed(all ? null : inv.operator ? [mine, SHARED] : [mine], id);
  if (removed) return note('feeds', 'info', `Removed feed #${id} (${removed.title ?? shownUrl(removed, inv)}); its stories stay in history.`);
  // Shared feeds are listed to everyone, so saying that one is shared tells nothing new.
  const shared = !inv.operator && (await deps.store.listFeeds(scopeOf(inv))).some((f) => f.id === id && f.owner === SHARED);
  if (shared) return note('refused', 'warning', `Feed #${id} is a shared feed: only the service's operators can remove it.`, undefined, true);
  return note('usage', 'warning', `There is no feed #${id}. See: feeds list`, undefined, true);
}
