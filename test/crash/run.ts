/**
 * npm run test:crash [-- --kills N] [--speed S] [--seed N]: kill `talkwatch start` at least N times (default 40)
 * at chosen moments, restart it each time, and check that every expected digest and alert reached its channel
 * exactly once on both platforms. Its last line reads `crash-test: kills K expected E delivered D duplicates X lost L`;
 * the exit code is 1 when anything was lost or doubled.
 */
import { parseArgs } from 'node:util';
import { runCrashTest } from './harness.ts';

const { values } = parseArgs({
  options: { kills: { type: 'string', default: '40' }, speed: { type: 'string', default: '1440' }, seed: { type: 'string' } },
});
const kills = Number(values.kills);
const speed = Number(values.speed);
if (!Number.isInteger(kills) || kills < 1 || !(speed >= 1)) {
  console.error('crash-test: --kills takes a whole number of at least 1, --speed a number of at least 1');
  process.exit(2);
}

const started = Date.now();
const result = await runCrashTest({ kills, speed, seed: values.seed ? Number(values.seed) : undefined, say: (line) => console.log(line) });
for (const problem of result.problems) console.log(`  ${problem}`);
const moments = Object.entries(result.moments).map(([m, n]) => `${m} ${n}`).join(', ');
console.log(`crash-test: ${result.digests} digests and ${result.alerts} alert messages committed; kills by moment: ${moments}; ${Math.round((Date.now() - started) / 1000)} s`);
console.log(result.line);
process.exit(result.duplicates === 0 && result.lost === 0 ? 0 : 1);
