/**
 * GET /healthz, /readyz and /metrics. /healthz says the process runs and its database answers; /readyz says
 * everything configured is serving (database migrated, front ends started, their routes mounted), which is what
 * a load balancer should wait for. Neither shows a driver's error: that goes to the log.
 */
import type { ServerResponse } from 'node:http';
import type { Database } from '../db/connect.ts';
import { sendJson } from './http.ts';
import type { Logger } from './logger.ts';
import { MetricsCache } from './metrics.ts';
import { VERSION } from './version.ts';

const PING_TIMEOUT_MS = 2_000;
export const DATABASE_DOWN = 'the database did not answer; the service log has the details';

export class Health {
  private database: Database | null = null;
  private metrics: MetricsCache | null = null;
  private ready = false;
  private stopping = false;
  private answering = true;

  constructor(
    private readonly log: Logger,
    private readonly started = Date.now(),
  ) {}

  /** The database is open and migrated: /healthz can say ok. */
  opened(database: Database): void {
    this.database = database;
    this.metrics = new MetricsCache(database.db);
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

  /** Whether the database answers; a change either way is logged once, with the error when it fails. */
  private async databaseAnswers(database: Database): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        database.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS))),
      ]);
      if (!this.answering) this.log.info('health check: the database answers again');
      this.answering = true;
    } catch (error) {
      if (this.answering) this.log.warn({ err: error }, 'health check: the database did not answer');
      this.answering = false;
    } finally {
      clearTimeout(timer);
    }
    return this.answering;
  }

  async liveness(res: ServerResponse): Promise<void> {
    const base = { version: VERSION, uptimeSeconds: this.uptime() };
    const database = this.database;
    if (!database) return sendJson(res, 503, { status: 'starting', database: 'opening', ...base });
    if (await this.databaseAnswers(database)) return sendJson(res, 200, { status: 'ok', database: 'ok', databaseKind: database.kind, ...base });
    sendJson(res, 503, { status: 'degraded', database: 'unreachable', error: DATABASE_DOWN, ...base });
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
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(body);
  }
}
