/**
 * Ports: the interfaces core defines and adapters implement. Core never imports an adapter; the composition
 * root (bots/main) wires concrete ones in.
 */
import type { Command, Invocation } from './commands/grammar.ts';
import type { Reply } from './reply.ts';
import type { Classification, ItemText, Platform } from './types.ts';

/** Whether the store can answer now; /healthz reports it. */
export interface HealthCheck {
  ping(): Promise<void>;
}

/** Labels an item for a topic. Pure and synchronous: the rule tables are compiled once. */
export interface Classifier {
  classify(item: ItemText, topic: string): Classification;
}

/**
 * Runs one command for a front end: text is parsed with the shared grammar (Slack, console), a Command comes
 * ready-made from typed options (Discord). Malformed text gets a usage reply, never an exception.
 */
export type CommandRunner = (input: string | Command, invocation: Invocation) => Promise<Reply>;

/**
 * A front end could not tell whether the person may run the command (the platform refused to say). The command is
 * not run; the person is told why in these words, not given a generic apology.
 */
export class PermissionCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermissionCheckError';
  }
}

/**
 * Why a message could not be sent. transient: retry with backoff. rate-limited: retry after retryAfterMs.
 * permanent: the channel is gone or closed to us; the subscription is paused with the reason, not retried.
 */
export class DeliveryError extends Error {
  constructor(
    readonly kind: 'transient' | 'rate-limited' | 'permanent',
    /** in words a channel admin understands, e.g. "the bot is not in this channel (not_in_channel)" */
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(reason);
    this.name = 'DeliveryError';
  }
}

/**
 * Sends a rendered reply to a channel on one platform. Throws DeliveryError when it cannot. The channel's tenant
 * says which installation sends it where a platform has one per workspace (Slack's OAuth installs).
 */
export interface ChatSender {
  readonly platform: Platform;
  send(channelId: string, reply: Reply, tenant: string): Promise<void>;
}
