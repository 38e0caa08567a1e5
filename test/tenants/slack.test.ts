/**
 * Tenants on Slack: the real Bolt, the real handler and deliverer, a fake Slack on 127.0.0.1, and two workspaces
 * typing /talks. Workspace A's own feed and its news never reach workspace B, by list, id, URL or delivery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../bots/app.ts';
import { loadConfig } from '../../bots/config.ts';
import { Deliverer } from '../../bots/deliverer.ts';
import type { FrontEnd } from '../../core/ports.ts';
import { HttpServer } from '../../bots/http.ts';
import { enqueueDueDigests, refresh } from '../../bots/pipeline.ts';
import { createSlackFrontEnd } from '../../bots/slack/frontend.ts';
import { ManualClock } from '../../core/clock.ts';
import { commandFields, signCommand, startFakeSlack, type FakeSlack } from '../slack/fake-slack.ts';
import { addTestFeed, addTestItems, silentLog } from '../support/app.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';

const SECRET = 'tenant-signing-secret';
const KEYED = 'https://desk.example/feed.xml?token=WORKSPACE-A-KEY';
let fake: FakeSlack;
let database: TestDatabase;
let http: HttpServer;
let front: FrontEnd;
let app: App;
let deliverer: Deliverer;
let url: string;
const clock = new ManualClock('2026-11-21T03:00:00Z');

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.users.set('U0ADMINA', { id: 'U0ADMINA', is_admin: true });
  fake.users.set('U0ADMINB', { id: 'U0ADMINB', is_admin: true });
  fake.users.set('U0OPERATOR', { id: 'U0OPERATOR' });
  database = await openPglite();
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-tenants', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });
  config.slack!.operators = ['U0OPERATOR'];
  app = createApp(config, silentLog, database, clock);
  http = new HttpServer(() => {});
  url = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/slack/events`;
  front = createSlackFrontEnd(config.slack!, { retryConfig: { retries: 0 } });
  await front.start({ run: app.run, http, log: silentLog });
  deliverer = new Deliverer(app.outbox, new Map([['slack', front]]), clock, silentLog);
});

afterAll(async () => {
  await front?.stop();
  await http?.close();
  await fake?.close();
  await database?.dispose();
});

/** Type /talks <text> in a workspace's channel as a user; the text of Slack's answer. */
async function talks(team: 'TAAAA' | 'TBBBB', text: string, user: string): Promise<string> {
  const channel = team === 'TAAAA' ? 'C0ADESK' : 'C0BDESK';
  const { body, headers } = signCommand(SECRET, commandFields(fake, text, { team_id: team, channel_id: channel, user_id: user }));
  const res = await fetch(url, { method: 'POST', body, headers });
  expect(res.status).toBe(200);
  const answer = await res.text();
  return answer ? JSON.stringify(JSON.parse(answer)) : '';
}

describe('Slack tenants', () => {
  it("keeps one workspace's feed, items and digests from another", async () => {
    const added = await talks('TAAAA', `feeds add ${KEYED}`, 'U0ADMINA');
    expect(added).toMatch(/Added feed #\d+ on iran-us \(seen only here\)/);
    const id = /#(\d+)/.exec(added)![1]!;
    expect(await talks('TAAAA', 'feeds list', 'U0ADMINA')).toContain('WORKSPACE-A-KEY');
    const listB = await talks('TBBBB', 'feeds list', 'U0ADMINB');
    expect(listB).not.toContain('desk.example');
    expect(await talks('TBBBB', `feeds remove ${id}`, 'U0ADMINB')).toContain(`There is no feed #${id}`);
    expect(await talks('TAAAA', 'feeds list', 'U0ADMINA')).toContain('WORKSPACE-A-KEY');

    for (const team of ['TAAAA', 'TBBBB'] as const) await talks(team, 'subscribe digest 09:00 Asia/Karachi', team === 'TAAAA' ? 'U0ADMINA' : 'U0ADMINB');
    const own = await addTestFeed(database, 'iran-us', 'Desk A Wire', 'slack:TAAAA');
    await addTestItems(database, own, [{ title: 'Iran and US negotiators walk out of Islamabad talks', label: 'stall', at: new Date('2026-11-21T02:00:00Z'), url: 'https://desk.example/a/1' }]);
    await refresh(app, true);
    expect(await talks('TAAAA', 'latest', 'U0ADMINA')).toContain('walk out of Islamabad talks');
    expect(await talks('TBBBB', 'latest', 'U0ADMINB')).toContain('No stories on iran-us yet');
    expect(await talks('TBBBB', 'explain https://desk.example/a/1', 'U0ADMINB')).toContain('No stored item matches');
    expect(await talks('TBBBB', 'status', 'U0ADMINB')).toContain('0 progress, 0 stall, 0 neutral in the last 24 h');

    clock.set('2026-11-21T04:00:30Z');
    await enqueueDueDigests(app);
    await deliverer.runOnce();
    const posts = fake.callsTo('chat.postMessage');
    const toA = posts.filter((c) => c.params.channel === 'C0ADESK');
    const toB = posts.filter((c) => c.params.channel === 'C0BDESK');
    expect(toA).toHaveLength(1);
    expect(toA[0]!.params.text).toContain('walk out of Islamabad talks');
    expect(toB).toHaveLength(1);
    expect(toB[0]!.raw).not.toContain('walk out');
    expect(toB[0]!.params.text).toMatch(/^Quiet day on iran-us/);
  });

  it('lets an operator named in the config add a shared feed, and no one else', async () => {
    expect(await talks('TBBBB', 'feeds add https://wire.example/rss shared', 'U0ADMINB')).toContain("only the service's operators");
    const added = await talks('TBBBB', 'feeds add https://wire.example/rss shared', 'U0OPERATOR');
    expect(added).toContain('a shared feed, read by every workspace and server');
    expect(await talks('TAAAA', 'feeds list', 'U0ADMINA')).toContain('https://wire.example/rss');
  });
});
