/**
 * The deliverer: outbox rows -> chat platforms. Rows of one channel go out in order; channels proceed in parallel.
 * What a failure does is decided here alone, from its code (DELIVERY_POLICY); adapters only name the code.
 *
 * Exactly once: a claim holds rows with a fencing token and a lease that a heartbeat extends while the batch is
 * worked on; no send starts unless the lease has SEND_BUDGET_MS left, and only the holder can record an outcome.
 * A row whose holder died (or whose answer was lost) is claimed again as uncertain, and the sender settles it with
 * the platform's own idempotency before sending again (Discord's nonce, Slack's message metadata in history).
 */
import { randomBytes } from 'node:crypto';
import { DeliveryError, type ChatSender, type DeliveryErrorCode, type SendResult } from '../core/ports.ts';
import type { Clock } from '../core/clock.ts';
import type { Platform } from '../core/types.ts';
import type { ClaimedDelivery, Outbox } from '../db/outbox.ts';
import { Lease } from './lease.ts';
import type { Logger } from './logger.ts';

export const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;
/** a refused token is the operator's to fix: try again this often, never give up */
export const AUTH_RETRY_MS = 10 * 60_000;
const MIN_RATE_LIMIT_WAIT_MS = 1_000;

export type Then = 'pause' | 'drop' | 'retry';

/** The one policy: what each delivery error code does. README, "Delivery", has it as a table. */
export const DELIVERY_POLICY: Record<DeliveryErrorCode, { then: Then; wait?: 'backoff' | 'asked' | 'slow'; givesUp?: boolean }> = {
  channel_gone: { then: 'pause' },
  no_access: { then: 'pause' },
  bad_request: { then: 'drop' },
  auth: { then: 'retry', wait: 'slow' },
  rate_limited: { then: 'retry', wait: 'asked' },
  transient: { then: 'retry', wait: 'backoff', givesUp: true },
};

export function backoffMs(attempts: number): number {
  return Math.min(BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export interface DelivererOptions {
  /** how long a claim holds rows without a heartbeat; default 30 s */
  leaseMs?: number;
  /** how often the heartbeat extends a claim; default 5 s */
  heartbeatMs?: number;
  /** the least lease left for a send to start; default 15 s (Slack's request timeout is 10 s) */
  sendBudgetMs?: number;
  batch?: number;
  /** told each attempt's outcome, for the metrics */
  observe?: (d: ClaimedDelivery, outcome: 'sent' | 'retry' | 'failed' | 'dropped' | 'paused', at: Date) => void;
}

/** A platform that refuses our credentials: /healthz shows it, the log says it once. */
export interface AuthProblem {
  platform: Platform;
  tenant: string;
  reason: string;
  since: Date;
  retryAt: Date;
}

type Outcome = 'sent' | 'failed' | 'dropped' | 'paused' | 'lost' | Date;

export class Deliverer {
  private readonly worker = `${process.pid}-${randomBytes(3).toString('hex')}`;
  private running: Promise<number> | null = null;
  private again = false;
  private stopping = false;
  private readonly auth = new Map<string, AuthProblem>();
  private readonly probes = new Map<string, Promise<void>>();
  private readonly atLeastOnce = new Map<string, string | null>();
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly sendBudgetMs: number;

  constructor(
    private readonly outbox: Outbox,
    private readonly senders: Map<Platform, ChatSender>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: DelivererOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.sendBudgetMs = options.sendBudgetMs ?? Math.min(15_000, this.leaseMs / 2);
  }

  /** Platforms whose credentials were refused, for /healthz. */
  authProblems(): AuthProblem[] {
    return [...this.auth.values()];
  }

  /**
   * Start no new send, and wait at most graceMs for those in flight: the service must stop within 10 s. A send cut
   * off here is settled by the next claim of its row, with the platform's help.
   */
  async stop(graceMs = 4_000): Promise<void> {
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  /** Resolves when no run is in flight. */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => {});
  }

  /** Send everything due now. Concurrent calls share one run; a call during a run triggers one more. */
  runOnce(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.stopping) return Promise.resolve(0);
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.runOnce().catch((error: unknown) => this.log.error({ err: error }, 'delivery run failed'));
      }
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let sent = 0;
    const platforms = [...this.senders.keys()];
    while (!this.stopping) {
      const batch = await this.outbox.claim(this.clock.now(), this.worker, this.leaseMs, this.options.batch ?? 50, platforms);
      if (batch.length === 0) break;
      const lease = new Lease(this.outbox, batch, { leaseMs: this.leaseMs, heartbeatMs: this.heartbeatMs, log: this.log });
      try {
        const byChannel = new Map<string, ClaimedDelivery[]>();
        for (const d of batch) {
          const channel = `${d.tenant}:${d.platform}:${d.channelId}`;
          byChannel.set(channel, [...(byChannel.get(channel) ?? []), d]);
        }
        // allSettled: a channel that fails (the database went away) must not end the lease under the others' feet
        const results = await Promise.allSettled([...byChannel.values()].map((rows) => this.sendInOrder(rows, lease)));
        for (const r of results) if (r.status === 'fulfilled') sent += r.value;
        const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failure) throw failure.reason;
      } finally {
        await lease.stop();
      }
    }
    return sent;
  }

  private async sendInOrder(rows: ClaimedDelivery[], lease: Lease): Promise<number> {
    let sent = 0;
    for (const [i, d] of rows.entries()) {
      const rest = rows.slice(i + 1);
      if (this.stopping || lease.remainingMs(d.id) < this.sendBudgetMs) {
        // Too little of the claim left to send safely (or shutting down): hand the rows back untried.
        for (const r of [d, ...rest]) await this.putBack(r, lease, this.clock.now());
        break;
      }
      const outcome = await this.sendOne(d, lease);
      lease.release(d.id);
      if (outcome === 'sent') sent++;
      if (outcome === 'paused') {
        // The channel is unreachable: the rest of its batch fails with the same reason, kept for the record.
        for (const r of rest) await this.outbox.markFailed(r.id, r.token, null, 'not sent: the channel was paused');
        break;
      }
      if (outcome === 'lost') {
        for (const r of rest) await this.putBack(r, lease, this.clock.now());
        break;
      }
      if (outcome instanceof Date) {
        // Keep the channel's order: what follows waits for the message that must be retried.
        for (const r of rest) await this.putBack(r, lease, outcome);
        break;
      }
    }
    return sent;
  }

  private async putBack(d: ClaimedDelivery, lease: Lease, at: Date): Promise<void> {
    lease.release(d.id);
    await this.outbox.defer(d.id, d.token, at).catch((error: unknown) => this.log.warn({ err: error, delivery: d.key }, 'could not hand a delivery back; its claim will run out'));
  }

  private async sendOne(d: ClaimedDelivery, lease: Lease): Promise<Outcome> {
    const sender = this.senders.get(d.platform)!;
    // While one message tries credentials that were refused, the tenant's others wait for its answer.
    for (let probe = this.probes.get(d.tenant); probe; probe = this.probes.get(d.tenant)) await probe;
    const blocked = this.auth.get(d.tenant);
    if (blocked && blocked.retryAt > this.clock.now()) {
      // The same credentials were refused a moment ago: wait with the rest instead of asking again.
      await this.putBack(d, lease, blocked.retryAt);
      return blocked.retryAt;
    }
    let probed = () => {};
    if (blocked) this.probes.set(d.tenant, new Promise<void>((resolve) => (probed = resolve)));
    let result: SendResult | void;
    try {
      result = await sender.send(d.channelId, d.payload, d.tenant, { key: d.key, ...(d.uncertain ? { firstAttemptAt: d.firstAttemptAt } : {}) });
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError('transient', `sending failed (${(error as Error)?.message ?? String(error)})`);
      return await this.failed(d, failure);
    } finally {
      if (blocked) {
        this.probes.delete(d.tenant);
        probed();
      }
    }
    await this.accepted(d, result ?? {});
    if (!(await this.record(d, lease))) return 'lost';
    this.options.observe?.(d, 'sent', this.clock.now());
    this.log.info({ delivery: d.key, platform: d.platform, channel: d.channelId, alreadyThere: result?.alreadyThere || undefined }, 'delivered');
    return 'sent';
  }

  /**
   * Record the send. A database hiccup must not make us send again: keep trying while the claim holds. False when
   * the claim is gone; then the next holder finds the message with the platform's help instead of sending twice.
   */
  private async record(d: ClaimedDelivery, lease: Lease): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        if (await this.outbox.markSent(d.id, d.token, this.clock.now())) return true;
        this.log.warn({ delivery: d.key }, 'sent, but another process took the delivery over meanwhile; it will find the message instead of sending it again');
        return false;
      } catch (error) {
        const wait = Math.min(250 * 2 ** attempt, 2_000);
        // Until the claim runs out nobody else can take the row: keep trying that long (the outage may be short).
        if (this.stopping || lease.remainingMs(d.id) < wait + 1_000) {
          this.log.warn({ err: error, delivery: d.key }, 'sent, but could not record it; the next claim will find the message instead of sending it again');
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async accepted(d: ClaimedDelivery, result: SendResult): Promise<void> {
    const problem = this.auth.get(d.tenant);
    if (problem) {
      this.auth.delete(d.tenant);
      this.log.info({ platform: d.platform, tenant: d.tenant }, `${d.platform} accepts the bot's credentials again`);
    }
    if (result.atLeastOnce === undefined || this.atLeastOnce.get(d.tenant) === result.atLeastOnce) return;
    const before = this.atLeastOnce.get(d.tenant);
    this.atLeastOnce.set(d.tenant, result.atLeastOnce);
    await this.outbox.setAtLeastOnce(d.tenant, result.atLeastOnce, this.clock.now()).catch(() => this.atLeastOnce.delete(d.tenant));
    if (result.atLeastOnce) this.log.warn({ platform: d.platform, tenant: d.tenant }, `delivery to ${d.tenant} is at least once: ${result.atLeastOnce}`);
    else if (before) this.log.info({ platform: d.platform, tenant: d.tenant }, `delivery to ${d.tenant} is exactly once again`);
  }

  private async failed(d: ClaimedDelivery, failure: DeliveryError): Promise<Outcome> {
    const outcome = await this.settleFailure(d, failure);
    const name = outcome instanceof Date ? 'retry' : outcome;
    if (name !== 'sent' && name !== 'lost') this.options.observe?.(d, name, this.clock.now());
    return outcome;
  }

  private async settleFailure(d: ClaimedDelivery, failure: DeliveryError): Promise<Outcome> {
    const policy = DELIVERY_POLICY[failure.code];
    const context = { delivery: d.key, platform: d.platform, channel: d.channelId, code: failure.code, reason: failure.reason };
    if (policy.then === 'pause') {
      await this.outbox.markFailed(d.id, d.token, failure.code, failure.reason);
      const paused = await this.outbox.pauseChannel(d.platform, d.channelId, d.tenant, failure.reason, this.clock.now());
      this.log.warn({ ...context, paused }, 'the channel cannot be reached; its subscriptions are paused');
      return 'paused';
    }
    if (policy.then === 'drop') {
      await this.outbox.markFailed(d.id, d.token, failure.code, failure.reason);
      this.log.warn(context, 'the platform refused this message; it is dropped and the subscription kept');
      return 'dropped';
    }
    if (policy.givesUp && d.attempts >= MAX_ATTEMPTS) {
      await this.outbox.markFailed(d.id, d.token, failure.code, `gave up after ${d.attempts} attempts: ${failure.reason}`);
      this.log.error(context, 'delivery failed for good');
      return 'failed';
    }
    const now = this.clock.now().getTime();
    const wait =
      policy.wait === 'asked' ? Math.max(MIN_RATE_LIMIT_WAIT_MS, failure.retryAfterMs ?? MIN_RATE_LIMIT_WAIT_MS) : policy.wait === 'slow' ? AUTH_RETRY_MS : backoffMs(d.attempts);
    const at = new Date(now + wait);
    if (failure.code === 'auth') this.authRefused(d, failure.reason, at);
    await this.outbox.retryLater(d.id, d.token, at, { code: failure.code, reason: failure.reason, counted: policy.givesUp === true, uncertain: failure.mayHaveArrived });
    this.log[failure.code === 'auth' ? 'debug' : 'warn']({ ...context, retryInMs: wait }, 'delivery will be retried');
    return at;
  }

  private authRefused(d: ClaimedDelivery, reason: string, retryAt: Date): void {
    const known = this.auth.get(d.tenant);
    this.auth.set(d.tenant, { platform: d.platform, tenant: d.tenant, reason, since: known?.since ?? this.clock.now(), retryAt });
    // Once per outage: the operator must act, and a line every ten minutes would bury everything else.
    if (!known) this.log.error({ platform: d.platform, tenant: d.tenant, reason }, `${d.platform} refuses the bot's credentials; deliveries wait and retry every ${AUTH_RETRY_MS / 60_000} minutes, nothing is paused`);
  }
}
