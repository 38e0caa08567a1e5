/**
 * PGlite admits one process per data directory. The running service holds a lock file there that names its pid,
 * its CLI bridge port and a random token; a second `start` is refused, and CLI commands use the port and token
 * to run through the service instead of opening the database themselves.
 *
 * A lock is held while the process that wrote it lives. A pid alone is not enough (after a crash the pid may
 * belong to another program by now), and a command line proves nothing (talkwatch may run under any name), so the
 * lock also records the process's identity: the kernel's boot id and the process's start time. A lock whose pid
 * is gone, or now belongs to a process that started at another time, is stale and taken over. Where the start
 * time cannot be read (no /proc), a live pid is trusted: refusing a start is safer than two processes on one
 * database.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface LockInfo {
  pid: number;
  /** boot id and start time of the process, where the system tells them (Linux); see the header */
  process?: string | null;
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

/** "boot id/start time" of a running process, or null where the system does not say. */
export function processIdentity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 is the start time in clock ticks since boot; the name in field 2 may hold spaces and parentheses.
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return startTime ? `${boot}/${startTime}` : null;
  } catch {
    return null;
  }
}

function alive(holder: LockInfo): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!holder.process) return true;
  const now = processIdentity(holder.pid);
  return now === null || now === holder.process;
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return alive(info) ? info : null;
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
    const info: LockInfo = { pid: process.pid, process: processIdentity(process.pid), port: null, token: randomBytes(24).toString('hex'), startedAt: new Date().toISOString(), role };
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

  /** Record the CLI bridge's port once it listens, so CLI commands can find it. */
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
