/**
 * A turn that one process holds at a time across replicas: a session-level advisory lock on a connection of its
 * own. When the holder dies the server ends its session and the lock goes with it; a standby asks every few
 * seconds and takes over. The holder pings its connection as often, so a connection lost under it (the server
 * restarted, a network cut) ends its turn within that time too. Without a server (the embedded database admits
 * one process) the turn is always ours.
 */
import type pg from 'pg';
import { lockKey } from './exclusive.ts';

export const TURN_RETRY_MS = 2_000;

export class SessionLock {
  private client: pg.PoolClient | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private pinger: NodeJS.Timeout | null = null;
  private readonly key: number;

  constructor(
    private readonly pool: pg.Pool | null,
    name: string,
    private readonly onLost: (error: Error) => void = () => {},
    private readonly retryMs = TURN_RETRY_MS,
  ) {
    this.key = lockKey(`talkwatch:turn:${name}`);
  }

  get held(): boolean {
    return this.pool === null || this.client !== null;
  }

  /** One try: true when the turn is ours now. A database that does not answer counts as no. */
  async tryNow(): Promise<boolean> {
    if (this.stopped) return false;
    if (this.held) return true;
    let client: pg.PoolClient | null = null;
    try {
      client = await this.pool!.connect();
      const { rows } = await client.query<{ got: boolean }>('select pg_try_advisory_lock($1) as got', [this.key]);
      if (!rows[0]?.got || this.stopped) {
        client.release();
        return false;
      }
      this.hold(client);
      return true;
    } catch {
      client?.release(true);
      return false;
    }
  }

  /** Ask every few seconds until the turn is ours (true) or the lock is released (false). */
  async wait(): Promise<boolean> {
    while (!this.stopped) {
      if (await this.tryNow()) return true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.retryMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    return false;
  }

  /** Give the turn up (the next standby takes it within its retry time) and stop asking. */
  async release(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    this.drop();
    if (!client) return;
    try {
      await client.query('select pg_advisory_unlock($1)', [this.key]);
      client.release();
    } catch {
      client.release(true);
    }
  }

  private hold(client: pg.PoolClient): void {
    this.client = client;
    const lost = (error: Error) => {
      if (this.client !== client) return;
      this.drop();
      client.release(true);
      this.onLost(error);
    };
    // A checked-out client's errors are ours to handle; unhandled, one would end the process.
    client.on('error', lost);
    this.pinger = setInterval(() => void client.query('select 1').catch(lost), this.retryMs);
    this.pinger.unref();
  }

  private drop(): void {
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = null;
    this.client = null;
  }
}
