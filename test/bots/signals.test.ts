/**
 * `npm start` under a supervisor: systemd, Docker and most supervisors signal the process they started, which is
 * npm. The signal must reach talkwatch, stop it cleanly, and npm's exit code must say so.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, repoRoot, SLOW, until } from '../support/cli.ts';
import { seededDataDir } from '../support/seeded.ts';

/** npm itself, as `npm start` runs it: npm's own CLI when the tests run under npm, else the one on PATH. */
function npm(args: string[], env: NodeJS.ProcessEnv) {
  const cli = process.env.npm_execpath;
  return cli && cli.endsWith('.js')
    ? spawn(process.execPath, [cli, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('npm', args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start under a supervisor', SLOW, () => {
  let left = 0;
  afterEach(() => {
    // a failed run must not leave a service holding a port and a data directory
    if (left && alive(left)) process.kill(left, 'SIGKILL');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s to npm stops talkwatch cleanly: npm exits 0, no process is left, the data directory is free', async (signal) => {
    const dataDir = seededDataDir();
    const child = npm(['start'], cleanEnv({ TALKWATCH_DATA_DIR: dataDir, PORT: '0' }));
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // 'exit', not 'close': a talkwatch left behind would hold npm's output pipes open
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));

    const running = await until(() => /"pid":(\d+)[^\n]*"msg":"talkwatch is running"/.exec(output) ?? (child.exitCode !== null ? Promise.reject(new Error(output)) : null));
    const service = Number(running[1]);
    left = service;
    expect(service).not.toBe(child.pid);
    child.kill(signal);

    expect(await exited, output).toEqual({ code: 0, signal: null });
    expect(output).toContain(`"signal":"${signal}"`);
    await until(() => !alive(service));
    expect(existsSync(path.join(dataDir, 'talkwatch.lock'))).toBe(false);
  });
});
