/** The drizzle implementation of core's Store port, on PGlite or server PostgreSQL alike. */
import type { Store } from '../core/store.ts';
import type { Db } from './connect.ts';
import { feedQueries } from './feed-queries.ts';
import { storyReads } from './story-store.ts';
import { subscriptionStore } from './subscription-store.ts';

export function createStore(db: Db): Store {
  return { ...storyReads(db), ...subscriptionStore(db), ...feedQueries(db) };
}
