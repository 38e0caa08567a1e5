/**
 * Time from `talkwatch start` to a healthy /healthz, and the process's resident memory once healthy: on a new
 * embedded data directory, on an existing one, and on a PostgreSQL server when TEST_DATABASE_URL is set.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, scratchDir, startTalkwatch } from '../support/cli.ts';
import { median, row, type Row } from './support/report.ts';
import { createScratchDatabase, serverUrl } from '../support/scratch-db.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

async function once(env: NodeJS.ProcessEnv): Promise<{ ms: number; rss: number }> {
  const started = performance.now();
  const service = startTalkwatch(['start'], env);
  const port = Number((await service.waitFor(/"port":(\d+)[^\n]*"msg":"talkwatch is running"/, 60_000))[1]);
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - started;
  const rss = rssMb(service.child.pid!);
  service.child.kill('SIGTERM');
  await service.exited;
  return { ms, rss };
}

async function series(label: string, target: string, make: () => NodeJS.ProcessEnv, after?: (env: NodeJS.ProcessEnv) => void): Promise<Row> {
  const runs: Array<{ ms: number; rss: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    const env = make();
    runs.push(await once(env));
    after?.(env);
  }
  console.log(
    `${label.padEnd(34)} start to healthy: median ${median(runs.map((r) => r.ms)).toFixed(0)} ms ` +
      `(min ${Math.min(...runs.map((r) => r.ms)).toFixed(0)}, max ${Math.max(...runs.map((r) => r.ms)).toFixed(0)}), ` +
      `RSS once healthy: median ${median(runs.map((r) => r.rss)).toFixed(0)} MB, over ${RUNS} runs`,
  );
  return row({ case: 'startup', variant: label, metric: 'seconds', value: median(runs.map((r) => r.ms)) / 1000, unit: 's', target });
}

export default async function startup(): Promise<Row[]> {
  const rows: Row[] = [];
  rows.push(await series(
    'new embedded directory',
    '<= 2.5',
    () => cleanEnv({ TALKWATCH_DATA_DIR: path.join(scratchDir(), 'data'), PORT: '0', LOG_LEVEL: 'info' }),
    (env) => rmSync(path.dirname(env.TALKWATCH_DATA_DIR!), { recursive: true, force: true }),
  ));
  const existing = path.join(scratchDir(), 'data');
  await once(cleanEnv({ TALKWATCH_DATA_DIR: existing, PORT: '0' }));
  rows.push(await series('existing embedded directory', '<= 1', () => cleanEnv({ TALKWATCH_DATA_DIR: existing, PORT: '0' })));
  rmSync(path.dirname(existing), { recursive: true, force: true });
  if (serverUrl) {
    // A scratch database: the first start migrates it, the measured ones find it up to date.
    const scratch = await createScratchDatabase();
    try {
      await once(cleanEnv({ DATABASE_URL: scratch.url, PORT: '0' }));
      rows.push(await series('server', '<= 1', () => cleanEnv({ DATABASE_URL: scratch.url, PORT: '0' })));
    } finally {
      await scratch.drop();
    }
  } else console.log('PostgreSQL server: skipped (set TEST_DATABASE_URL to measure it)');
  return rows;
}
