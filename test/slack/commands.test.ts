/**
 * Slash commands through the real Bolt, mounted on the service's own HTTP server, against a fake Slack on 127.0.0.1,
 * run by the real command handler on a test database: signatures, the ack within Slack's 3 s, slow answers through
 * response_url, usage hints naming the command as typed, who counts as admin, and a failure inside.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../bots/app.ts';
import { loadConfig } from '../../bots/config.ts';
import { HttpServer } from '../../bots/http.ts';
import { refresh } from '../../bots/pipeline.ts';
import { createSlackFrontEnd } from '../../bots/slack/frontend.ts';
import { ManualClock } from '../../core/clock.ts';
import type { CommandRunner, FrontEnd } from '../../core/ports.ts';
import { everyone } from '../../core/tenants.ts';
import { addTestFeed, addTestItems } from '../support/app.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';
import { commandFields, signCommand, startFakeSlack, type FakeSlack, type SentBlock } from './fake-slack.ts';
import { capturedLogger } from './support.ts';

const SECRET = 'test-signing-secret-8f14e45fceea167a';
/** Slack's contract: a slash command unanswered after 3 s shows the user an error. */
const SLACK_ACK_DEADLINE_MS = 3000;

let fake: FakeSlack;
let http: HttpServer;
let front: FrontEnd;
let database: TestDatabase;
let app: App;
let url: string;
const logs = capturedLogger('debug');
const ackTimes: number[] = [];
const clock = new ManualClock('2026-05-14T06:00:00Z');
/** `digest now` waits here, so a test sees the front end acknowledge slow work before the answer */
let gate: { open: () => void; shut: Promise<void> } | null = null;
let runs = 0;

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
  fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
  fake.users.set('U0OWNER', { id: 'U0OWNER', is_owner: true });
  database = await openPglite();
  // private feeds allowed: feed addresses are checked without a DNS lookup
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, TALKWATCH_ALLOW_PRIVATE_FEEDS: '1' });
  config.slack!.admins = ['U0LISTED'];
  app = createApp(config, logs.log, database, clock);
  const feed = await addTestFeed(database, 'iran-us', 'Dawn');
  await addTestItems(database, feed, [
    { title: 'Iran and US agree to a second round in Islamabad', label: 'progress', at: new Date('2026-05-14T03:00:00Z') },
    { title: 'Iranian delegation walks out of the Islamabad talks', label: 'stall', at: new Date('2026-05-14T04:00:00Z') },
    { title: 'Talks suspended after a strike, Tehran says', label: 'stall', at: new Date('2026-05-14T05:00:00Z') },
  ]);
  await refresh(app, true);

  // the real handler; `digest now` is held at the gate while a test wants it slow
  const run: CommandRunner = async (input, invocation) => {
    runs++;
    if (typeof input !== 'string' && input.name === 'digest' && gate) await gate.shut;
    return app.run(input, invocation);
  };
  http = new HttpServer((error) => logs.log.error({ err: error }, 'http'));
  const port = await http.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}/slack/events`;
  front = createSlackFrontEnd(config.slack!, { retryConfig: { retries: 0 }, ackBudgetMs: 1000 });
  await front.start({ run, http, log: logs.log });
});

afterAll(async () => {
  gate?.open();
  await front?.stop();
  await http?.close();
  await fake?.close();
  // the last test closed it
  await database?.dispose().catch(() => {});
});

/** POSTs a command as Slack would and times the acknowledgement (the HTTP answer). */
async function post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string; ackMs: number }> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  return { status: res.status, text, ackMs: performance.now() - started };
}

async function command(text: string, over: Record<string, string> = {}) {
  const fields = commandFields(fake, text, over);
  const { body, headers } = signCommand(SECRET, fields);
  const answer = await post(body, headers);
  ackTimes.push(answer.ackMs);
  expect(answer.status).toBe(200);
  expect(answer.ackMs).toBeLessThan(SLACK_ACK_DEADLINE_MS);
  return { ...answer, json: JSON.parse(answer.text) as Record<string, unknown>, responseId: new URL(fields.response_url!).pathname.split('/').pop()! };
}

const feedUrls = async () => (await app.store.listFeeds(everyone)).map((f) => f.url);

describe('a signed slash command', () => {
  it('runs with the channel and user it came from, and replies in the acknowledgement', async () => {
    const { json } = await command('status');
    expect(json.response_type).toBe('in_channel');
    const blocks = json.blocks as SentBlock[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: ':red_circle: iran-us: 1 progress, 2 stall, 0 neutral in the last 24 h' } });
    expect(blocks[1]!.fields!.map((f: { text: string }) => f.text)[0]).toBe('*last 24 h*\n1 progress, 2 stall, 0 neutral');
    expect(json.text).toContain('iran-us: 1 progress, 2 stall, 0 neutral in the last 24 h');
    // its chart follows in the channel, uploaded with the files API
    const chart = await fake.waitFor(() => fake.files.shared().find((f) => f.channel === 'C0DIGEST'));
    expect(chart).toMatchObject({ threadTs: null, title: expect.stringMatching(/^iran-us: stories per day and momentum/) });
    expect(chart.data!.subarray(1, 4).toString()).toBe('PNG');
  });

  it('keeps what it changes with the channel and the workspace it was typed in', async () => {
    await command('subscribe digest 08:30 Asia/Karachi');
    const subs = await app.store.channelSubscriptions({ platform: 'slack', channelId: 'C0DIGEST', tenant: 'slack:T0FAKE' });
    expect(subs.map((s) => [s.kind, s.digestTime, s.timezone, s.createdBy])).toEqual([['digest', '08:30', 'Asia/Karachi', 'U0MEMBER']]);
  });

  it('answers a malformed command with the reason and a usage hint naming the command as typed, to its author only', async () => {
    const before = runs;
    const { json } = await command('subscribe digest 25:00');
    expect(runs).toBe(before);
    expect(json.response_type).toBe('ephemeral');
    const text = JSON.stringify(json.blocks);
    expect(text).toContain('\\"25:00\\" is not a time (HH:MM on a 24-hour clock)');
    expect(text).toContain('Usage: /talks subscribe digest [HH:MM] [timezone] [topic] [skip-quiet]');
    const renamed = await command('latest 0', { command: '/news' });
    expect(JSON.stringify(renamed.json.blocks)).toContain('Usage: /news latest [progress|stall|neutral] [n] [--topic name]');
  });

  it('acknowledges slow work first and answers through response_url once it is done', async () => {
    let open = () => {};
    gate = { open: () => open(), shut: new Promise<void>((resolve) => (open = resolve)) };
    const { json, responseId } = await command('digest now');
    expect(json).toMatchObject({ response_type: 'ephemeral', text: 'Working on `/talks digest now`…' });
    expect(fake.responses.some((r) => r.id === responseId)).toBe(false);
    gate.open();
    gate = null;
    const late = await fake.waitFor(() => fake.responses.find((r) => r.id === responseId));
    expect(late.body.response_type).toBe('ephemeral');
    expect(String(late.body.text)).toBe('The digest is on its way to this channel.');
  });
});

describe('requests that are not from Slack', () => {
  const rejected = async (body: string, headers: Record<string, string>) => {
    const before = runs;
    const answer = await post(body, headers);
    expect(answer.status).toBe(401);
    expect(answer.text).toBe('');
    expect(runs).toBe(before);
  };

  it('a signature made with another secret gets 401 and runs nothing', async () => {
    const { body, headers } = signCommand('not-the-secret', commandFields(fake, 'feeds add https://evil.example/feed'));
    await rejected(body, headers);
  });

  it('a body changed after signing gets 401', async () => {
    const { body, headers } = signCommand(SECRET, commandFields(fake, 'status'));
    await rejected(body.replace('text=status', 'text=unsubscribe+digest'), headers);
  });

  it('a correctly signed request older than 5 minutes (a replay) gets 401', async () => {
    const { body, headers } = signCommand(SECRET, commandFields(fake, 'status'), Math.floor(Date.now() / 1000) - 6 * 60);
    await rejected(body, headers);
  });

  it('a request without the signature headers gets 401', async () => {
    const { body } = signCommand(SECRET, commandFields(fake, 'status'));
    await rejected(body, { 'content-type': 'application/x-www-form-urlencoded' });
  });

  it('only POST /slack/events reaches Bolt', async () => {
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(`${url}/extra`, { method: 'POST' })).status).toBe(404);
  });
});

describe('who may change feeds and alerts', () => {
  const infoCallsFor = (user: string) => fake.callsTo('users.info').filter((c) => c.params.user === user).length;

  it('refuses a member politely (users.info says not an admin) and changes nothing', async () => {
    const { json } = await command('feeds add http://127.0.0.1:9/member.xml', { user_id: 'U0MEMBER' });
    expect(json.response_type).toBe('ephemeral');
    expect(JSON.stringify(json.blocks)).toContain("Sorry, only this workspace's or server's admins can change its feeds.");
    expect(await feedUrls()).not.toContain('http://127.0.0.1:9/member.xml');
    expect(infoCallsFor('U0MEMBER')).toBeGreaterThan(0);
  });

  it('lets a workspace admin and a workspace owner in, by users.info', async () => {
    const added = await command('feeds add http://127.0.0.1:9/admin.xml', { user_id: 'U0ADMIN' });
    expect(JSON.stringify(added.json.blocks)).toMatch(/Added feed #\d+ on iran-us \(seen only here\)/);
    expect(await feedUrls()).toContain('http://127.0.0.1:9/admin.xml');
    await command('alerts set stall 3 6h', { user_id: 'U0OWNER' });
    expect(infoCallsFor('U0ADMIN')).toBe(1);
    expect(infoCallsFor('U0OWNER')).toBe(1);
    const { json } = await command('alerts set stall 4 6h', { user_id: 'U0OWNER' });
    expect(JSON.stringify(json.blocks)).toContain('Alerts on iran-us now fire at 4 or more stall stories within 6 h.');
    // the role is cached: no second users.info call
    expect(infoCallsFor('U0OWNER')).toBe(1);
  });

  it('lets a user listed in slack.admins in without asking Slack, and reads the <url> form Slack sends', async () => {
    await command('feeds add <http://127.0.0.1:9/listed.xml>', { user_id: 'U0LISTED' });
    expect(await feedUrls()).toContain('http://127.0.0.1:9/listed.xml');
    expect(infoCallsFor('U0LISTED')).toBe(0);
  });

  it('says so when Slack cannot tell the role, and does not run the command', async () => {
    fake.script('users.info', { body: { ok: false, error: 'missing_scope', needed: 'users:read' } });
    const before = (await feedUrls()).length;
    const { json } = await command('feeds add http://127.0.0.1:9/noscope.xml', { user_id: 'U0NOSCOPE' });
    expect(json.response_type).toBe('ephemeral');
    expect(JSON.stringify(json.blocks)).toContain('Could not check your permissions');
    expect(JSON.stringify(json.blocks)).toContain('the app lacks the users:read scope');
    expect((await feedUrls()).length).toBe(before);
    expect(logs.lines().some((l) => l.msg === 'could not check a role; the person was told')).toBe(true);
  });

  it('does not ask Slack about roles for commands anyone may run', async () => {
    const before = fake.callsTo('users.info').length;
    await command('latest', { user_id: 'U0FRESH' });
    expect(fake.callsTo('users.info').length).toBe(before);
  });
});

describe('a failure inside', () => {
  it('is answered with a polite error, to its author only, and logged', async () => {
    await database.close();
    const { json } = await command('status');
    expect(json.response_type).toBe('ephemeral');
    expect(JSON.stringify(json.blocks)).toContain('Something went wrong running that command');
    expect(logs.lines().some((l) => l.msg === 'command failed')).toBe(true);
  });
});

describe('the 3 s acknowledgement contract', () => {
  it('every command above was acknowledged within 3 s', () => {
    expect(ackTimes.length).toBeGreaterThanOrEqual(12);
    expect(Math.max(...ackTimes)).toBeLessThan(SLACK_ACK_DEADLINE_MS);
  });
});
