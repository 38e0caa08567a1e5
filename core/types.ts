/** Domain types shared by every part of talkwatch. Storage and chat adapters translate to and from these. */

export const LABELS = ['progress', 'stall', 'neutral'] as const;
export type Label = (typeof LABELS)[number];

/** Where a channel lives: the console, Slack, Discord, or the name a further platform's folder gives itself. */
export type Platform = 'console' | 'slack' | 'discord' | (string & {});

export type FeedStatus = 'active' | 'failing' | 'gone';

/** A topic a fetched feed is watched for, and the owners of the tenant feeds that watch it (see tenants.ts). */
export interface FeedTopic {
  topic: string;
  owners: string[];
  /** its first successful poll is done: that poll was backfill */
  backfilled: boolean;
}

/** A fetched feed: one per address, polled once however many tenants watch it. */
export interface Feed {
  id: number;
  url: string;
  /** what it is watched for; a feed nobody watches any more is not polled */
  topics: FeedTopic[];
  title: string | null;
  status: FeedStatus;
  intervalSeconds: number | null;
  nextPollAt: Date;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  etag: string | null;
  lastModified: string | null;
  consecutiveFailures: number;
  lastError: string | null;
  addedAt: Date;
}

/** Where a channel lives: the platform, the channel, and its tenant (the workspace, server or console). */
export interface ChannelRef {
  platform: Platform;
  channelId: string;
  tenant: string;
}

/** One rule that fired on an item, with the words it matched: what `explain` and `rules test` show. */
export interface FiredRule {
  id: string;
  label: Label;
  /** the rule's weight after negation, hedging and field (title or summary) were applied */
  contribution: number;
  matched: string;
  field: 'title' | 'summary';
  /** e.g. negated, hedged, denied */
  modifiers: string[];
}

/** One topic word an item named, and the role it plays in the topic's table (party, venue, name ...). */
export interface RelevanceTerm {
  role: 'name' | 'subject' | 'party' | 'venue' | 'mediator' | 'process' | 'issue' | 'unrelated';
  /** the party a party term names, else null */
  party: string | null;
  text: string;
}

/** Why an item is or is not about the topic: its relevance score and the words that made it. */
export interface RelevanceResult {
  /** relevant at 3 or more; see core/rules/relevance.ts for the points of each role */
  score: number;
  terms: RelevanceTerm[];
}

/** What the classifier says about one item for one topic. */
export interface Classification {
  relevant: boolean;
  label: Label;
  /** net score: positive leans progress, negative leans stall */
  score: number;
  rules: FiredRule[];
  /** the relevance score and its words; absent when classified with no topic filter */
  relevance?: RelevanceResult | null;
}

export interface ItemText {
  title: string;
  summary: string;
}
