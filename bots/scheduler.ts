/**
 * Scheduler ticks on node-cron. A tick only asks the database what is due (feeds, digests, alerts, deliveries),
 * so a restart or a missed tick loses nothing. Stopping waits for ticks in flight.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from './logger.ts';

export interface Tick {
  name: string;
  /** cron expression with seconds, e.g. every 15 s: star-slash-15 then five stars */
  every: string;
  run(): Promise<void>;
}

export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly failing = new Set<string>();
  private stopped = false;

  constructor(private readonly log: Logger) {}

  start(ticks: Tick[]): void {
    for (const tick of ticks) {
      const task = cron.schedule(tick.every, () => this.runOnce(tick), { name: tick.name, noOverlap: true });
      this.tasks.push(task);
    }
  }

  /** Run a tick now (after a poll, or from a test), tracked like a scheduled run. */
  runOnce(tick: Tick): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const run = tick
      .run()
      .then(
        () => {
          if (this.failing.delete(tick.name)) this.log.info({ tick: tick.name }, 'tick runs again');
        },
        (error: unknown) => {
          // Said once per run of failures (a database outage fails every tick until it is back), not every time.
          if (this.failing.has(tick.name)) return;
          this.failing.add(tick.name);
          this.log.error({ err: error, tick: tick.name }, 'tick failed; repeats are not logged until it runs again');
        },
      )
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    return run;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const task of this.tasks) await task.destroy();
    await Promise.all([...this.inFlight]);
  }
}
