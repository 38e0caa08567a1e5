/**
 * npm run test:replicas [-- --days N] [--speed S] [--metrics]: three `talkwatch start` on one PostgreSQL database (the server
 * in TEST_DATABASE_URL), 200 feeds, 50 subscriptions on Slack and Discord, ten simulated days; the replica holding
 * Discord's gateway is killed midway and another restarted. Its last line reads
 * `replicas: feeds F polls P double-polls 0 digests expected E delivered D duplicates 0`; the exit code is 1 when
 * a feed was polled twice within its interval, a digest was missing or a message arrived twice. Without a server
 * it says it was skipped and exits 0.
 */
import { parseArgs } from 'node:util';
import { runReplicasTest } from './harness.ts';

const { values } = parseArgs({
  options: { days: { type: 'string', default: '10' }, speed: { type: 'string', default: '3600' }, metrics: { type: 'boolean', default: false } },
});
const days = Number(values.days);
const speed = Number(values.speed);
if (!(days > 0) || !(speed >= 1)) {
  console.error('replicas: --days takes a positive number, --speed a number of at least 1');
  process.exit(2);
}

const started = Date.now();
const result = await runReplicasTest({ days, speed, say: (line) => console.log(line) });
if (!result) {
  console.log('replicas: SKIPPED: replicas need a PostgreSQL server and TEST_DATABASE_URL is not set (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)');
  process.exit(0);
}
// --metrics: one replica's /metrics at the end (talkwatch's own lines, the event-loop delay and memory)
if (values.metrics) console.log(result.metrics.split('\n').filter((l) => /talkwatch_|^(# \w+ )?(nodejs_eventloop_lag|process_resident_memory)/.test(l)).join('\n'));
for (const problem of result.problems) console.log(`  ${problem}`);
console.log(`replicas: Discord gateway taken over ${result.takeoverMs} ms after its holder was killed; ${result.alerts} alert messages; ${Math.round((Date.now() - started) / 1000)} s`);
console.log(result.line);
const ok = result.doublePolls === 0 && result.duplicates === 0 && result.delivered === result.expected && result.problems.length === 0;
process.exit(ok ? 0 : 1);
