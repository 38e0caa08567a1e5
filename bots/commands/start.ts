import type { Config } from '../config.ts';
import type { CliBridge } from '../service.ts';
import type { CommandGroup } from './types.ts';

/** `start` needs the bridge the service offers to forwarded commands; cli.ts passes it in to avoid a cycle. */
export function startCommand(bridge: CliBridge): CommandGroup {
  return {
    name: 'start',
    needsDatabase: false,
    register(program, { runtime, setExitCode }) {
      program
        .command('start')
        .description('run the service: polling, digests, alerts and the chat front ends')
        .action(async () => setExitCode(await runStart(runtime.config(), bridge)));
    },
  };
}

async function runStart(config: Config, bridge: CliBridge): Promise<number> {
  const [{ createLogger }, { startService }] = await Promise.all([import('../logger.ts'), import('../service.ts')]);
  const log = createLogger(config.logLevel, undefined, config.secrets);
  // Listen before starting: a supervisor may signal the moment the service says it runs, and a signal that came
  // during start-up stops the service as soon as it is up. A second signal while stopping ends it at once.
  let stop: (signal: NodeJS.Signals) => void = (signal) => (early ??= signal);
  let early: NodeJS.Signals | null = null;
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const service = await startService(config, log, bridge);
  return new Promise<number>((resolve) => {
    let stopping = false;
    stop = (signal) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'signal received');
      // The service promises to be gone within 10 s; if in-flight work hangs, leave without it.
      const guard = setTimeout(() => {
        log.error('shutdown took longer than 9 s; exiting without waiting further');
        process.exit(1);
      }, 9_000);
      guard.unref();
      service.stop().then(
        () => resolve(0),
        (error: unknown) => {
          log.error({ err: error }, 'error while stopping');
          resolve(1);
        },
      );
    };
    if (early) stop(early);
  });
}
