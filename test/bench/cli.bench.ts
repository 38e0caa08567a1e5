/**
 * What a CLI command costs, from starting the process to its exit: `talkwatch --help`, and
 * `talkwatch command -- status` handed to a running service on the embedded database. Node's own start
 * (`node -e 0`) is printed beside them: no command can cost less.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, repoRoot, runTalkwatch, scratchDir, startTalkwatch } from '../support/cli.ts';
import { median, row, type Row } from './support/report.ts';

const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const bin = path.join(repoRoot, 'bin', 'talkwatch.mjs');

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const done = spawnSync(process.execPath, args, { env, cwd: repoRoot, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (done.status !== 0) throw new Error(`${args.join(' ')} exited ${done.status}: ${done.stderr}`);
  return ms;
}

function series(args: string[], env: NodeJS.ProcessEnv): number {
  timed(args, env); // the first run reads the files from disk; the rest find them cached, as a user's next command does
  const runs = Array.from({ length: RUNS }, () => timed(args, env));
  return median(runs);
}

export default async function cli(): Promise<Row[]> {
  const dir = scratchDir('talkwatch-bench-cli-');
  const env = cleanEnv({ TALKWATCH_DATA_DIR: path.join(dir, 'data'), PORT: '0' });
  const node = series(['-e', '0'], env);
  const help = series([bin, '--help'], env);
  // A service holding the embedded database, with a subscription so status has something to say.
  const service = startTalkwatch(['start'], env);
  let status: number;
  try {
    await service.waitFor(/talkwatch is running/, 60_000);
    const subscribed = await runTalkwatch(['command', '--', 'subscribe', 'alerts'], env);
    if (subscribed.code !== 0) throw new Error(`subscribe alerts: ${subscribed.stderr}`);
    status = series([bin, 'command', '--', 'status'], env);
  } finally {
    service.child.kill('SIGTERM');
    await service.exited;
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`node -e 0: ${node.toFixed(0)} ms; talkwatch --help: ${help.toFixed(0)} ms; talkwatch command -- status (through the service): ${status.toFixed(0)} ms; medians of ${RUNS}`);
  return [
    row({ case: 'cli', variant: 'talkwatch --help', metric: 'ms', value: help, unit: 'ms', target: '<= 300' }),
    row({ case: 'cli', variant: 'talkwatch command -- status', metric: 'ms', value: status, unit: 'ms', target: '<= 300' }),
  ];
}
