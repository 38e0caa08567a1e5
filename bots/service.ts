/**
 * `talkwatch start`: the long-running service. Start-up order keeps failures clean: config is already valid,
 * then the data directory and its lock, then the port (so a port in use fails before any database is written),
 * then the database and migrations, then ticks and front ends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/connect.ts';
import { clockFor, createApp, openDatabase, prepareDataDir, StartupError, type App } from './app.ts';
import { loadClassifier } from './rules.ts';
import type { Config } from './config.ts';
import { HttpServer, PortInUseError, readBody, sendJson } from './http.ts';
import { createFeedIngest, seedDefaultFeeds, type FeedIngest } from './feed-ingest.ts';
import { DataDirLock, LockedError } from './lock.ts';
import type { Logger } from './logger.ts';
import { Scheduler, type Tick } from './scheduler.ts';
import { VERSION } from './version.ts';
import { Deliverer } from './deliverer.ts';
import { createFrontEnds } from './frontends/index.ts';
import { pipelineTicks, type Cadence } from './pipeline.ts';
import { renderMetrics } from './metrics.ts';

export interface Service {
  app: App;
  port: number;
  stop(): Promise<void>;
}

/** Runs a CLI command line inside the service: how CLI commands reach an embedded database the service holds. */
export type CliBridge = (argv: string[], app: App) => Promise<{ code: number; stdout: string; stderr: string }>;

export async function startService(config: Config, log: Logger, bridge: CliBridge): Promise<Service> {
  const undo: Array<() => Promise<void> | void> = [];
  const rollback = async () => {
    for (const step of undo.reverse()) await step();
  };
  const started = Date.now();
  let database: Database | null = null;
  let app: App | null = null;

  try {
    // The rule tables compile first: a bad rules file stops start-up before a data directory or a port is touched.
    const classifier = loadClassifier(config);
    let lock: DataDirLock | null = null;
    if (!config.databaseUrl) {
      undo.push(prepareDataDir(config.dataDir));
      try {
        lock = DataDirLock.acquire(config.dataDir, 'service');
      } catch (error) {
        if (error instanceof LockedError) {
          throw new StartupError(
            `${error.message}: PGlite admits one process, so stop that one first, or set TALKWATCH_DATA_DIR to another directory.`,
          );
        }
        throw error;
      }
      const held = lock;
      undo.push(() => held.release());
    }

    const http = new HttpServer((error) => log.error({ err: error }, 'http handler failed'));
    const watch = new DatabaseWatch(log);
    let deliverer: Deliverer | null = null;
    http.route('GET', '/healthz', (_req, res) => health(res, database, started, watch, deliverer));
    http.route('GET', '/metrics', async (_req, res) => {
      if (!database) return sendJson(res, 503, { error: 'starting' });
      const body = await renderMetrics(database.db, Math.round((Date.now() - started) / 1000));
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(body);
    });
    http.route('POST', '/internal/cli', async (req, res) => {
      if (!lock || !authorised(req, lock.info.token)) return sendJson(res, 401, { error: 'unauthorised' });
      if (!app) return sendJson(res, 503, { error: 'starting' });
      const { argv } = JSON.parse(await readBody(req)) as { argv: string[] };
      sendJson(res, 200, await bridge(argv, app));
    });
    let port: number;
    try {
      port = await http.listen(config.port);
    } catch (error) {
      if (error instanceof PortInUseError) {
        throw new StartupError(`port ${config.port} is already in use: stop what uses it, or set PORT to a free port (PORT=0 picks one).`);
      }
      throw error;
    }
    undo.push(() => http.close());
    lock?.setPort(port);

    database = await openDatabase(config, log, (error) => watch.connectionLost(error));
    const db = database;
    undo.push(() => db.close());
    const current = createApp(config, log, db, clockFor(config), classifier);
    if (config.defaultFeeds) {
      // Default feeds are a convenience: failing to add them must not stop the service.
      await seedDefaultFeeds(current).catch((error: unknown) => log.error({ err: error }, 'could not add the default feeds'));
    }

    const frontEnds = await createFrontEnds(config);
    for (const frontEnd of frontEnds) {
      await frontEnd.start({ run: current.run, http, log });
      undo.push(() => frontEnd.stop());
    }
    const sending = new Deliverer(current.outbox, new Map(frontEnds.map((f) => [f.platform, f])), current.clock, log);
    deliverer = sending;
    let deliveryFailing = false;
    const deliver = () =>
      sending.runOnce().then(
        () => {
          if (deliveryFailing) log.info('deliveries run again');
          deliveryFailing = false;
        },
        (error: unknown) => {
          // The platforms' failures are handled per message; this is the database or a bug. Said once per outage.
          if (!deliveryFailing) log.error({ err: error }, 'a delivery run failed; its messages are retried, repeats are not logged until runs succeed');
          deliveryFailing = true;
        },
      );
    current.wake = () => void deliver();
    undo.push(() => sending.stop());

    const ingest = createFeedIngest(current);
    undo.push(() => ingest.close());
    const scheduler = new Scheduler(log);
    const every = cadence(config);
    const schedule = [...ticks(current, ingest, watch, every), ...pipelineTicks(current, deliver, every)];
    scheduler.start(schedule);
    undo.push(() => scheduler.stop());
    // Runs first on stop: polls in flight are cut short, so stopping never waits for a slow feed server.
    undo.push(() => ingest.poller.stop());
    app = current;
    void scheduler.runOnce(schedule.find((t) => t.name === 'feed-poll')!);
    void deliver();

    log.info({ port, version: VERSION, database: db.where, frontEnds: frontEnds.map((f) => f.platform) }, 'talkwatch is running');
    return {
      app,
      port,
      async stop() {
        log.info('stopping');
        // Take no new requests first; then ticks, deliveries in flight, front ends and the database wind down.
        await http.close();
        await rollback();
      },
    };
  } catch (error) {
    await rollback();
    throw error;
  }
}

/** How often the ticks run: as in the README, or every 2 s under a fast test clock, whose hours pass in seconds. */
export function cadence(config: Config): Cadence {
  if (config.fastClock) return { poll: '*/2 * * * * *', digests: '*/2 * * * * *', alerts: '*/2 * * * * *', deliver: '*/2 * * * * *', health: '*/5 * * * * *' };
  return { poll: '*/15 * * * * *', digests: '*/30 * * * * *', alerts: '0 * * * * *', deliver: '*/5 * * * * *', health: '*/10 * * * * *' };
}

function ticks(app: App, ingest: FeedIngest, watch: DatabaseWatch, every: Cadence): Tick[] {
  return [
    {
      name: 'feed-poll',
      every: every.poll,
      async run() {
        const reports = await ingest.poller.pollDue();
        if (reports.length === 0) return;
        const stored = reports.reduce((n, r) => n + r.stored, 0);
        const failed = reports.filter((r) => r.outcome === 'failed' || r.outcome === 'gone').length;
        app.log.info({ polled: reports.length, stored, failed }, 'feeds polled');
      },
    },
    {
      name: 'database-health',
      every: every.health,
      async run() {
        // the watch logs the outage once; the tick has nothing to add. A long query ahead of the ping on a busy
        // machine is not an outage: the tick waits longer than /healthz does.
        await watch.check(app.database, 10_000).catch(() => {});
      },
    },
  ];
}

/**
 * Whether the database answers, said once when it goes away and once when it is back, however many ticks and
 * requests notice meanwhile.
 */
export class DatabaseWatch {
  private reachable = true;
  private lastLost = 0;

  constructor(private readonly log: Logger) {}

  down(error: unknown): void {
    if (!this.reachable) return;
    this.reachable = false;
    this.log.error({ err: error }, 'database unreachable; work waits for it and resumes when it is back');
  }

  up(): void {
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

  /** Ping the database; throws what went wrong, after saying so (once). */
  async check(database: Database, timeoutMs: number): Promise<void> {
    try {
      await withTimeout(database.ping(), timeoutMs);
      this.up();
    } catch (error) {
      this.down(error);
      throw error;
    }
  }
}

async function health(res: ServerResponse, database: Database | null, started: number, watch: DatabaseWatch, deliverer: Deliverer | null): Promise<void> {
  const uptimeSeconds = Math.round((Date.now() - started) / 1000);
  if (!database) return sendJson(res, 503, { status: 'starting', database: 'opening', version: VERSION, uptimeSeconds });
  const delivery = deliveryHealth(deliverer);
  try {
    await watch.check(database, 2_000);
    sendJson(res, 200, { status: 'ok', database: 'ok', databaseKind: database.kind, version: VERSION, uptimeSeconds, delivery });
  } catch (error) {
    sendJson(res, 503, { status: 'degraded', database: 'unreachable', error: (error as Error).message, version: VERSION, uptimeSeconds, delivery });
  }
}

/** The platforms refusing the bot's credentials, for the operator: the service stays up (200), since a restart would not help. */
function deliveryHealth(deliverer: Deliverer | null): Record<string, unknown> {
  const problems = deliverer?.authProblems() ?? [];
  if (problems.length === 0) return { status: 'ok' };
  return {
    status: 'credentials refused',
    problems: problems.map((p) => ({ platform: p.platform, tenant: p.tenant, reason: p.reason, since: p.since.toISOString(), nextTry: p.retryAt.toISOString() })),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}

function authorised(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(String(req.headers.authorization ?? ''));
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
