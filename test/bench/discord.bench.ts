/**
 * The Discord front end against the fake Discord on 127.0.0.1: time to start (register /talks, log in), the first
 * answer to quick and to slow interactions (Discord's deadline is 3 s), and posting a digest.
 */
import { note } from '../../core/reply.ts';
import { commandOptions, slashCommand } from '../support/discord-fixtures.ts';
import { sampleDigest } from '../support/digest-fixture.ts';
import { APPLICATION_ID, interact, startDiscord, stubRunner } from '../support/discord-harness.ts';
import { median, percentile, row, type Row } from './support/report.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const QUICK = 200;
const SLOW = 5;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const p95 = (values: number[]) => percentile(values, 95);

export default async function bench(): Promise<Row[]> {
  const starts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const d = await startDiscord();
    starts.push(performance.now() - t);
    await d.stop();
  }
  console.log(`start (register /talks, log in, ready), median of ${RUNS}: ${ms(median(starts))}`);

  // a command that takes 2.5 s, longer than the front end waits before deferring (1 s by default)
  const calls: Parameters<typeof stubRunner>[0] = [];
  const discord = await startDiscord({
    runner: stubRunner(calls, async (c) => {
      if (c.name === 'digest') await new Promise((r) => setTimeout(r, 2_500));
      return note('ok', 'info', `ran ${c.name}`);
    }),
  });
  try {
    const quick: number[] = [];
    for (let i = 0; i < QUICK; i++) quick.push((await interact(discord.fake, slashCommand(APPLICATION_ID, commandOptions(['status'])))).delayMs);
    console.log(`first answer, quick command (${QUICK}): median ${ms(median(quick))}, p95 ${ms(p95(quick))}, max ${ms(Math.max(...quick))}`);

    const slow = await Promise.all(
      Array.from({ length: SLOW }, async () => (await interact(discord.fake, slashCommand(APPLICATION_ID, commandOptions(['digest', 'now'])))).delayMs),
    );
    console.log(`first answer (deferral), 2.5 s command (${SLOW} at once): median ${ms(median(slow))}, max ${ms(Math.max(...slow))}; Discord allows 3000 ms`);

    const posts: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await discord.frontEnd.send('700000000000000077', sampleDigest(), 'discord:100000000000000001');
      posts.push(performance.now() - t);
    }
    console.log(`post a digest (50): median ${ms(median(posts))}, p95 ${ms(p95(posts))}`);
    return [
      row({ case: 'discord', variant: 'quick command', metric: 'first_answer_ms', value: median(quick), unit: 'ms', target: '<= 3000' }),
      row({ case: 'discord', variant: '2.5 s command (deferred)', metric: 'first_answer_ms', value: median(slow), unit: 'ms', target: '<= 3000' }),
      row({ case: 'discord', variant: 'digest', metric: 'post_ms', value: median(posts), unit: 'ms' }),
    ];
  } finally {
    await discord.stop();
  }
}
