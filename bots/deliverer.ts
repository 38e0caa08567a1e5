/**
 * The deliverer: outbox rows -> chat platforms. Rows of one channel go out in order; channels proceed in parallel.
 * Transient failures retry with backoff; a rate limit waits as long as the platform asked; a permanent failure
 * (channel gone, bot removed) pauses the channel's subscriptions with the reason instead of retrying forever.
 *
 * Delivery is at least once: a process killed after the platform accepted a message but before the row was marked
 * sent sends it again when the lease runs out. Every other path sends exactly once.
 */
import { randomBytes } from 'node:crypto';
import { DeliveryError, type ChatSender } from '../core/ports.ts';
import type { Clock } from '../core/clock.ts';
import type { Platform } from '../core/types.ts';
import type { ClaimedDelivery, Outbox } from '../db/outbox.ts';
import type { Logger } from './logger.ts';

export const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;
const LEASE_MS = 120_000;

export function backoffMs(attempts: number): number {
  return Math.min(BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export class Deliverer {
  private readonly worker = `${process.pid}-${randomBytes(3).toString('hex')}`;
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly senders: Map<Platform, ChatSender>,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Resolves when no run is in flight (for a clean shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => {});
  }

  /** Send everything due now. Concurrent calls share one run; a call during a run triggers one more. */
  runOnce(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.runOnce();
      }
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.outbox.claim(this.clock.now(), this.worker, LEASE_MS, 50);
      if (batch.length === 0) return sent;
      const byChannel = new Map<string, ClaimedDelivery[]>();
      for (const d of batch) {
        const channel = `${d.tenant}:${d.platform}:${d.channelId}`;
        byChannel.set(channel, [...(byChannel.get(channel) ?? []), d]);
      }
      const results = await Promise.all([...byChannel.values()].map((rows) => this.sendInOrder(rows)));
      sent += results.reduce((a, b) => a + b, 0);
    }
  }

  private async sendInOrder(rows: ClaimedDelivery[]): Promise<number> {
    let sent = 0;
    for (const [i, d] of rows.entries()) {
      const outcome = await this.sendOne(d);
      if (outcome === 'sent') sent++;
      const rest = rows.slice(i + 1);
      if (outcome === 'paused') {
        // The channel is unreachable: the rest of its batch fails with the same reason, kept for the record.
        for (const r of rest) await this.outbox.markFailed(r.id, 'not sent: the channel was paused');
        break;
      }
      if (outcome instanceof Date) {
        // Keep the channel's order: what follows waits for the message that must be retried.
        for (const r of rest) await this.outbox.defer(r.id, outcome);
        break;
      }
    }
    return sent;
  }

  /** 'sent', 'failed', 'paused', or the time of the retry. */
  private async sendOne(d: ClaimedDelivery): Promise<'sent' | 'failed' | 'paused' | Date> {
    const sender = this.senders.get(d.platform);
    try {
      if (!sender) throw new DeliveryError('permanent', `${d.platform} is not configured on this service`);
      await sender.send(d.channelId, d.payload, d.tenant);
      await this.outbox.markSent(d.id, this.clock.now());
      this.log.info({ delivery: d.key, platform: d.platform, channel: d.channelId }, 'delivered');
      return 'sent';
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError('transient', (error as Error).message ?? String(error));
      const now = this.clock.now().getTime();
      if (failure.kind === 'permanent') {
        await this.outbox.markFailed(d.id, failure.reason);
        const paused = await this.outbox.pauseChannel(d.platform, d.channelId, d.tenant, failure.reason, this.clock.now());
        this.log.warn({ delivery: d.key, reason: failure.reason, paused }, 'permanent delivery failure; subscriptions paused');
        return 'paused';
      }
      if (failure.kind === 'transient' && d.attempts >= MAX_ATTEMPTS) {
        await this.outbox.markFailed(d.id, `gave up after ${d.attempts} attempts: ${failure.reason}`);
        this.log.error({ delivery: d.key, reason: failure.reason }, 'delivery failed for good');
        return 'failed';
      }
      const wait = failure.kind === 'rate-limited' ? (failure.retryAfterMs ?? 1_000) : backoffMs(d.attempts);
      const at = new Date(now + wait);
      await this.outbox.retryLater(d.id, at, failure.reason);
      this.log.warn({ delivery: d.key, kind: failure.kind, reason: failure.reason, retryInMs: wait }, 'delivery will be retried');
      return at;
    }
  }
}
