/**
 * GET /healthz, /readyz and /metrics. /healthz says the process runs and its database answers; /readyz says
 * everything configured is serving (database migrated, front ends started, their routes mounted), which is what
 * a load balancer should wait for. Neither shows a driver's error: that goes to the log. /healthz also shows how
 * old the newest successful poll (by any replica) and the oldest pending delivery are, read at most every 15 s.
 */
import type { ServerResponse } from 'node:http';
import type { Database } from '../db/connect.ts';
import type { Deliverer } from './deliverer.ts';
import { sendJson } from './http.ts';
import type { Logger } from './logger.ts';
import { Metrics, type Freshness } from './metrics.ts';
import { VERSION } from './version.ts';

const PING_TIMEOUT_MS = 2_000;
export const DATABASE_DOWN = 'the database did not answer; the service log has the details';

/**
 * Whether the database answers, said once when it goes away and once when it is back, however many jobs and
 * requests notice meanwhile.
 */
export class DatabaseWatch {
  private reachable = true;
  private lastLost = 0;

  constructor(private readonly log: Logger) {}

  private down(error: unknown): void {
    if (!this.reachable) return;
    this.reachable = false;
    this.log.error({ err: error }, 'database unreachable; work waits for it and resumes when it is back');
  }

  private up(): void {
    if (this.reachable) return;
    this.reachable = true;
    this.log.info('database reachable again');
  }

  /** The server closed idle connections (a restart, an admin): the pool replaces them. Said once a minute at most. */
  connectionLost(error: Error): void {
    const now = Date.now();
    if (now - this.lastLost < 60_000) return;
    this.lastLost = now;
    this.log.warn({ err: error }, 'the database server closed connections; new ones replace them');
  }

  /** Ping the database; throws what went wrong, after saying so (once per outage). */
  async check(database: Database, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        database.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
      ]);
      this.up();
    } catch (error) {
      this.down(error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The platforms refusing the bot's credentials, for the operator: the service stays up (200), since a restart would not help. */
export function deliveryHealth(deliverer: Pick<Deliverer, 'authProblems'> | null): Record<string, unknown> {
  const problems = deliverer?.authProblems() ?? [];
  if (problems.length === 0) return { status: 'ok' };
  return {
    status: 'credentials refused',
    problems: problems.map((p) => ({ platform: p.platform, tenant: p.tenant, reason: p.reason, since: p.since.toISOString(), nextTry: p.retryAt.toISOString() })),
  };
}

export class Health {
  private database: Database | null = null;
  private metrics: Metrics | null = null;
  private appNow: () => number = Date.now;
  private deliverer: Pick<Deliverer, 'authProblems'> | null = null;
  private ready = false;
  private stopping = false;

  constructor(
    private readonly log: Logger,
    private readonly watch: DatabaseWatch,
    private readonly started = Date.now(),
  ) {}

  /** The database is open and migrated: /healthz can say ok. `appNow`: the app's clock, which dates polls and deliveries. */
  opened(database: Database, metrics = new Metrics(database.db, { processMetrics: false }), appNow: () => number = Date.now): void {
    this.database = database;
    this.metrics = metrics;
    this.appNow = appNow;
  }

  /** The ages /healthz shows, from the shared state metrics read at most every 15 s; null when that read fails. */
  private async freshness(): Promise<Partial<Freshness>> {
    try {
      return (await this.metrics?.state.freshness(this.appNow())) ?? {};
    } catch {
      return {};
    }
  }

  /** The deliverer runs: /healthz names the platforms that refuse its credentials. */
  delivering(deliverer: Pick<Deliverer, 'authProblems'>): void {
    this.deliverer = deliverer;
  }

  /** Everything configured is serving: /readyz turns 200. */
  serving(): void {
    this.ready = true;
  }

  /** Stopping: /readyz turns 503 first, so a load balancer sends nothing more. */
  draining(): void {
    this.stopping = true;
  }

  private uptime(): number {
    return Math.round((Date.now() - this.started) / 1000);
  }

  /** Whether the database answers; a change either way is logged once (by the watch), with the error when it fails. */
  private async databaseAnswers(database: Database): Promise<boolean> {
    try {
      await this.watch.check(database, PING_TIMEOUT_MS);
      return true;
    } catch {
      return false;
    }
  }

  async liveness(res: ServerResponse): Promise<void> {
    const base = { version: VERSION, uptimeSeconds: this.uptime() };
    const database = this.database;
    if (!database) return sendJson(res, 503, { status: 'starting', database: 'opening', ...base });
    const delivery = deliveryHealth(this.deliverer);
    if (await this.databaseAnswers(database)) {
      return sendJson(res, 200, { status: 'ok', database: 'ok', databaseKind: database.kind, ...base, ...(await this.freshness()), delivery });
    }
    sendJson(res, 503, { status: 'degraded', database: 'unreachable', error: DATABASE_DOWN, ...base, delivery });
  }

  async readiness(res: ServerResponse): Promise<void> {
    const base = { version: VERSION, uptimeSeconds: this.uptime() };
    if (this.stopping) return sendJson(res, 503, { status: 'stopping', ...base });
    if (!this.ready || !this.database) return sendJson(res, 503, { status: 'starting', ...base });
    if (!(await this.databaseAnswers(this.database))) return sendJson(res, 503, { status: 'degraded', error: DATABASE_DOWN, ...base });
    sendJson(res, 200, { status: 'ready', ...base });
  }

  async metricsText(res: ServerResponse): Promise<void> {
    if (!this.metrics) return sendJson(res, 503, { error: 'starting' });
    let body: string;
    try {
      body = await this.metrics.render(this.uptime());
    } catch (error) {
      this.log.warn({ err: error }, 'metrics: the database did not answer');
      return sendJson(res, 503, { error: DATABASE_DOWN });
    }
    res.writeHead(200, { 'content-type': this.metrics.contentType }).end(body);
  }
}
