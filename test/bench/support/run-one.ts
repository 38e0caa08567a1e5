/**
 * One benchmark in a process of its own, for `npm run bench` to run in the background (see run.ts): its timers
 * then keep time however busy the main benchmark process is. Driven like a contender (support/child.ts).
 */
import type { Row } from './report.ts';

const file = process.argv[2]!;

process.on('message', (message: { type: string }) => {
  void (async () => {
    if (message.type === 'run') {
      try {
        const bench = (await import(new URL(`../${file}`, import.meta.url).href)) as { default: () => Promise<Row[]> };
        process.send!({ type: 'rows', rows: await bench.default(), error: null });
      } catch (error) {
        process.send!({ type: 'rows', rows: [], error: (error as Error)?.stack ?? String(error) });
      }
    } else {
      process.send!({ type: 'closed' }, () => process.exit(0));
    }
  })();
});
process.send!({ type: 'started' });
