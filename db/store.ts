/** The drizzle implementation of core's Store port, on PGlite or server PostgreSQL alike. */
import type { Store } from '../core/store.ts';
import type { Db } from './connect.ts';
import { DbFeedStore } from './feed-store.ts';
import { storyReads } from './story-store.ts';
import { subscriptionStore } from './subscription-store.ts';

export function createStore(db: Db): Store {
  const feeds = new DbFeedStore(db);
  return {
    ...storyReads(db),
    ...subscriptionStore(db),
    listFeeds: () => feeds.list(),
    async addFeed(url, topic, addedBy, now) {
      const { feed, created } = await feeds.add({ url, topic, addedBy }, now);
      return { feed: { ...feed, itemCount: 0 }, created };
    },
    async removeFeed(id) {
      const feed = await feeds.remove(id);
      return feed && { ...feed, itemCount: 0 };
    },
  };
}
