/**
 * A claim on a batch of outbox rows, kept alive by a heartbeat while the deliverer works on it. The lease runs on
 * the database's clock; here it is tracked on the monotonic clock from the moment each extension was asked for,
 * which is never later than the database's own expiry. A row is held until it is done, released, or a heartbeat
 * finds that another process took it.
 */
import { performance } from 'node:perf_hooks';
import type { ClaimedDelivery, Outbox } from '../db/outbox.ts';
import type { Logger } from './logger.ts';

export class Lease {
  private readonly held = new Set<number>();
  private readonly token: string;
  private validUntil: number;
  private readonly timer: NodeJS.Timeout;
  private beating: Promise<void> | null = null;
  private failing = false;

  constructor(
    private readonly outbox: Outbox,
    rows: ClaimedDelivery[],
    private readonly options: { leaseMs: number; heartbeatMs: number; log: Logger },
  ) {
    // The claim statement ran before this line, so its expiry is at least leaseMs from here.
    this.validUntil = performance.now() + options.leaseMs;
    this.token = rows[0]?.token ?? '';
    for (const r of rows) this.held.add(r.id);
    this.timer = setInterval(() => {
      this.beating ??= this.beat().finally(() => (this.beating = null));
    }, options.heartbeatMs);
    this.timer.unref();
  }

  /** How long the row is surely still ours; 0 when it is not. */
  remainingMs(id: number): number {
    return this.held.has(id) ? Math.max(0, this.validUntil - performance.now()) : 0;
  }

  /** The row is done (or handed back): stop extending it. */
  release(id: number): void {
    this.held.delete(id);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
  }

  private async beat(): Promise<void> {
    if (this.held.size === 0) return;
    const asked = performance.now();
    try {
      const kept = new Set(await this.outbox.extend([...this.held], this.token, this.options.leaseMs));
      for (const id of this.held) if (!kept.has(id)) this.held.delete(id);
      this.validUntil = asked + this.options.leaseMs;
      if (this.failing) this.options.log.info('delivery claims are extended again');
      this.failing = false;
    } catch (error) {
      // No extension: the lease runs out on schedule, and no new send starts once too little of it is left.
      if (!this.failing) this.options.log.warn({ err: error }, 'could not extend the delivery claims; no new send starts until they are renewed');
      this.failing = true;
    }
  }
}
