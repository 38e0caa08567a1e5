/**
 * Delivery through the real Bolt Web API client to a fake Slack on 127.0.0.1: what chat.postMessage carries, how
 * Slack's refusals become DeliveryErrors, Retry-After, pacing per channel, and escaping of feed text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../bots/http.ts';
import type { FrontEnd } from '../../core/ports.ts';
import { createSlackFrontEnd, type SlackOptions } from '../../bots/slack/frontend.ts';
import { deliveryFailure } from '../support/delivery-failure.ts';
import type { Reply } from '../../core/reply.ts';
import { startFakeSlack, type Call, type FakeSlack, type SentBlock } from './fake-slack.ts';
import { FIXTURE_STORIES, sampleDigest } from '../support/digest-fixture.ts';
import { capturedLogger, stubRunner } from './support.ts';

let fake: FakeSlack;
const started: FrontEnd[] = [];

async function frontEnd(options: SlackOptions = {}): Promise<FrontEnd> {
  const front = createSlackFrontEnd(
    { botToken: 'xoxb-test', signingSecret: 'secret', appToken: null, apiUrl: fake.apiUrl, admins: [], operators: [], oauth: null },
    { retryConfig: { retries: 0 }, ...options },
  );
  await front.start({ run: stubRunner().run, http: new HttpServer(() => {}), log: capturedLogger('silent').log });
  started.push(front);
  return front;
}

const blocksOf = (call: Call) => JSON.parse(call.params.blocks!) as SentBlock[];
const posts = (channel: string) => fake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);

beforeAll(async () => {
  fake = await startFakeSlack();
});

afterAll(async () => {
  for (const front of started) await front.stop();
  await fake?.close();
});

describe('a digest', () => {
  it('reaches Slack as chat.postMessage with header, count fields, linked stories and source lines', async () => {
    const front = await frontEnd();
    await front.send('C0DIGEST', sampleDigest(), 'slack:T0TEST');
    const [call] = posts('C0DIGEST');
    expect(call).toBeDefined();
    if (process.env.SLACK_SHOW_PAYLOAD) console.log(`${call!.contentType}\n${call!.raw}\n\nblocks:\n${JSON.stringify(blocksOf(call!), null, 2)}`);

    expect(call!.contentType).toContain('application/x-www-form-urlencoded');
    expect(call!.authorization).toBe('Bearer xoxb-test');
    expect(call!.params).toMatchObject({ channel: 'C0DIGEST', unfurl_links: 'false', unfurl_media: 'false' });
    expect(call!.params.text).toMatch(/^iran-us digest: 2 progress, 5 stall, 4 neutral\n/);

    const blocks = blocksOf(call!);
    expect(blocks.map((b) => b.type)).toEqual([
      'header', 'section', 'section',
      'section', 'section', 'context', 'section', 'context',
      'section', 'section', 'context', 'section', 'context', 'section', 'context', 'context',
      'section', 'section', 'context', 'section', 'context', 'context',
      'context', 'context',
    ]);
    expect(blocks[0]!.text).toEqual({ type: 'plain_text', text: ':red_circle: iran-us digest: 2 progress, 5 stall, 4 neutral', emoji: true });
    expect(blocks[1]!.fields!.map((f: { text: string }) => f.text)).toEqual(['*progress*\n2 (-2)', '*stall*\n5 (+2)', '*neutral*\n4 (0)']);
    expect(blocks[2]!.text!.text).toBe('Momentum -3 (was +1); 7-day net ▇█▅▇▄▇▁ (+1 +2 0 +1 -1 +1 -3)');
    expect(blocks[8]!.text!.text).toBe('*Top stall*');
    expect(blocks[9]!.text).toEqual({
      type: 'mrkdwn',
      verbatim: true,
      text: ':red_circle: *<https://www.reuters.com/world/middle-east/iranian-delegation-leaves-islamabad-2026-05-14/|Iranian delegation leaves Islamabad without agreement on enrichment cap>*',
    });
    const ref = FIXTURE_STORIES.stall[0]!.firstItemId;
    expect(blocks[10]!.elements![0]!.text).toBe(`stall · Reuters · 6 articles · explain ${ref}`);
    // & is escaped in the title and in the link's query string
    expect(blocks[11]!.text!.text).toBe(
      ':red_circle: *<https://www.aljazeera.com/news/2026/5/14/tehran-goalposts?utm_source=rss&amp;utm_medium=feed|Tehran says US "moved the goalposts" on enrichment &amp; sanctions relief>*',
    );
    // no url: the title without a link
    expect(blocks[13]!.text!.text).toBe(':red_circle: *Delegations leave Serena hotel; no joint statement*');
    expect(blocks[14]!.elements![0]!.text).toBe(`stall · Dawn · explain ${FIXTURE_STORIES.stall[2]!.firstItemId}`);
    expect(blocks[15]!.elements![0]!.text).toBe('and 2 more');
    expect(blocks[4]!.text!.text).toContain(':large_green_circle: *<https://www.reuters.com/world/technical-working-group-verification-2026-05-14/|');
    expect(blocks[22]!.elements![0]!.text).toMatch(/^Alerts: Stall alert on iran-us \(3 or more stall stories within 6 h\) at Thu 14 May 07:40 Asia\/Karachi/);
    expect(blocks[23]!.elements![0]!.text).toMatch(/Ask why with: explain &lt;id&gt;$/);
  });
});

describe('text from feeds', () => {
  it('arrives escaped: a headline can neither mention @channel nor smuggle a link', async () => {
    const front = await frontEnd();
    const hostile: Reply = {
      kind: 'alert',
      tone: 'stall',
      title: 'Stall alert <!everyone>',
      blocks: [
        { type: 'fields', fields: [{ name: 'Top <!here>', value: '<@U0BOSS> & co' }] },
        {
          type: 'stories',
          stories: [
            { label: 'stall', title: '<!channel> Talks collapse, <http://evil.example|click> for details', url: 'https://example.com/a|b', source: '<!subteam^S1>', itemCount: 2 },
            { label: 'stall', title: 'Script link', url: 'javascript:alert(1)', source: null, itemCount: 1 },
            { label: 'stall', title: 'Quoted <b>', url: 'https://example.com/"><x', source: null, itemCount: 1 },
          ],
        },
      ],
    };
    await front.send('C0HOSTILE', hostile, 'slack:T0TEST');
    const [call] = posts('C0HOSTILE');
    const blocksJson = call!.params.blocks!;
    for (const forbidden of ['<!channel>', '<!here>', '<!everyone>', '<@U0BOSS>', '<!subteam', '<http://evil.example', 'javascript:']) {
      expect(blocksJson).not.toContain(forbidden);
      expect(call!.params.text).not.toContain(forbidden);
    }
    expect(blocksJson).toContain('&lt;!channel&gt; Talks collapse, &lt;http://evil.example|click&gt; for details');
    // the only link markup is the one built from the url field, with its | encoded
    const links = [...blocksJson.matchAll(/<([^>]*)>/g)].map((m) => m[1]);
    expect(links).toEqual([
      'https://example.com/a%7Cb|&lt;!channel&gt; Talks collapse, &lt;http://evil.example|click&gt; for details',
      'https://example.com/%22%3E%3Cx|Quoted &lt;b&gt;',
    ]);
    expect(call!.params.text).not.toMatch(/[<>]/);
  });
});

describe('Slack refusing a message', () => {
  it('429 with Retry-After: the send reports rate-limited, and the message is delivered once, after the wait', async () => {
    const front = await frontEnd({ paceMs: 0 });
    fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    const error = await deliveryFailure(front.send('C0BUSY', sampleDigest(), 'slack:T0TEST'));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(1000);

    // the deliverer retries; even at once, nothing goes to Slack before Retry-After has passed
    await front.send('C0BUSY', sampleDigest(), 'slack:T0TEST');
    const calls = posts('C0BUSY');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('channel_not_found is permanent, with a reason a channel admin understands', async () => {
    const front = await frontEnd();
    fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const error = await deliveryFailure(front.send('C0GONE', sampleDigest(), 'slack:T0TEST'));
    expect(error.code).toBe('channel_gone');
    expect(error.reason).toBe('Slack cannot find this channel: it was deleted, or it is private and the app was never invited to it (channel_not_found)');
    // no retry by the client: a refusal is reported once (every code is in error-codes.test.ts)
    expect(posts('C0GONE')).toHaveLength(1);
  });

  it('an HTTP 503 from Slack is transient, may have arrived, and is not retried by the client', async () => {
    const front = await frontEnd({ retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 } });
    fake.script('chat.postMessage', { status: 503, body: 'upstream unavailable' });
    const error = await deliveryFailure(front.send('C0FLAKY', sampleDigest(), 'slack:T0TEST'));
    expect(error.code).toBe('transient');
    expect(error.mayHaveArrived).toBe(true);
    expect(error.reason).toContain('503');
    // commands may retry; a post never does by itself: a retried post after a lost answer is a second message
    expect(posts('C0FLAKY')).toHaveLength(1);
  });

  it('a layout Slack refuses (invalid_blocks) is a bad request: reported once, not sent again in another form', async () => {
    const front = await frontEnd();
    fake.script('chat.postMessage', { body: { ok: false, error: 'invalid_blocks' } });
    const error = await deliveryFailure(front.send('C0LAYOUT', sampleDigest(), 'slack:T0TEST'));
    expect(error.code).toBe('bad_request');
    expect(error.reason).toBe("Slack refused this message's layout (invalid_blocks)");
    expect(posts('C0LAYOUT')).toHaveLength(1);
  });
});

describe('pacing', () => {
  it('sends to one channel about one a second, without holding up other channels', async () => {
    const front = await frontEnd({ paceMs: 1000 });
    await Promise.all([front.send('C0PACE1', sampleDigest(), 'slack:T0TEST'), front.send('C0PACE1', sampleDigest(), 'slack:T0TEST'), front.send('C0PACE2', sampleDigest(), 'slack:T0TEST')]);
    const order = fake.callsTo('chat.postMessage').filter((c) => c.params.channel?.startsWith('C0PACE'));
    // the second message to C0PACE1 waited its turn; C0PACE2 did not wait behind it
    expect(order.map((c) => c.params.channel)).toEqual(['C0PACE1', 'C0PACE2', 'C0PACE1']);
  });

  it('a send before start, or after stop, is a transient failure rather than a lost message', async () => {
    const front = createSlackFrontEnd({ botToken: 'xoxb-test', signingSecret: 's', appToken: null, apiUrl: fake.apiUrl, admins: [], operators: [], oauth: null });
    expect((await deliveryFailure(front.send('C0X', sampleDigest(), 'slack:T0TEST'))).code).toBe('transient');
    const stopped = await frontEnd();
    await stopped.stop();
    expect((await deliveryFailure(stopped.send('C0X', sampleDigest(), 'slack:T0TEST'))).reason).toBe('the Slack front end is not running');
    expect(posts('C0X')).toHaveLength(0);
  });
});
