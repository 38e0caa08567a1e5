import type { Clock } from '../clock.ts';
import type { Classifier } from '../ports.ts';
import type { Store } from '../store.ts';

/** What the command handler needs, passed in by the composition root. */
export interface HandlerDeps {
  store: Store;
  classifier: Classifier;
  clock: Clock;
  /** topic names the classifier knows */
  topics: string[];
  defaultTopic: string;
  digestDefaults: { time: string; timezone: string };
  /** Refuse a feed URL before it is stored; returns the reason in words a channel admin understands, or null. */
  checkFeedUrl(url: string): Promise<string | null>;
  /** Called after a command put a message in the outbox, so it goes out now rather than at the next tick. */
  wake(): void;
}
