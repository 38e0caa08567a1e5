import type { Clock } from '../clock.ts';
import type { RuleClassifier } from '../rules/index.ts';
import type { Store } from '../store.ts';
import type { TenantLimits } from '../tenants.ts';

/** What the command handler needs, passed in by the composition root. */
export interface HandlerDeps {
  store: Store;
  classifier: RuleClassifier;
  clock: Clock;
  /** topic names the classifier knows */
  topics: string[];
  defaultTopic: string;
  digestDefaults: { time: string; timezone: string };
  /** per-tenant limits on feeds, subscriptions and `digest now` */
  limits: TenantLimits;
  /** Vet a feed URL before it is stored: its normalised form, or the reason in words a channel admin understands. */
  checkFeedUrl(url: string): Promise<{ url: string } | { refused: string }>;
  /** Called after a command put a message in the outbox, so it goes out now rather than at the next tick. */
  wake(): void;
  /** A signed, expiring link to a tenant's status page; absent where no page is served. */
  dashboardLink?(tenant: string): Promise<{ url: string; expiresAt: Date }>;
}
