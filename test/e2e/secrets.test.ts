/**
 * The real `talkwatch` binary with known fake secrets in every secret variable (any name ending in TOKEN, SECRET,
 * KEY or PASSWORD) and in the database URL (user:password@ and ?password=), driven into every error it can reach:
 * a malformed and an unreachable database, platforms refusing the credentials, bad requests, failing commands, a
 * database that goes away under a running service. Logging at trace level, nothing it writes (stdout, stderr,
 * HTTP answers) holds a secret, nor a long piece of one.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFields, signCommand, startFakeSlack, type FakeSlack } from '../slack/fake-slack.ts';
import { cleanEnv, runTalkwatch, scratchDir, startTalkwatch, type Running } from '../support/cli.ts';
import { createScratchDatabase, serverUrl } from '../support/databases.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import { APPLICATION_ID } from '../support/discord-harness.ts';
import { proxyTo } from '../support/tcp-proxy.ts';

const hex = () => randomBytes(12).toString('hex');
const SECRETS = {
  SLACK_BOT_TOKEN: `xoxb-${hex()}-${hex()}`,
  SLACK_SIGNING_SECRET: `${hex()}${hex()}`,
  SLACK_APP_TOKEN: `xapp-1-${hex()}-${hex()}`,
  DISCORD_TOKEN: `${hex()}.${hex()}.${hex()}`,
  SLACK_CLIENT_SECRET: hex(),
  SLACK_STATE_SECRET: `${hex()}${hex()}`,
  TALKWATCH_SECRET_KEY: `${hex()}${hex()}`,
};
const DB_PASSWORD = hex();
const DB_PARAM_PASSWORD = hex();

/** Every secret, and every part of one long enough to identify it (a token's segments). */
const pieces = [...Object.values(SECRETS), DB_PASSWORD, DB_PARAM_PASSWORD].flatMap((s) => [s, ...s.split(/[-._]/).filter((p) => p.length >= 8)]);

const outputs: Array<{ where: string; text: string }> = [];
const record = (where: string, text: string) => outputs.push({ where, text });

async function run(where: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const result = await runTalkwatch(args, env);
  record(`${where}: stdout`, result.stdout);
  record(`${where}: stderr`, result.stderr);
  return result;
}

async function answer(where: string, url: string, init?: RequestInit): Promise<{ status: number; text: string }> {
  const res = await fetch(url, init);
  const text = await res.text();
  record(`${where}: HTTP ${res.status}`, `${JSON.stringify([...res.headers])}\n${text}`);
  return { status: res.status, text };
}

/**
 * Every secret in the environment, with the platform addresses pointing at the fakes. Slack's OAuth variables serve a
 * distributed app instead of one bot token, so they have a case of their own (below).
 */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { SLACK_APP_TOKEN: _socket, SLACK_CLIENT_SECRET: _client, SLACK_STATE_SECRET: _state, ...http } = SECRETS;
  return cleanEnv({ ...http, DISCORD_APPLICATION_ID: APPLICATION_ID, LOG_LEVEL: 'trace', PORT: '0', TALKWATCH_DATA_DIR: path.join(scratchDir(), 'data'), ...extra });
}

let slack: FakeSlack;
let discord: FakeDiscord;

beforeAll(async () => {
  slack = await startFakeSlack();
  discord = await FakeDiscord.start({ token: SECRETS.DISCORD_TOKEN, applicationId: APPLICATION_ID });
});

afterAll(async () => {
  await slack?.close();
  await discord?.close();
});

describe('secrets in every variable', () => {
  const platforms = () => ({ SLACK_API_URL: slack.apiUrl, DISCORD_API_URL: discord.apiUrl });

  it('a malformed DATABASE_URL is named without its password', async () => {
    for (const url of [
      `postgres://talkwatch:${DB_PASSWORD}@db.example:5432/tw?password=${DB_PARAM_PASSWORD} and more`,
      `postgres://talkwatch:${DB_PASSWORD}@[db/tw?password=${DB_PARAM_PASSWORD}`,
    ]) {
      const result = await run('malformed DATABASE_URL', ['start'], env({ ...platforms(), DATABASE_URL: url }));
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(/^talkwatch: DATABASE_URL="postgres:\/\/talkwatch:\[redacted\]@.*password=\[redacted\].*" is not valid: use a URL like/);
    }
  }, 90_000);

  it('a secret variable with a bad value is named without it', async () => {
    const result = await run('bad token', ['start'], env({ ...platforms(), SLACK_BOT_TOKEN: `xoxp-${SECRETS.SLACK_BOT_TOKEN.slice(5)}` }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^talkwatch: SLACK_BOT_TOKEN=xoxp-…\(hidden\) is not valid/);
  }, 60_000);

  it('an unreachable database, from start and from a command', async () => {
    const url = `postgres://talkwatch:${DB_PASSWORD}@127.0.0.1:1/tw?sslmode=disable&password=${DB_PARAM_PASSWORD}`;
    for (const args of [['start'], ['feeds', 'list'], ['db', 'migrate']]) {
      const result = await run(`unreachable database (${args.join(' ')})`, args, env({ ...platforms(), DATABASE_URL: url }));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^talkwatch: cannot reach the database at postgres:\/\/talkwatch@127\.0\.0\.1:1\/tw\?sslmode=disable \(ECONNREFUSED\)/m);
    }
  }, 120_000);

  it('Slack refusing the bot token, over HTTP and in Socket Mode', async () => {
    slack.script('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const refused = await run('Slack refuses', ['start'], env(platforms()));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^talkwatch: Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/m);

    slack.script('apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });
    const socket = await run('Socket Mode refused', ['start'], env({ ...platforms(), SLACK_APP_TOKEN: SECRETS.SLACK_APP_TOKEN }));
    expect(socket.code).toBe(1);
    expect(socket.stderr).toMatch(/^talkwatch: Socket Mode could not connect \(invalid_auth\)/m);
  }, 180_000);

  it("Slack's OAuth flow: an install, a forged redirect, a code Slack refuses", async () => {
    const { SLACK_BOT_TOKEN: _bot, ...rest } = env(platforms());
    const oauthEnv = {
      ...rest,
      SLACK_CLIENT_ID: '1111.2222',
      SLACK_CLIENT_SECRET: SECRETS.SLACK_CLIENT_SECRET,
      SLACK_STATE_SECRET: SECRETS.SLACK_STATE_SECRET,
      SLACK_AUTHORIZE_URL: `http://127.0.0.1:${slack.port}/oauth/v2/authorize`,
    };
    const service = startTalkwatch(['start'], oauthEnv);
    try {
      const port = Number((await service.waitFor(/"port":(\d+)[^\n]*"msg":"talkwatch is running"/, 90_000))[1]);
      const base = `http://127.0.0.1:${port}`;
      const install = await fetch(`${base}/slack/install`, { redirect: 'manual' });
      record('OAuth install: HTTP', `${JSON.stringify([...install.headers])}\n${await install.text()}`);
      expect(install.status).toBe(302);
      const state = new URL(install.headers.get('location')!).searchParams.get('state')!;
      const cookie = install.headers.get('set-cookie')!.split(';')[0]!;
      expect((await answer('OAuth forged state', `${base}/slack/oauth_redirect?code=code-T0AAA&state=forged`, { headers: { cookie } })).status).not.toBe(200);
      // a code Slack refuses (the fake answers invalid_code): the exchange itself fails
      expect((await answer('OAuth refused code', `${base}/slack/oauth_redirect?code=refused&state=${state}`, { headers: { cookie } })).status).not.toBe(200);
      expect(slack.callsTo('oauth.v2.access').length).toBeGreaterThan(0);
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
      record('OAuth service: stdout', service.stdout());
      record('OAuth service: stderr', service.stderr());
    }
  }, 120_000);

  it('Discord refusing the token', async () => {
    const other = await FakeDiscord.start({ token: `${hex()}.${hex()}.${hex()}`, applicationId: APPLICATION_ID });
    try {
      const result = await run('Discord refuses', ['start'], env({ ...platforms(), DISCORD_API_URL: other.apiUrl }));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^talkwatch: .*DISCORD_TOKEN/m);
    } finally {
      await other.close();
    }
  }, 120_000);

  describe('a running service, with both platforms, answering bad requests and failing commands', () => {
    let service: Running;
    let base = '';
    let serviceEnv: NodeJS.ProcessEnv;
    let proxy: Awaited<ReturnType<typeof proxyTo>> | null = null;
    let drop = async () => {};

    beforeAll(async () => {
      let database: Record<string, string> = {};
      if (serverUrl) {
        // The server trusts local connections, so the passwords ride along unused, as they would in a real URL.
        const scratch = await createScratchDatabase();
        drop = scratch.drop;
        proxy = await proxyTo(new URL(scratch.url));
        const url = new URL(scratch.url);
        url.host = `127.0.0.1:${proxy.port}`;
        url.password = DB_PASSWORD;
        url.searchParams.set('password', DB_PARAM_PASSWORD);
        database = { DATABASE_URL: url.toString() };
      }
      serviceEnv = env({ ...platforms(), ...database });
      service = startTalkwatch(['start'], serviceEnv);
      const port = Number((await service.waitFor(/"port":(\d+)[^\n]*"msg":"talkwatch is running"/, 90_000))[1]);
      base = `http://127.0.0.1:${port}`;
    }, 120_000);

    afterAll(async () => {
      if (service?.child.exitCode === null) {
        service.child.kill('SIGKILL');
        await service.exited;
      }
      await drop();
    });

    it('answers probes, unknown paths and unsigned or badly signed Slack requests', async () => {
      expect((await answer('readyz', `${base}/readyz`)).status).toBe(200);
      expect((await answer('healthz', `${base}/healthz`)).status).toBe(200);
      expect((await answer('metrics', `${base}/metrics`)).status).toBe(200);
      expect((await answer('unknown path', `${base}/internal/cli`, { method: 'POST', body: '{}' })).status).toBe(404);
      const bad = signCommand('not-the-secret', commandFields(slack, 'status'));
      expect((await answer('bad signature', `${base}/slack/events`, { method: 'POST', body: bad.body, headers: bad.headers })).status).toBe(401);
      expect((await answer('unsigned', `${base}/slack/events`, { method: 'POST', body: 'text=status' })).status).toBe(401);
    });

    it('answers signed commands that are malformed, refused or fine', async () => {
      slack.users.set('U0MEMBER', { id: 'U0MEMBER' });
      for (const text of ['frobnicate now', 'feeds add http://10.1.2.3/feed.xml', 'help']) {
        const { body, headers } = signCommand(SECRETS.SLACK_SIGNING_SECRET, commandFields(slack, text));
        expect((await answer(`slash ${text}`, `${base}/slack/events`, { method: 'POST', body, headers })).status).toBe(200);
      }
    });

    it('runs failing CLI commands through the service', async () => {
      expect((await run('command malformed', ['command', '--', 'frobnicate'], serviceEnv)).code).toBe(2);
      expect((await run('feeds remove', ['feeds', 'remove', '999'], serviceEnv)).code).toBe(1);
      expect((await run('feeds add inside', ['feeds', 'add', 'http://10.1.2.3/feed.xml'], serviceEnv)).code).toBe(1);
    }, 120_000);

    it.runIf(serverUrl)('fails a command and its probes while the database is away, and says so in words', async () => {
      await proxy!.cut();
      const { body, headers } = signCommand(SECRETS.SLACK_SIGNING_SECRET, commandFields(slack, 'status'));
      const during = await answer('slash status, database away', `${base}/slack/events`, { method: 'POST', body, headers });
      expect(during.status).toBe(200);
      expect(during.text).toContain('Something went wrong running that command');
      expect((await answer('healthz, database away', `${base}/healthz`)).status).toBe(503);
      expect((await answer('readyz, database away', `${base}/readyz`)).status).toBe(503);
      await proxy!.restore();
      expect((await answer('healthz, database back', `${base}/healthz`)).status).toBe(200);
    }, 60_000);

    it('stops, having written none of the secrets', async () => {
      service.child.kill('SIGTERM');
      expect((await service.exited).code).toBe(0);
      record('service: stdout', service.stdout());
      record('service: stderr', service.stderr());
      expect(service.stderr()).toMatch(/"level":20/); // debug lines were written, and searched
    });
  });
});

describe('what was written', () => {
  it('holds none of the secrets', () => {
    expect(outputs.length).toBeGreaterThan(30);
    const leaks = outputs.flatMap(({ where, text }) => pieces.filter((p) => text.includes(p)).map((p) => `${where} holds ${p.slice(0, 6)}…`));
    expect(leaks).toEqual([]);
  });
});
