/**
 * The data-directory lock judges whether its holder lives by the holder's pid and process identity (boot id and
 * start time), never by its command line: a holder may run under any name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLock, LockedError, lockPath, processIdentity, readLock, type LockInfo } from '../../bots/lock.ts';
import { repoRoot, scratchDir } from '../support/cli.ts';

const hasProc = existsSync('/proc/self/stat');
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('close', resolve));
    }
  }
});

/**
 * A process that takes the lock with the real code and keeps it. Paths come through the environment, so the
 * command line names neither talkwatch nor the data directory: `node --import tsx -e <code>`.
 */
async function holder(dataDir: string): Promise<ChildProcess> {
  const code =
    "const m = await import(process.env.LOCK_MODULE); m.DataDirLock.acquire(process.env.LOCK_DIR, 'service'); " +
    "console.log('held'); setInterval(() => {}, 60000);";
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: repoRoot,
    env: { ...process.env, LOCK_MODULE: new URL('../../bots/lock.ts', import.meta.url).href, LOCK_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    child.once('close', (c) => reject(new Error(`the holder exited (${c}) before taking the lock: ${err}`)));
  });
  return child;
}

async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('close', resolve));
  return child.pid!;
}

function writeLock(dataDir: string, info: Partial<LockInfo>): void {
  writeFileSync(lockPath(dataDir), JSON.stringify({ port: null, token: 'stale', startedAt: new Date().toISOString(), role: 'service', ...info }));
}

describe('the data-directory lock', () => {
  it('is held by a live process whose command line does not say talkwatch', async () => {
    const dataDir = scratchDir();
    const child = await holder(dataDir);
    if (hasProc) expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8')).not.toMatch(/talkwatch/i);

    expect(readLock(dataDir)?.pid).toBe(child.pid);
    const error = (() => {
      try {
        DataDirLock.acquire(dataDir, 'cli');
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LockedError);
    expect((error as LockedError).message).toBe(`the data directory ${dataDir} is in use by a running talkwatch service (pid ${child.pid})`);
    expect((JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo).pid).toBe(child.pid);
  });

  it('is taken over once its holder has died', async () => {
    const dataDir = scratchDir();
    const child = await holder(dataDir);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));

    expect(readLock(dataDir)).toBeNull();
    const lock = DataDirLock.acquire(dataDir, 'service');
    expect(readLock(dataDir)?.token).toBe(lock.info.token);
    lock.release();
    expect(existsSync(lockPath(dataDir))).toBe(false);
  });

  it('is taken over when its pid no longer exists', async () => {
    const dataDir = scratchDir();
    writeLock(dataDir, { pid: await exitedPid() });
    DataDirLock.acquire(dataDir, 'service').release();
  });

  it.skipIf(!hasProc)('is taken over when its pid now belongs to a process that started at another time', async () => {
    const dataDir = scratchDir();
    const other = await holder(scratchDir());
    const identity = processIdentity(other.pid!)!;
    expect(identity).toMatch(/^[0-9a-f-]+\/\d+$/);
    writeLock(dataDir, { pid: other.pid!, process: identity.replace(/\d+$/, (t) => String(Number(t) - 1)) });
    expect(readLock(dataDir)).toBeNull();
    DataDirLock.acquire(dataDir, 'cli').release();

    writeLock(dataDir, { pid: other.pid!, process: identity });
    expect(readLock(dataDir)?.pid).toBe(other.pid);
  });
});
