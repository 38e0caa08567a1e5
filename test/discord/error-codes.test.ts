/**
 * Discord's answers to creating a message, through the real discord.js REST client against the fake Discord,
 * each become one delivery error code: every JSON error code Discord documents
 * (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json) that POST /channels/{id}/messages can
 * return, the HTTP statuses Discord documents, and network failures. The table is written out here, not read from
 * the adapter, so a code the adapter forgets or maps differently fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODES } from '../../bots/discord/errors.ts';
import type { DeliveryErrorCode } from '../../core/ports.ts';
import { deliveryFailure } from '../support/delivery-failure.ts';
import { sampleDigest, sampleTextDigest } from '../support/digest-fixture.ts';
import { createDiscordFrontEnd } from '../../bots/discord/index.ts';
import { APPLICATION_ID, startDiscord, TOKEN, type Started } from '../support/discord-harness.ts';
import { FakeDiscord, type Scripted } from '../support/fake-discord.ts';

const DOCUMENTED: Array<[number, number, string, DeliveryErrorCode]> = [
  [0, 400, 'General error', 'bad_request'],
  [10003, 404, 'Unknown Channel', 'channel_gone'],
  [10004, 404, 'Unknown Guild', 'channel_gone'],
  [20009, 403, 'Explicit content cannot be sent to the desired recipient(s)', 'bad_request'],
  [20016, 429, 'This action cannot be performed due to slowmode rate limit', 'rate_limited'],
  [20028, 429, 'The channel you are writing has hit the write rate limit', 'rate_limited'],
  [20029, 429, 'The write action you are performing on the server has hit the write rate limit', 'rate_limited'],
  [20031, 400, 'Your message contains words that are not allowed', 'bad_request'],
  [40001, 401, 'Unauthorized', 'auth'],
  [40002, 403, 'You need to verify your account in order to perform this action', 'auth'],
  [40004, 403, 'Send messages has been temporarily disabled', 'transient'],
  [40005, 413, 'Request entity too large', 'bad_request'],
  [40006, 403, 'This feature has been temporarily disabled server-side', 'transient'],
  [40007, 403, 'The user is banned from this guild', 'no_access'],
  [40058, 400, 'Cannot send a message in a forum channel', 'no_access'],
  [40062, 429, 'Service resource is being rate limited', 'rate_limited'],
  [40333, 403, 'Internal network error', 'transient'],
  [50001, 403, 'Missing Access', 'no_access'],
  [50006, 400, 'Cannot send an empty message', 'bad_request'],
  [50007, 403, 'Cannot send messages to this user', 'no_access'],
  [50008, 400, 'Cannot send messages in a non-text channel', 'no_access'],
  [50009, 403, 'Channel verification level is too high for you to gain access', 'no_access'],
  [50013, 403, 'Missing Permissions', 'no_access'],
  [50014, 401, 'Invalid authentication token provided', 'auth'],
  [50024, 400, 'Cannot execute action on this channel type', 'no_access'],
  [50035, 400, 'Invalid Form Body', 'bad_request'],
  [50055, 400, 'Invalid guild', 'channel_gone'],
  [50083, 400, 'Operation cannot be performed on an archived thread', 'channel_gone'],
  [50109, 400, 'The request body contains invalid JSON', 'bad_request'],
  [130000, 503, 'API resource is currently overloaded', 'transient'],
  [160005, 403, 'Thread is locked', 'no_access'],
  [200000, 400, 'Message was blocked by automatic moderation', 'bad_request'],
  [240000, 400, 'Message blocked by harmful links filter', 'bad_request'],
];

const channel = (n: number) => `71000000000000${String(n).padStart(4, '0')}`;
let discord: Started;
let n = 0;

beforeAll(async () => {
  // rest retries 0: a refusal must reach the adapter once, as it would after discord.js's own retries
  discord = await startDiscord({ options: { maxRateLimitWaitMs: 0, rest: { retries: 0, timeout: 1_000 } } });
});

afterAll(async () => {
  await discord?.stop();
});

async function refusal(answer: Scripted) {
  const target = channel(++n);
  discord.fake.script(new RegExp(`^POST /channels/${target}/messages$`), answer);
  const error = await deliveryFailure(discord.frontEnd.send(target, sampleTextDigest(), 'discord:100000000000000001', { key: `digest:${n}:2026-11-21` }));
  return { error, posts: discord.fake.requests.filter((r) => r.path === `/channels/${target}/messages`).length, created: discord.fake.messages.get(target)?.length ?? 0 };
}

describe('every documented error for creating a message has one delivery code', () => {
  it('the adapter knows exactly the documented codes', () => {
    expect(Object.keys(CODES).map(Number).sort((a, b) => a - b)).toEqual(DOCUMENTED.map(([code]) => code).sort((a, b) => a - b));
  });

  it.each(DOCUMENTED)('%i (HTTP %i, %s) is %s, with its reason', async (code, status, message, expected) => {
    // 429s carry Retry-After, as Discord sends it; the client hands them over at once (maxRateLimitWaitMs 0)
    const headers = status === 429 ? { 'retry-after': '3' } : undefined;
    const { error, posts, created } = await refusal({ status, headers, body: { message, code, ...(status === 429 ? { retry_after: 3, global: false } : {}) } });
    expect(error.code).toBe(expected);
    // discord.js reads no body from a 5xx: Discord's overload code shows as its status
    if (status !== 429) expect(error.reason).toContain(String(status >= 500 ? status : code));
    if (expected === 'rate_limited') expect(error.retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(error.mayHaveArrived).toBe(expected === 'transient');
    expect(posts).toBe(1);
    expect(created).toBe(0);
  });

  it('a code Discord may add later falls back on its HTTP status', async () => {
    expect((await refusal({ status: 403, body: { message: 'Something new', code: 59999 } })).error.code).toBe('no_access');
    expect((await refusal({ status: 404, body: { message: 'Something new', code: 19999 } })).error.code).toBe('channel_gone');
    expect((await refusal({ status: 400, body: { message: 'Something new', code: 59998 } })).error.code).toBe('bad_request');
    expect((await refusal({ status: 401, body: { message: '401: Unauthorized', code: 0 } })).error.code).toBe('auth');
  });
});

describe('HTTP and network failures', () => {
  it.each([
    [{ status: 500, body: { message: 'Internal Server Error' } }, 'transient', /Discord answered 500/],
    [{ status: 502, body: { message: 'Bad Gateway' } }, 'transient', /Discord answered 502/],
    [{ status: 429, headers: { 'retry-after': '120' }, body: { message: 'You are being rate limited.', retry_after: 120, global: false } }, 'rate_limited', /wait 12\d s/],
    [{ status: 200, hangUp: true }, 'transient', /could not reach Discord/],
  ] as Array<[Scripted, DeliveryErrorCode, RegExp]>)('%o is %s', async (answer, expected, reason) => {
    const { error } = await refusal(answer);
    expect(error.code).toBe(expected);
    expect(error.reason).toMatch(reason);
    if (expected === 'transient') expect(error.mayHaveArrived).toBe(true);
  });

  it('a Discord that cannot be reached at all is transient, and surely not posted', async () => {
    const gone = await FakeDiscord.start({ token: TOKEN, applicationId: APPLICATION_ID });
    const apiUrl = gone.apiUrl;
    await gone.close();
    // Deliveries need only the token, not the gateway: the front end sends before (and without) start().
    const offline = createDiscordFrontEnd({ token: TOKEN, applicationId: APPLICATION_ID, apiUrl, guilds: [], operators: [] }, { rest: { retries: 0, timeout: 1_000 } });
    const error = await deliveryFailure(offline.send(channel(9_999), sampleDigest(), 'discord:100000000000000001', { key: 'k' }));
    await offline.stop();
    expect(error.code).toBe('transient');
    expect(error.reason).toMatch(/ECONNREFUSED/);
    expect(error.mayHaveArrived).toBe(false);
  });
});
