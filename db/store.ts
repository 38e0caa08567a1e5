/** The drizzle implementation of core's Store port, on PGlite or server PostgreSQL alike. */
import type { Store } from '../core/store.ts';
import type { Db } from './connect.ts';
import { dashboardReads } from './dashboard-reads.ts';
import { deliveryHealthReads } from './delivery-health.ts';
import { DbFeedStore } from './feed-store.ts';
import { storyReads } from './story-store.ts';
import { subscriptionStore } from './subscription-store.ts';

export function createStore(db: Db): Store {
  const feeds = new DbFeedStore(db);
  return {
    ...storyReads(db),
    ...subscriptionStore(db),
    ...deliveryHealthReads(db),
    ...dashboardReads(db),
    listFeeds: (scope) => feeds.list(scope),
    feedHealth: (scope) => feeds.health(scope),
    addFeed: (owner, url, topic, addedBy, now, limit) => feeds.add({ owner, url, topic, addedBy }, now, limit),
    removeFeed: (owners, id) => feeds.remove(id, owners ?? undefined),
  };
}
