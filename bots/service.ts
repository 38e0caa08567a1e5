/**
 * `talkwatch start`: the long-running service. Start-up order keeps failures clean: config is already valid,
 * then the data directory and its lock, then the port (so a port in use fails before any database is written),
 * then the database and migrations, then ticks and front ends.
 */
import { DASHBOARD_PATH } from './dashboard/links.ts';
import { dashboardHandler } from './dashboard/server.ts';
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { clockFor, createApp, openDatabase, prepareDataDir, StartupError, type App } from './app.ts';
import { loadClassifier } from './rules.ts';
import type { Config } from './config.ts';
import { HttpServer, PortInUseError, readBody, sendJson } from './http.ts';
import { createFeedIngest, seedDefaultFeeds } from './feed-ingest.ts';
import { DataDirLock, LockedError } from './lock.ts';
import type { Logger } from './logger.ts';
import { Scheduler } from './scheduler.ts';
import { VERSION } from './version.ts';
import { Deliverer } from './deliverer.ts';
import { configuredPlatforms, createFrontEnds } from './frontends/index.ts';
import { cadence, jobs } from './pipeline.ts';
import { DatabaseWatch, Health } from './health.ts';
import { Metrics } from './metrics.ts';
import { outbox } from '../db/outbox.ts';
import { SessionLock } from '../db/session-lock.ts';
import type pg from 'pg';
import { installationRecords } from '../db/installation-store.ts';
import type { FrontEndContext } from '../core/ports.ts';

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
  let app: App | null = null;

  try {
    // The rule tables compile first, and the chat platforms read their settings: a bad rules file or setting stops
    // start-up before a data directory or a port is touched.
    const classifier = loadClassifier(config);
    const platforms = await configuredPlatforms(config);
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

    const watch = new DatabaseWatch(log);
    const health = new Health(log, watch, started);
    const http = new HttpServer((error) => log.error({ err: error }, 'http handler failed'));
    http.route('GET', '/healthz', (_req, res) => health.liveness(res));
    http.route('GET', '/readyz', (_req, res) => health.readiness(res));
    http.route('GET', '/metrics', (_req, res) => health.metricsText(res));
    const port = await listen(http, config.port, config.host);
    undo.push(() => http.close());
    log.info({ port, host: config.host ?? 'all interfaces' }, 'listening for HTTP');

    // The CLI bridge runs commands as an admin: it has its own port on loopback only, whatever HOST says, and
    // answers only with the token from the lock file, which only the data directory's owner can read.
    const cli = lock ? cliBridge(lock.info.token, (argv) => (app ? bridge(argv, app) : null), log) : null;
    if (lock && cli) {
      lock.setPort(await cli.listen(0, '127.0.0.1'));
      undo.push(() => cli.close());
    }

    const db = await openDatabase(config, log, (error) => watch.connectionLost(error));
    undo.push(() => db.close());
    const clock = clockFor(config);
    const metrics = new Metrics(db.db, { appNow: () => clock.now().getTime() });
    health.opened(db, metrics, () => clock.now().getTime());
    // The deliverer comes first, so the app can wake it; the front ends it sends through start once the app runs commands.
    const frontEnds = await createFrontEnds(platforms);
    const deliverer = new Deliverer(outbox(db.db), new Map(frontEnds.map((f) => [f.platform, f])), clock, log, {
      observe: (d, outcome, at) => metrics.delivered(d.platform, outcome, d.createdAt, at),
    });
    health.delivering(deliverer);
    let deliveryFailing = false;
    const deliver = () =>
      deliverer.runOnce().then(
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
    const current = createApp(config, log, db, clock, classifier, () => void deliver());
    http.mount(DASHBOARD_PATH, dashboardHandler(current, current.dashboard));
    if (config.defaultFeeds) {
      // Default feeds are a convenience: failing to add them must not stop the service.
      await seedDefaultFeeds(current).catch((error: unknown) => log.error({ err: error }, 'could not add the default feeds'));
    }
    const turns: SessionLock[] = [];
    const turn = (name: string, lost: () => void) => {
      const lock = new SessionLock('pool' in db ? (db.pool as pg.Pool) : null, name, lost);
      turns.push(lock);
      return lock;
    };
    for (const frontEnd of frontEnds) {
      await frontEnd.start({
        run: current.run,
        http,
        log,
        tenants: tenantHooks(current),
        turn,
        ...(config.dashboard.publicUrl ? { chartUrl: (tenant: string, key: string) => current.dashboard.chartLink(tenant, key) } : {}),
      });
      undo.push(() => frontEnd.stop());
    }
    // Turns are given up before the front ends stop: a standby waiting for one stops waiting, and another replica takes over.
    undo.push(() => Promise.all(turns.map((t) => t.release())).then(() => {}));
    undo.push(() => deliverer.stop());

    const ingest = createFeedIngest(current, { metrics });
    undo.push(() => ingest.close());
    const scheduler = new Scheduler(log);
    const schedule = jobs(current, ingest, deliver, cadence(config.fastClock !== null), watch, metrics);
    scheduler.start(schedule);
    undo.push(() => scheduler.stop());
    // Runs first on stop: polls in flight are cut short, so stopping never waits for a slow feed server.
    undo.push(() => ingest.poller.stop());
    app = current;
    void scheduler.runOnce(schedule.find((t) => t.name === 'feed-poll')!);
    void deliver();
    health.serving();

    log.info({ port, version: VERSION, database: db.where, frontEnds: frontEnds.map((f) => f.platform) }, 'talkwatch is running');
    return {
      app,
      port,
      async stop() {
        log.info('stopping');
        health.draining();
        // Take no new requests first; then ticks, deliveries in flight, front ends and the database wind down.
        await Promise.all([http.close(), cli?.close()]);
        await rollback();
      },
    };
  } catch (error) {
    await rollback();
    throw error;
  }
}

/** Installations of platforms that have one per workspace, and pausing a tenant whose installation ended. */
function tenantHooks(app: App): FrontEndContext['tenants'] {
  return {
    installations: installationRecords(app.database.db),
    pauseTenant: (tenant, reason) => app.store.pauseTenant(tenant, reason, app.clock.now()),
  };
}

async function listen(http: HttpServer, port: number, host: string | null): Promise<number> {
  try {
    return await http.listen(port, host ?? undefined);
  } catch (error) {
    if (error instanceof PortInUseError) {
      throw new StartupError(`port ${port} is already in use: stop what uses it, or set PORT to a free port (PORT=0 picks one).`);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (host && code && ['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'EAFNOSUPPORT', 'EINVAL'].includes(code)) {
      throw new StartupError(`cannot listen on HOST=${host} (${code}): use an address of this machine, such as 127.0.0.1, ::1, 0.0.0.0 or ::, or unset HOST.`);
    }
    throw error;
  }
}

function cliBridge(token: string, run: (argv: string[]) => ReturnType<CliBridge> | null, log: Logger): HttpServer {
  const server = new HttpServer((error) => log.error({ err: error }, 'CLI bridge failed'));
  server.route('POST', '/internal/cli', async (req, res) => {
    if (!authorised(req, token)) return sendJson(res, 401, { error: 'unauthorised' });
    const { argv } = JSON.parse(await readBody(req)) as { argv: string[] };
    const result = await run(argv);
    if (!result) return sendJson(res, 503, { error: 'starting' });
    sendJson(res, 200, result);
  });
  return server;
}

function authorised(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(String(req.headers.authorization ?? ''));
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
