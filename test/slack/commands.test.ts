/**
 * Slash commands through the real Bolt, mounted on the service's own HTTP server, against a fake Slack on
 * 127.0.0.1: signatures, the ack within Slack's 3 s, slow answers through response_url, and who counts as admin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../bots/http.ts';
import type { FrontEnd } from '../../bots/frontends/types.ts';
import { createSlackFrontEnd } from '../../bots/slack/frontend.ts';
import { commandFields, signCommand, startFakeSlack, type FakeSlack, type SentBlock } from './fake-slack.ts';
import { capturedLogger, stubRunner, type StubRunner } from './support.ts';

const SECRET = 'test-signing-secret-8f14e45fceea167a';
/** Slack's contract: a slash command unanswered after 3 s shows the user an error. */
const SLACK_ACK_DEADLINE_MS = 3000;

let fake: FakeSlack;
let http: HttpServer;
let front: FrontEnd;
let runner: StubRunner;
let url: string;
const logs = capturedLogger('debug');
const ackTimes: number[] = [];

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
  fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
  fake.users.set('U0OWNER', { id: 'U0OWNER', is_owner: true });
  http = new HttpServer((error) => logs.log.error({ err: error }, 'http'));
  const port = await http.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}/slack/events`;
  runner = stubRunner();
  front = createSlackFrontEnd(
    { botToken: 'xoxb-test', signingSecret: SECRET, appToken: null, apiUrl: fake.apiUrl, admins: ['U0LISTED'], operators: [], oauth: null },
    // a 1 s budget leaves 2 s of Slack's 3 s for a busy test machine
    { retryConfig: { retries: 0 }, ackBudgetMs: 1000 },
  );
  await front.start({ run: runner.run, http, log: logs.log });
});

afterAll(async () => {
  runner?.release();
  await front?.stop();
  await http?.close();
  await fake?.close();
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

describe('a signed slash command', () => {
  it('runs the runner with the channel and user, and replies in the acknowledgement', async () => {
    const before = runner.calls.length;
    const { json } = await command('status');
    expect(runner.calls.slice(before).map((c) => c.input)).toEqual(['status']);
    const { invocation } = runner.calls.at(-1)!;
    expect(invocation.channel).toEqual({ platform: 'slack', channelId: 'C0DIGEST', tenant: 'slack:T0FAKE' });
    expect(invocation.user).toEqual({ id: 'U0MEMBER', name: 'member' });
    expect(json.response_type).toBe('in_channel');
    const blocks = json.blocks as SentBlock[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: ':red_circle: iran-us: stall is ahead' } });
    expect(blocks[1]!.fields!.map((f: { text: string }) => f.text)).toEqual(['*Progress (24 h)*\n2 stories', '*Stall (24 h)*\n4 stories']);
    expect(json.text).toContain('iran-us: stall is ahead');
  });

  it('answers a malformed command with the usage, only to the person who typed it', async () => {
    const { json } = await command('subscribe digest 25:00');
    expect(json.response_type).toBe('ephemeral');
    expect(JSON.stringify(json.blocks)).toContain('Usage: /talks subscribe digest [HH:MM]');
  });

  it('acknowledges slow work first and answers through response_url once it is done', async () => {
    const { json, responseId } = await command('digest now');
    // the acknowledgement came back while the runner was still working
    expect(runner.pending()).toBe(1);
    expect(json).toMatchObject({ response_type: 'ephemeral', text: 'Working on `/talks digest now`…' });
    expect(fake.responses.some((r) => r.id === responseId)).toBe(false);
    runner.release();
    const late = await fake.waitFor(() => fake.responses.find((r) => r.id === responseId));
    expect(late.body.response_type).toBe('in_channel');
    expect((late.body.blocks as Array<{ type: string }>)[0]!.type).toBe('header');
    expect(String(late.body.text)).toContain('daily digest');
  });

  it('turns a failure inside the runner into a polite error, and logs it', async () => {
    const { json } = await command('explain crash');
    expect(json.response_type).toBe('ephemeral');
    expect(JSON.stringify(json.blocks)).toContain('Something went wrong running that command');
    expect(logs.lines().some((l) => l.msg === 'slash command failed' && JSON.stringify(l.err).includes('the store is unreachable'))).toBe(true);
  });
});

describe('requests that are not from Slack', () => {
  const rejected = async (body: string, headers: Record<string, string>) => {
    const before = runner.calls.length;
    const answer = await post(body, headers);
    expect(answer.status).toBe(401);
    expect(answer.text).toBe('');
    expect(runner.calls.length).toBe(before);
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
    const { json } = await command('feeds add https://www.dawn.com/feeds/home', { user_id: 'U0MEMBER' });
    expect(json.response_type).toBe('ephemeral');
    expect(JSON.stringify(json.blocks)).toContain('Only workspace admins can change feeds and alerts');
    expect(runner.added).not.toContain('https://www.dawn.com/feeds/home');
    expect(infoCallsFor('U0MEMBER')).toBeGreaterThan(0);
  });

  it('lets a workspace admin and a workspace owner in, by users.info', async () => {
    await command('feeds add https://example.org/admin.xml', { user_id: 'U0ADMIN' });
    await command('alerts set stall 3 6h', { user_id: 'U0OWNER' });
    expect(runner.added).toContain('https://example.org/admin.xml');
    expect(infoCallsFor('U0ADMIN')).toBe(1);
    expect(infoCallsFor('U0OWNER')).toBe(1);
    const { json } = await command('alerts set stall 3 6h', { user_id: 'U0OWNER' });
    expect(JSON.stringify(json.blocks)).toContain('ran alerts-set-stall');
    // the role is cached: no second users.info call
    expect(infoCallsFor('U0OWNER')).toBe(1);
  });

  it('lets a user listed in slack.admins in without asking Slack', async () => {
    await command('feeds add <https://example.org/listed.xml>', { user_id: 'U0LISTED' });
    expect(runner.added).toContain('https://example.org/listed.xml');
    expect(infoCallsFor('U0LISTED')).toBe(0);
  });

  it('says so when Slack cannot tell the role, and does not run the command', async () => {
    fake.script('users.info', { body: { ok: false, error: 'missing_scope', needed: 'users:read' } });
    const before = runner.added.length;
    const { json } = await command('feeds remove 3', { user_id: 'U0NOSCOPE' });
    expect(json.response_type).toBe('ephemeral');
    expect(JSON.stringify(json.blocks)).toContain('the app lacks the users:read scope');
    expect(runner.added.length).toBe(before);
  });

  it('does not ask Slack about roles for commands anyone may run', async () => {
    const before = fake.callsTo('users.info').length;
    await command('status', { user_id: 'U0FRESH' });
    expect(fake.callsTo('users.info').length).toBe(before);
  });
});

describe('the 3 s acknowledgement contract', () => {
  it('every command above was acknowledged within 3 s', () => {
    expect(ackTimes.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...ackTimes)).toBeLessThan(SLACK_ACK_DEADLINE_MS);
  });
});
