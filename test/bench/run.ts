/**
 * `npm run bench`: every benchmark in this folder, one after another so they don't compete for the cores (but
 * see BACKGROUND below), then one table of the results. `npm run bench -- poll` runs the ones whose file name contains "poll";
 * `npm run bench -- --json results.json` also writes the rows as JSON.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startContender } from './support/child.ts';
import { toJson, toTable, type Row } from './support/report.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
if (jsonAt >= 0 && !jsonFile) {
  console.error('--json needs a file name: npm run bench -- --json results.json');
  process.exit(2);
}
const filters = args.filter((a, i) => jsonAt < 0 || (i !== jsonAt && i !== jsonAt + 1));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((w) => f.includes(w))))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches "${filters.join(' ')}"; they are: ${readdirSync(here).filter((f) => f.endsWith('.bench.ts')).join(', ')}`);
  process.exit(1);
}

// The benchmarks run the compiled code, as `talkwatch` does: compile what changed first.
execFileSync(process.execPath, [fileURLToPath(new URL('../../build.mjs', import.meta.url)), '--if-stale'], { stdio: 'inherit' });
// The server database cases use scratch databases on this server (created and dropped by each case).
process.env.TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';
const started = performance.now();
const rows: Row[] = [];
let failed = 0;

async function run(file: string): Promise<void> {
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  const t = performance.now();
  try {
    const bench = (await import(new URL(file, import.meta.url).href)) as { default: () => Promise<Row[]> };
    rows.push(...(await bench.default()));
  } catch (error) {
    // One broken benchmark must not hide the others' results.
    failed++;
    console.error(`${file} failed: ${(error as Error)?.stack ?? String(error)}`);
  }
  console.log(`(${file.replace('.bench.ts', '')}: ${((performance.now() - t) / 1000).toFixed(0)} s)`);
}

/**
 * alert-latency spends a minute waiting for a feed's next poll, its service idle but for a query a second: it runs
 * in a process of its own while the benchmarks that use one core at most for a few seconds run here. (In this
 * process, their synchronous work held up its timers and the wave it times started late; with the database
 * benchmarks alongside, its alerts came seconds late.) The rest run one after another, so they don't compete for
 * the cores.
 */
const BACKGROUND = 'alert-latency.bench.ts';
// In this order: the first two wait on fixed delays and take the ten seconds alert-latency spends setting up (CLI
// commands, a start); the ones that time CPU work come during its idle wait.
const LIGHT_ORDER = ['slack-ack', 'discord', 'parse', 'parse-lenient', 'charts', 'classify', 'cli', 'startup'].map((name) => `${name}.bench.ts`);
const LIGHT = new Set(LIGHT_ORDER);
const alongside = LIGHT_ORDER.filter((f) => files.includes(f));

/** A benchmark in a process of its own, so that this one's busy event loop does not hold up its timers. */
async function runApart(file: string): Promise<void> {
  const t = performance.now();
  const child = await startContender(new URL('./support/run-one.ts', import.meta.url), {}, [file]);
  try {
    const reply = await child.ask<{ rows: Row[]; error: string | null }>({ type: 'run' });
    rows.push(...reply.rows);
    if (reply.error) {
      failed++;
      console.error(`${file} failed: ${reply.error}`);
    }
  } finally {
    await child.close();
  }
  console.log(`(${file.replace('.bench.ts', '')}: ${((performance.now() - t) / 1000).toFixed(0)} s)`);
}

if (files.includes(BACKGROUND) && alongside.length) {
  console.log(`\n## ${BACKGROUND.replace('.bench.ts', '')} (started in its own process; ${alongside.map((f) => f.replace('.bench.ts', '')).join(', ')} run while it waits)`);
  const alerts = runApart(BACKGROUND);
  for (const file of alongside) await run(file);
  await alerts;
  for (const file of files.filter((f) => f !== BACKGROUND && !LIGHT.has(f))) await run(file);
} else {
  for (const file of files) await run(file);
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`\n## results\n\nNode ${process.version}, ${availableParallelism()} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GB; ` +
  `${((performance.now() - started) / 60_000).toFixed(1)} min in all; medians of the runs each case states.\n`);
console.log(toTable(rows));
const missed = rows.filter((r) => r.met === false);
if (missed.length) console.log(`\ntargets missed: ${missed.map((r) => `${r.case}${r.variant ? ` (${r.variant})` : ''} ${r.metric}`).join('; ')}`);
if (jsonFile) {
  writeFileSync(jsonFile, `${toJson(rows)}\n`);
  console.log(`\nwrote ${rows.length} rows to ${jsonFile}`);
}
process.exit(failed ? 1 : 0);
