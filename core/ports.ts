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
   * For a platform with one installation per workspace (a distributed Slack app): where installations are kept,
   * sealed by the front end, and how a tenant whose installation ended is paused. The service always passes it; a
   * front end that needs it and lacks it refuses to start.
   */
  tenants?: {
    installations: InstallationRecords;
    pauseTenant(tenant: string, reason: string): Promise<number>;
  };
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
