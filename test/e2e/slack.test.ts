/**
 * Slack end to end: the real Bolt on the service's HTTP server, core's real command handler and deliverer on
 * PGlite, and a fake Slack on 127.0.0.1. What a channel sees: subscribing, a digest with escaped headlines, a
 * refusal for a non-admin, and a pause with its reason when the channel is gone.
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

const SECRET = 'e2e-signing-secret';
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
  fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
  fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
  database = await openPglite();
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-e2e', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });
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

/** Type /talks <text> in channel C0DESK as a user; return the text of Slack's answer. */
async function talks(text: string, user = 'U0ADMIN'): Promise<string> {
  const fields = commandFields(fake, text, { channel_id: 'C0DESK', user_id: user });
  const { body, headers } = signCommand(SECRET, fields);
  const res = await fetch(url, { method: 'POST', body, headers });
  expect(res.status).toBe(200);
  const answer = await res.text();
  return answer ? JSON.stringify(JSON.parse(answer)) : '';
}

describe('Slack with the real handler and deliverer', () => {
  it('subscribes a channel and delivers its digest with feed text escaped', async () => {
    expect(await talks('subscribe digest 09:00 Asia/Karachi')).toContain('Daily digest on iran-us at 09:00 Asia/Karachi');
    const feed = await addTestFeed(database);
    await addTestItems(database, feed, [
      { title: 'Iran-US talks collapse <!channel> <http://evil.example|click>', label: 'stall', at: new Date('2026-11-21T02:00:00Z') },
    ]);
    await refresh(app);
    clock.set('2026-11-21T04:00:30Z');
    await enqueueDueDigests(app);
    await deliverer.runOnce();
    const [post] = fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0DESK');
    expect(post).toBeDefined();
    expect(post!.params.text).toMatch(/^iran-us digest: 0 progress, 1 stall, 0 neutral\n/);
    expect(post!.params.blocks).toContain('Iran-US talks collapse &lt;!channel&gt; &lt;http://evil.example|click&gt;');
    expect(post!.raw).not.toMatch(/<!channel>|<http:\/\/evil/);
  });

  it('refuses a non-admin who tries to add a feed, and lets an admin', async () => {
    expect(await talks('feeds add https://www.dawn.com/feeds/home', 'U0MEMBER')).toContain("only this workspace's or server's admins");
    expect(await talks('feeds list')).not.toContain('dawn.com');
    expect(await talks('feeds add https://www.dawn.com/feeds/home', 'U0ADMIN')).toMatch(/Added feed #\d+ on iran-us/);
    expect(await talks('feeds list', 'U0MEMBER')).toContain('https://www.dawn.com/feeds/home');
  });

  it('says why when Slack will not tell the role, through the real handler', async () => {
    fake.script('users.info', { body: { ok: false, error: 'missing_scope', needed: 'users:read' } });
    const answer = await talks('feeds add https://www.reuters.com/rss', 'U0NOSCOPE');
    expect(answer).toContain('Could not check your permissions');
    expect(answer).toContain('the app lacks the users:read scope');
    expect(answer).not.toContain('failed on our side');
    expect(await talks('feeds list')).not.toContain('reuters.com');
  });

  it('pauses the channel when Slack says channel_not_found, and status says why', async () => {
    fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    expect(await talks('digest now')).toContain('on its way');
    await deliverer.runOnce();
    const status = await talks('status');
    expect(status).toContain('Paused digest on iran-us: Slack cannot find this channel');
    expect(status).toContain('channel_not_found');
  });
});
