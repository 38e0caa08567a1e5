/**
 * PGlite admits one process per data directory. The running service holds a lock file there that names its pid,
 * its HTTP port and a random token; a second `start` is refused, and CLI commands use the port and token to run
 * through the service instead of opening the database themselves.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface LockInfo {
  pid: number;
  port: number | null;
  token: string;
  startedAt: string;
  role: 'service' | 'cli';
}

export class LockedError extends Error {
  constructor(
    message: string,
    readonly holder: LockInfo,
  ) {
    super(message);
    this.name = 'LockedError';
  }
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, 'talkwatch.lock');
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A pid reused by an unrelated program after a crash must not lock users out.
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('talkwatch');
  } catch {
    return true;
  }
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export class DataDirLock {
  private constructor(
    private readonly file: string,
    readonly info: LockInfo,
  ) {}

  /** Take the lock or throw LockedError naming the holder. A lock left by a dead process is taken over. */
  static acquire(dataDir: string, role: LockInfo['role']): DataDirLock {
    const file = lockPath(dataDir);
    const info: LockInfo = { pid: process.pid, port: null, token: randomBytes(24).toString('hex'), startedAt: new Date().toISOString(), role };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, JSON.stringify(info));
        closeSync(fd);
        return new DataDirLock(file, info);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readLock(dataDir);
        if (holder) {
          const what = holder.role === 'service' ? 'a running talkwatch service' : 'another talkwatch command';
          throw new LockedError(`the data directory ${dataDir} is in use by ${what} (pid ${holder.pid})`, holder);
        }
        unlinkSync(file);
      }
    }
    throw new Error(`could not take the lock ${file}`);
  }

  /** Record the port once the HTTP server listens, so CLI commands can find it. */
  setPort(port: number): void {
    this.info.port = port;
    const fd = openSync(this.file, 'w', 0o600);
    writeSync(fd, JSON.stringify(this.info));
    closeSync(fd);
  }

  release(): void {
    try {
      const current = JSON.parse(readFileSync(this.file, 'utf8')) as LockInfo;
      if (current.pid === process.pid && current.token === this.info.token) unlinkSync(this.file);
    } catch {
      // already gone
    }
  }
}
