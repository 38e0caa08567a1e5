/**
 * Ports: the interfaces core defines and adapters implement. Core never imports an adapter; the composition
 * root (bots/main) wires concrete ones in.
 */

/** Whether the store can answer now; /healthz reports it. */
export interface HealthCheck {
  ping(): Promise<void>;
}

import type { Classification, ItemText } from './types.ts';

/** Labels an item for a topic. Pure and synchronous: the rule tables are compiled once. */
export interface Classifier {
  classify(item: ItemText, topic: string): Classification;
}
