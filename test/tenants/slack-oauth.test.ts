/**
 * Slack for many workspaces: Bolt's OAuth flow on the service's HTTP server against a fake Slack (oauth.v2.access),
 * installations sealed in the database, each workspace's messages sent with its own token, and an uninstall
 * pausing that workspace's subscriptions only.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../bots/app.ts';
import { loadConfig } from '../../bots/config.ts';
import { Deliverer } from '../../bots/deliverer.ts';
import type { FrontEnd } from '../../core/ports.ts';
import { HttpServer } from '../../bots/http.ts';
import { createSlackFrontEnd } from '../../bots/slack/frontend.ts';
import { ManualClock } from '../../core/clock.ts';
import { installationRecords } from '../../db/installation-store.ts';
import { slackInstallations } from '../../db/schema.ts';
import { commandFields, signCommand, signEvent, startFakeSlack, type FakeSlack } from '../slack/fake-slack.ts';
import { silentLog } from '../support/app.ts';
import { capturedLogger } from '../slack/support.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';

const SECRET = 'oauth-signing-secret';
const env = (fake: FakeSlack) => ({
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'client-secret-for-tests',
  SLACK_STATE_SECRET: 'state-secret-for-tests',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: fake.apiUrl,
  SLACK_AUTHORIZE_URL: `http://127.0.0.1:${fake.port}/oauth/v2/authorize`,
  TALKWATCH_SECRET_KEY: 'a-key-of-at-least-32-characters-for-sealing',
});

let fake: FakeSlack;
let database: TestDatabase;
let http: HttpServer;
let front: FrontEnd;
let app: App;
let deliverer: Deliverer;
let base: string;
const clock = new ManualClock('2026-11-21T03:00:00Z');
const logs = capturedLogger('info');

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
  database = await openPglite();
  const config = loadConfig(env(fake));
  app = createApp(config, silentLog, database, clock);
  http = new HttpServer(() => {});
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  front = createSlackFrontEnd(config.slack!, { retryConfig: { retries: 0 } });
  await front.start({
    run: app.run,
    http,
    log: logs.log,
    tenants: { installations: installationRecords(database.db), pauseTenant: (t, reason) => app.store.pauseTenant(t, reason, clock.now()) },
  });
  deliverer = new Deliverer(app.outbox, new Map([['slack', front]]), clock, silentLog);
});

afterAll(async () => {
  await front?.stop();
  await http?.close();
  await fake?.close();
  await database?.dispose();
});

/** Click "Add to Slack", consent as workspace `team`, and follow Slack's redirect back with the code. */
async function install(team: string, tamper = false): Promise<Response> {
  const start = await fetch(`${base}/slack/install`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const consent = new URL(start.headers.get('location')!);
  expect(consent.origin + consent.pathname).toBe(`http://127.0.0.1:${fake.port}/oauth/v2/authorize`);
  expect(consent.searchParams.get('client_id')).toBe('1111.2222');
  expect(consent.searchParams.get('scope')!.split(',').sort()).toEqual(['channels:history', 'chat:write', 'commands', 'files:write', 'groups:history', 'users:read']);
  const state = consent.searchParams.get('state')!;
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const back = `${base}/slack/oauth_redirect?code=code-${team}&state=${tamper ? 'forged' : state}`;
  return fetch(back, { headers: { cookie }, redirect: 'manual' });
}

async function talks(team: string, channel: string, text: string): Promise<string> {
  const { body, headers } = signCommand(SECRET, commandFields(fake, text, { team_id: team, channel_id: channel, user_id: 'U0ADMIN' }));
  const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers });
  return res.status === 200 ? await res.text() : `HTTP ${res.status}`;
}

describe('Slack OAuth for many workspaces', () => {
  it('installs two workspaces through the OAuth flow and keeps their tokens sealed', async () => {
    expect((await install('TAAAA')).status).toBe(200);
    expect((await install('TBBBB')).status).toBe(200);
    expect(fake.callsTo('oauth.v2.access')).toHaveLength(2);
    const rows = await database.db.select().from(slackInstallations);
    expect(rows.map((r) => r.tenant).sort()).toEqual(['slack:TAAAA', 'slack:TBBBB']);
    for (const row of rows) {
      expect(row.sealed).toMatch(/^v1\./);
      expect(row.sealed).not.toContain('xoxb-');
    }
  });

  it('refuses a redirect whose state was not issued by this service', async () => {
    const res = await install('TCCCC', true);
    expect(res.status).not.toBe(200);
    expect(await database.db.select().from(slackInstallations).where(eq(slackInstallations.tenant, 'slack:TCCCC'))).toEqual([]);
  });

  it("answers each workspace's commands and sends to it with that workspace's own token", async () => {
    expect(await talks('TAAAA', 'C0AAA', 'subscribe alerts')).toContain('Stall alerts on iran-us');
    expect(fake.callsTo('users.info').at(-1)!.authorization).toBe('Bearer xoxb-TAAAA');
    expect(await talks('TBBBB', 'C0BBB', 'digest now')).toContain('on its way');
    expect(await talks('TAAAA', 'C0AAA', 'digest now')).toContain('on its way');
    await deliverer.runOnce();
    const posts = fake.callsTo('chat.postMessage');
    expect(posts.find((p) => p.params.channel === 'C0AAA')!.authorization).toBe('Bearer xoxb-TAAAA');
    expect(posts.find((p) => p.params.channel === 'C0BBB')!.authorization).toBe('Bearer xoxb-TBBBB');
  });

  it("pauses an uninstalled workspace's subscriptions, and only its own", async () => {
    await talks('TBBBB', 'C0BBB', 'subscribe alerts');
    const { body, headers } = signEvent(SECRET, {
      token: 'x', team_id: 'TBBBB', api_app_id: 'A0FAKE', type: 'event_callback', event_id: 'Ev1', event_time: 1,
      event: { type: 'app_uninstalled', event_ts: '1.1' },
    });
    expect((await fetch(`${base}/slack/events`, { method: 'POST', body, headers })).status).toBe(200);
    const paused = async (tenant: string, channel: string) =>
      (await app.store.channelSubscriptions({ platform: 'slack', channelId: channel, tenant })).map((s) => s.pausedReason);
    await expect.poll(() => paused('slack:TBBBB', 'C0BBB')).toEqual(['talkwatch was uninstalled from this workspace; reinstall it, then subscribe again']);
    expect(await paused('slack:TAAAA', 'C0AAA')).toEqual([null]);
    const [row] = await database.db.select().from(slackInstallations).where(eq(slackInstallations.tenant, 'slack:TBBBB'));
    expect(row!.uninstalledAt).not.toBeNull();
    expect(row!.sealed).toBe('');
  });

  it('pauses a workspace whose bot token was revoked, and not for a user token alone', async () => {
    await talks('TAAAA', 'C0AAA', 'subscribe digest');
    const revoke = async (tokens: Record<string, string[]>) => {
      const { body, headers } = signEvent(SECRET, {
        token: 'x', team_id: 'TAAAA', api_app_id: 'A0FAKE', type: 'event_callback', event_id: `Ev${Object.keys(tokens).join()}`, event_time: 2,
        event: { type: 'tokens_revoked', tokens, event_ts: '2.2' },
      });
      expect((await fetch(`${base}/slack/events`, { method: 'POST', body, headers })).status).toBe(200);
    };
    const reasons = async () => (await app.store.channelSubscriptions({ platform: 'slack', channelId: 'C0AAA', tenant: 'slack:TAAAA' })).map((s) => s.pausedReason);
    await revoke({ oauth: ['U0ADMIN'] });
    // the event is handled after the acknowledgement: wait for its log line, then nothing may have paused
    await expect.poll(() => logs.lines().some((l) => String(l.msg).includes('revoked user tokens only'))).toBe(true);
    expect(await reasons()).toEqual([null, null]);
    await revoke({ bot: ['UBOT'] });
    await expect.poll(reasons).toEqual(["the workspace revoked talkwatch's bot token; reinstall the app, then subscribe again", "the workspace revoked talkwatch's bot token; reinstall the app, then subscribe again"]);
    // with no installation left, a message to that workspace pauses instead of going out with no token
    await app.store.saveSubscription({ channel: { platform: 'slack', channelId: 'C0AAA', tenant: 'slack:TAAAA' }, kind: 'digest', topic: 'iran-us', digestTime: '09:00', timezone: 'UTC', nextDigestAt: null, quietDay: 'line', alertRule: null, repeatMinutes: null, notifyResolved: true, createdBy: 'U0ADMIN' });
    const before = fake.callsTo('chat.postMessage').length;
    await app.store.enqueue({ key: 'after-revoke', subscriptionId: null, platform: 'slack', channelId: 'C0AAA', tenant: 'slack:TAAAA', kind: 'digest', payload: { kind: 'digest', tone: 'info', title: 'x', blocks: [] }, at: clock.now() });
    await deliverer.runOnce();
    expect(fake.callsTo('chat.postMessage').length).toBe(before);
    expect((await reasons()).some((r) => r?.includes('not installed in this workspace any more'))).toBe(true);
  });
});
