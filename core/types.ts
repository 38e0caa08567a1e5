/** Domain types shared by every part of talkwatch. Storage and chat adapters translate to and from these. */

export const LABELS = ['progress', 'stall', 'neutral'] as const;
export type Label = (typeof LABELS)[number];

export type Platform = 'console' | 'slack' | 'discord';

export type FeedStatus = 'active' | 'failing' | 'gone';

export interface Feed {
  id: number;
  url: string;
  topic: string;
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
  backfilled: boolean;
  addedAt: Date;
  addedBy: string | null;
}

/** Where a channel lives: the platform, the channel, and the workspace or guild when there is one. */
export interface ChannelRef {
  platform: Platform;
  channelId: string;
  workspaceId?: string | null;
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
