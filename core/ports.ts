/**
 * Ports: the interfaces core defines and adapters implement. Core never imports an adapter; the composition
 * root (bots/main) wires concrete ones in.
 */
import type { Command, Invocation } from './commands/grammar.ts';
import type { Reply } from './reply.ts';
import type { Classification, ItemText, Platform } from './types.ts';

/** Labels an item for a topic. Pure and synchronous: the rule tables are compiled once. */
export interface Classifier {
  classify(item: ItemText, topic: string): Classification;
}

/**
 * Runs one command for a front end: a Command (Slack and Discord read theirs with the grammar at the edge, so a
 * usage hint can name the platform's form), or text, parsed with the shared grammar (the console). Malformed text
 * gets a usage reply, never an exception.
 */
export type CommandRunner = (input: string | Command, invocation: Invocation) => Promise<Reply>;

/**
 * The one vocabulary of delivery failures. Adapters map their platform's answers to a code; the deliverer alone
 * decides what each code does (see DELIVERY_POLICY in bots/deliverer.ts):
 * - channel_gone: the channel no longer exists or is archived. The channel's subscriptions are paused.
 * - no_access: the channel exists but the bot may not see it or post there. The subscriptions are paused.
 * - bad_request: the platform refused this message itself. It is dropped with the reason; nothing is paused.
 * - auth: the platform refused the bot's credentials. Retried slowly; the operator is told; nothing is paused.
 * - rate_limited: the platform asked to wait. Retried exactly after retryAfterMs.
 * - transient: the platform or the network had trouble. Retried with backoff.
 */
export const DELIVERY_ERROR_CODES = ['channel_gone', 'no_access', 'bad_request', 'auth', 'rate_limited', 'transient'] as const;
export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];

export interface DeliveryErrorOptions {
  /** rate_limited: how long the platform asked to wait */
  retryAfterMs?: number;
  /**
   * The request may have reached the platform and been accepted (a timeout, a reset connection, a 5xx): a retry
   * must first settle whether it arrived. False when the platform surely did not take it (it answered with a
   * refusal, or the connection was never made).
   */
  mayHaveArrived?: boolean;
}

export class DeliveryError extends Error {
  readonly retryAfterMs: number | undefined;
  readonly mayHaveArrived: boolean;

  constructor(
    readonly code: DeliveryErrorCode,
    /** in words a channel admin understands, e.g. "the bot is not in this channel (not_in_channel)" */
    readonly reason: string,
    options: DeliveryErrorOptions = {},
  ) {
    super(reason);
    this.name = 'DeliveryError';
    this.retryAfterMs = options.retryAfterMs;
    this.mayHaveArrived = options.mayHaveArrived ?? code === 'transient';
  }
}

/** Which outbox row a send is, so platforms that can deduplicate do. */
export interface DeliveryRef {
  /** the row's unique key: Discord's nonce and Slack's message metadata carry it */
  key: string;
  /**
   * Set when an earlier attempt may have arrived (the process died, or the answer was lost): when the first attempt
   * began, by the database's clock. A sender that can look checks for the message since then before posting again.
   */
  firstAttemptAt?: Date;
}

export interface SendResult {
  /** an earlier attempt had arrived: nothing was posted now */
  alreadyThere?: boolean;
  /**
   * Why this channel gets at-least-once delivery (the sender cannot look for an earlier attempt, e.g. a Slack
   * workspace that did not grant the history scopes), or null once exactly-once holds again. Undefined: no news.
   */
  atLeastOnce?: string | null;
}

/**
 * Sends a rendered reply to a channel on one platform. Throws DeliveryError when it cannot. The channel's tenant
 * says which installation sends it where a platform has one per workspace (Slack's OAuth installs).
 */
export interface ChatSender {
  readonly platform: Platform;
  send(channelId: string, reply: Reply, tenant: string, delivery?: DeliveryRef): Promise<SendResult | void>;
}

/** A start-up failure (a wrong token, a port in use): the CLI prints it as one line, with the fix, and exits 1. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** The service's log, as front ends use it (pino's methods). */
export interface Log {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Log;
  isLevelEnabled(level: string): boolean;
}

/** What the service gives a front end when it starts. */
export interface FrontEndContext {
  /** runs a command through core and returns the reply to render */
  run: CommandRunner;
  log: Log;
  /** the service's HTTP port, for front ends that receive requests (Slack's events) */
  http: { mount(path: string, listener: RequestListener): void };
  /**
   * Where the picture of an outbox message's chart can be fetched from the service's public address (signed,
   * expiring); absent when no public address is configured (TALKWATCH_PUBLIC_URL).
   */
  chartUrl?(tenant: string, deliveryKey: string): Promise<string>;
  /**
   * For a platform with one installation per workspace (a distributed Slack app): where installations are kept,
   * sealed by the front end, and how a tenant whose installation ended is paused. The service always passes it; a
   * front end that needs it and lacks it refuses to start.
   */
  tenants?: {
    installations: InstallationRecords;
    pauseTenant(tenant: string, reason: string): Promise<number>;
  };
  /**
   * With several replicas on one database, what only one of them may do at a time (hold Discord's gateway): the
   * turn named here. `lost` is called if the turn is lost while held. Absent: the turn is always ours.
   */
  turn?(name: string, lost: () => void): Turn;
}

/** One replica's turn at something only one may do at a time. */
export interface Turn {
  /** true when the turn is ours now */
  tryNow(): Promise<boolean>;
  /** ask every few seconds until it is ours (true) or the service stops (false) */
  wait(): Promise<boolean>;
}

/** One workspace's installation as storage keeps it: who it is, and the installation sealed (tokens included). */
export interface InstallationRecord {
  tenant: string;
  enterpriseId: string | null;
  teamId: string | null;
  orgWide: boolean;
  sealed: string;
}

export interface InstallationRecords {
  save(record: InstallationRecord, now: Date): Promise<void>;
  /** the installation of a tenant that has not uninstalled the app, or null */
  find(tenant: string): Promise<InstallationRecord | null>;
  /** forget the tokens of an uninstalled app; the row stays, marked */
  uninstall(tenant: string, now: Date): Promise<boolean>;
}

/** A listener for requests under a path; it gets node's request and response (core never touches them). */
export type RequestListener = (request: never, response: never) => void | Promise<void>;

/**
 * A chat front end: receives commands from its platform and sends deliveries to it. bots/frontends/kit.ts has what
 * every front end does the same way; a platform's folder adds only its own part (see the README, "Adding a chat
 * platform").
 */
export interface FrontEnd extends ChatSender {
  /** connect, and take commands; throws StartupError with the fix when the platform refuses the credentials */
  start(ctx: FrontEndContext): Promise<void>;
  /** take no new commands; let answers and sends in flight finish within a few seconds */
  stop(): Promise<void>;
}
