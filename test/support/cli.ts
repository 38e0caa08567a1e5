/** Run the real `talkwatch` command as a child process, as a user would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(repoRoot, 'bin', 'talkwatch.mjs');

export function scratchDir(prefix = 'talkwatch-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/**
 * How long a test lets a talkwatch process run before calling it hung. Tests wait for what the process says (a log
 * line, its exit), never for a time: this cap only keeps a hang from stalling the suite, so it is generous enough
 * for a machine busy with other work. Files that start the binary give their tests the same time (`SLOW`).
 */
export const SAFETY_CAP_MS = 5 * 60_000;
export const SLOW = { timeout: SAFETY_CAP_MS } as const;

/**
 * An environment with none of the developer's own talkwatch or chat settings leaking in. Default feeds are off:
 * they are real internet addresses, and no test reaches the internet. The service listens on 127.0.0.1 only.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(TALKWATCH_|SLACK_|DISCORD_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|TEST_DATABASE_URL$)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, TALKWATCH_DEFAULT_FEEDS: '0', HOST: '127.0.0.1', ...extra };
}

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolve with the first match of pattern in stdout+stderr; reject when the process exits first (or after timeoutMs, a safety cap). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startTalkwatch(args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot): Running {
  const child = spawn(process.execPath, [bin, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    waiters.forEach((w) => w());
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    waiters.forEach((w) => w());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      waiters.forEach((w) => w());
      resolve({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = SAFETY_CAP_MS) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = (out + err).match(pattern);
          if (m) {
            cleanup();
            resolve(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            cleanup();
            reject(new Error(`talkwatch exited (${child.exitCode ?? child.signalCode}) before ${pattern}; output:\n${out}${err}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${out}${err}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Run a talkwatch command to completion. */
export async function runTalkwatch(args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const running = startTalkwatch(args, env, cwd);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), SAFETY_CAP_MS);
  const { code } = await running.exited;
  clearTimeout(timer);
  return { code, stdout: running.stdout(), stderr: running.stderr() };
}

/** Ask `check` again every intervalMs until it answers (truthy), within SAFETY_CAP_MS: waiting on a state, not a time. */
export async function until<T>(check: () => Promise<T | false | null | undefined> | T | false | null | undefined, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + SAFETY_CAP_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`still waiting after ${SAFETY_CAP_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
