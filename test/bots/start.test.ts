/**
 * `talkwatch start` as a user runs it: a child process, a real port, the real embedded database.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, runTalkwatch, scratchDir, SLOW, startTalkwatch, type Running } from '../support/cli.ts';

const PORT_LINE = /"port":(\d+)[^\n]*"msg":"talkwatch is running"/;

async function health(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

// A brand-new data directory on purpose: the first start creates the embedded database (other files copy one).
describe('talkwatch start on the embedded database', SLOW, () => {
  const dataDir = path.join(scratchDir(), 'data');
  const env = cleanEnv({ TALKWATCH_DATA_DIR: dataDir, PORT: '0' });
  let service: Running;
  let port: number;

  afterAll(() => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
  });

  // How fast it gets there is measured by `npm run bench` (startup), not asserted here.
  it('answers /healthz with database status, version and uptime', async () => {
    service = startTalkwatch(['start'], env);
    port = Number((await service.waitFor(PORT_LINE))[1]);
    const { status, body } = await health(port);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: 'ok', databaseKind: 'embedded', version: '0.1.0' });
    expect(typeof body.uptimeSeconds).toBe('number');
  });

  it('refuses a second start on the same data directory, leaving the first untouched', async () => {
    const second = await runTalkwatch(['start'], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^talkwatch: the data directory .* is in use by a running talkwatch service \(pid \d+\): PGlite admits one process/m);
    expect((await health(port)).status).toBe(200);
  });

  it('runs a database command through the running service instead of opening the directory', async () => {
    const result = await runTalkwatch(['db', 'migrate'], env);
    expect(result.stderr).not.toMatch(/lock|in use/i);
    expect(result.stdout).toMatch(/database is up to date \(\d+ migrations\)/);
    expect(result.code).toBe(0);
  });

  it('keeps the CLI bridge off the public port, on its own loopback port, and refuses it without the lock file\'s token', async () => {
    const argv = JSON.stringify({ argv: ['db', 'migrate'] });
    expect((await fetch(`http://127.0.0.1:${port}/internal/cli`, { method: 'POST', body: argv })).status).toBe(404);
    const lock = JSON.parse(readFileSync(path.join(dataDir, 'talkwatch.lock'), 'utf8')) as { port: number; token: string };
    expect(lock.port).not.toBe(port);
    expect((await fetch(`http://127.0.0.1:${lock.port}/internal/cli`, { method: 'POST', body: argv })).status).toBe(401);
    const wrong = { authorization: `Bearer ${'0'.repeat(lock.token.length)}` };
    expect((await fetch(`http://127.0.0.1:${lock.port}/internal/cli`, { method: 'POST', body: argv, headers: wrong })).status).toBe(401);
    const right = await fetch(`http://127.0.0.1:${lock.port}/internal/cli`, { method: 'POST', body: argv, headers: { authorization: `Bearer ${lock.token}` } });
    expect(((await right.json()) as { code: number }).code).toBe(0);
  });

  // A shutdown that overran its 9 s guard would exit 1, so exit code 0 means it finished in time.
  it('exits 0 on SIGTERM and releases the data directory', async () => {
    service.child.kill('SIGTERM');
    const { code } = await service.exited;
    expect(code).toBe(0);
    expect(existsSync(path.join(dataDir, 'talkwatch.lock'))).toBe(false);
  });

  it('reopens the same data directory and stops on SIGINT', async () => {
    const again = startTalkwatch(['start'], env);
    const p = Number((await again.waitFor(PORT_LINE))[1]);
    expect((await health(p)).status).toBe(200);
    expect(again.stderr()).toContain('"applied":0');
    again.child.kill('SIGINT');
    expect((await again.exited).code).toBe(0);
  });

  it('keeps every committed row when killed with SIGKILL, and reopens', async () => {
    const running = startTalkwatch(['start'], env);
    await running.waitFor(PORT_LINE);
    const subscribed = await runTalkwatch(['command', '--channel', 'killed', '--', 'subscribe', 'alerts'], env);
    expect(subscribed.stdout).toContain('Stall alerts on iran-us');
    running.child.kill('SIGKILL');
    expect((await running.exited).signal).toBe('SIGKILL');
    // the lock names a dead process: the next start takes it over
    expect(existsSync(path.join(dataDir, 'talkwatch.lock'))).toBe(true);
    const again = startTalkwatch(['start'], env);
    await again.waitFor(PORT_LINE);
    const shown = await runTalkwatch(['command', '--channel', 'killed', '--', 'alerts', 'show'], env);
    expect(shown.stdout).toContain('iran-us: 3 or more stall stories within 6 h; not firing');
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  });
});

describe('talkwatch start refuses bad input with one line and exit 1', SLOW, () => {
  it('a port in use, writing nothing to a new data directory', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', r));
    const busy = (blocker.address() as { port: number }).port;
    const dataDir = path.join(scratchDir(), 'data');
    try {
      const result = await runTalkwatch(['start'], cleanEnv({ TALKWATCH_DATA_DIR: dataDir, PORT: String(busy) }));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^talkwatch: port ${busy} is already in use: stop what uses it, or set PORT`, 'm'));
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('a data directory that cannot be written', async () => {
    const parent = scratchDir();
    writeFileSync(path.join(parent, 'a-file'), 'not a directory');
    const result = await runTalkwatch(['start'], cleanEnv({ TALKWATCH_DATA_DIR: path.join(parent, 'a-file', 'data'), PORT: '0' }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^talkwatch: cannot write to the data directory .*a-file\/data \(ENOTDIR\): set TALKWATCH_DATA_DIR/);
  });

  it('an unreachable DATABASE_URL, without printing its password', async () => {
    const result = await runTalkwatch(['start'], cleanEnv({ DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:1/test', PORT: '0' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^talkwatch: cannot reach the database at postgres:\/\/postgres@127\.0\.0\.1:1\/test \(ECONNREFUSED\): start PostgreSQL or correct DATABASE_URL/m);
    expect(result.stderr).not.toContain('hunter2');
  });

  it.each([
    [{ PORT: 'eighty' }, /^talkwatch: PORT="eighty" is not valid: use a whole number/],
    [{ TALKWATCH_CONFIG: 'nope.yaml' }, /^talkwatch: TALKWATCH_CONFIG="nope.yaml" cannot be read \(ENOENT\)/],
    [{ HOST: 'not an address' }, /^talkwatch: HOST="not an address" is not valid: use an address of this machine to listen on/],
    [{ HOST: '203.0.113.7', PORT: '0' }, /^talkwatch: cannot listen on HOST=203\.0\.113\.7 \(EADDRNOTAVAIL\): use an address of this machine/],
  ])('a malformed variable %o', async (extra, message) => {
    const dataDir = path.join(scratchDir(), 'data');
    const result = await runTalkwatch(['start'], cleanEnv({ TALKWATCH_DATA_DIR: dataDir, ...extra }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a malformed config file', async () => {
    const dir = scratchDir();
    writeFileSync(path.join(dir, 'talkwatch.yaml'), 'digest:\n  time: 25:00\n');
    const result = await runTalkwatch(['start'], cleanEnv({ TALKWATCH_CONFIG: path.join(dir, 'talkwatch.yaml'), TALKWATCH_DATA_DIR: path.join(dir, 'data') }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^talkwatch: config file .*talkwatch.yaml: digest.time: use HH:MM on a 24-hour clock/);
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });
});

// Whether this machine has IPv6 loopback: HOST=::1 shows the public port follows HOST while the bridge stays on
// 127.0.0.1, and every listener stays on loopback.
const ipv6Loopback = await new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

describe.runIf(ipv6Loopback)('talkwatch start with HOST', () => {
  let service: Running | undefined;
  afterAll(() => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
  });

  it('serves the public endpoints on HOST only, and the CLI bridge on 127.0.0.1 whatever HOST says', async () => {
    const dataDir = path.join(scratchDir(), 'data');
    const env = cleanEnv({ TALKWATCH_DATA_DIR: dataDir, PORT: '0', HOST: '::1' });
    service = startTalkwatch(['start'], env);
    const port = Number((await service.waitFor(PORT_LINE, 60_000))[1]);
    expect((await fetch(`http://[::1]:${port}/healthz`)).status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    const { port: bridge } = JSON.parse(readFileSync(path.join(dataDir, 'talkwatch.lock'), 'utf8')) as { port: number };
    const argv = JSON.stringify({ argv: ['db', 'migrate'] });
    expect((await fetch(`http://127.0.0.1:${bridge}/internal/cli`, { method: 'POST', body: argv })).status).toBe(401);
    await expect(fetch(`http://[::1]:${bridge}/internal/cli`, { method: 'POST', body: argv })).rejects.toThrow();
    const migrate = await runTalkwatch(['db', 'migrate'], env);
    expect({ code: migrate.code, out: migrate.stdout }).toMatchObject({ code: 0, out: expect.stringMatching(/database is up to date/) });

    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  }, 120_000);
});
