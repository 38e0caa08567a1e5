/**
 * Deliveries through the real discord.js REST client to the fake Discord: a digest as embeds, Discord's rate
 * limits, its permanent errors as DeliveryErrors with reasons, headlines that try to ping or hide a link, and
 * a stop that lets sends in flight finish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { COLOURS } from '../../bots/discord/render.ts';
import { deliveryFailure } from '../support/delivery-failure.ts';
import type { Reply } from '../../core/reply.ts';
import { FIXTURE_STORIES, sampleDigest, sampleTextDigest } from '../support/digest-fixture.ts';
import { commandOptions, slashCommand } from '../support/discord-fixtures.ts';
import { APPLICATION_ID, callbackData, interact, startDiscord, TOKEN, type Started } from '../support/discord-harness.ts';

const channel = (n: number) => `70000000000000${String(n).padStart(4, '0')}`;
const discordError = (status: number, code: number, message: string) => ({ status, body: { message, code } });

describe('Discord delivery', () => {
  let discord: Started;

  beforeAll(async () => {
    discord = await startDiscord({ options: { maxRateLimitWaitMs: 5_000 } });
  });

  afterAll(async () => {
    await discord?.stop();
  });

  it('posts a digest as embeds coloured by label, with links and no mentions allowed', async () => {
    await discord.frontEnd.send(channel(1), sampleDigest(), 'discord:100000000000000001');
    const request = discord.fake.requests.find((r) => r.path === `/channels/${channel(1)}/messages`)!;
    expect(request.method).toBe('POST');
    expect(request.headers.authorization).toBe(`Bot ${TOKEN}`);
    const [message] = discord.fake.messages.get(channel(1))!;
    const { embeds = [], allowed_mentions } = message!;
    expect(allowed_mentions).toEqual({ parse: [] });
    expect(embeds.map((e) => e.title)).toEqual(['iran-us digest: 2 progress, 5 stall, 4 neutral']);
    // stories of every label in one section: the digest's tone, stall
    expect(embeds.map((e) => e.color)).toEqual([COLOURS.stall]);
    expect(embeds[0]!.fields?.map((f) => `${f.name}: ${f.value}`)).toEqual(['progress: 2 (-2)', 'stall: 5 (+2)', 'neutral: 4 (0)']);
    const lines = embeds[0]!.description!.split('\n');
    expect(lines[0]).toBe('Momentum -3 (was +1); 7-day net ▇█▅▇▄▇▁ (+1 +2 0 +1 -1 +1 -3)');
    const stall = lines.slice(lines.indexOf('**Top stall**') + 1);
    expect(stall[0]).toBe(
      `🔴 [Iranian delegation leaves Islamabad without agreement on enrichment cap](https://www.reuters.com/world/middle-east/iranian-delegation-leaves-islamabad-2026-05-14/) · Reuters · 6 articles · \`${FIXTURE_STORIES.stall[0]!.firstItemId}\``,
    );
    expect(stall[3]).toBe('and 2 more');
    // "_" would start italics: escaped, so the title reads as written
    expect(embeds[0]!.description).toContain('(talks\\_in\\_progress)');
    expect(embeds[0]!.footer?.text).toMatch(/^Alerts: Stall alert on iran-us \(3 or more stall stories within 6 h\) at .* Ask why with: explain <id>$/);
  });

  it('waits out a 429 with Retry-After and delivers once', async () => {
    discord.fake.script(new RegExp(`^POST /channels/${channel(2)}/messages$`), {
      status: 429,
      headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 1, global: false },
    });
    await discord.frontEnd.send(channel(2), sampleDigest(), 'discord:100000000000000001');
    const attempts = discord.fake.requests.filter((r) => r.path === `/channels/${channel(2)}/messages`);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(discord.fake.messages.get(channel(2))).toHaveLength(1);
  });

  it('hands a rate limit longer than it will wait back to the deliverer', async () => {
    discord.fake.script(new RegExp(`^POST /channels/${channel(3)}/messages$`), {
      status: 429,
      headers: { 'retry-after': '120' },
      body: { message: 'You are being rate limited.', retry_after: 120, global: false },
    });
    const error = await deliveryFailure(discord.frontEnd.send(channel(3), sampleDigest(), 'discord:100000000000000001'));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(120_000);
    expect(discord.fake.messages.get(channel(3))).toBeUndefined();
  });

  it.each([
    [50001, 403, 'Missing Access', 'no_access', /cannot see this channel \(Missing Access, 50001\): add the bot to the channel/],
    [10003, 404, 'Unknown Channel', 'channel_gone', /no longer exists.*\(Unknown Channel, 10003\)/],
    [50013, 403, 'Missing Permissions', 'no_access', /may not post here \(Missing Permissions, 50013\): give its role Send Messages and Embed Links/],
    [50035, 400, 'Invalid Form Body', 'bad_request', /Discord refused this message \(Invalid Form Body, 50035\)/],
  ])('raises Discord error %i through the real client as a DeliveryError with its reason, without retrying', async (code, status, message, kind, reason) => {
    const target = channel(100 + (code % 97));
    discord.fake.script(new RegExp(`^POST /channels/${target}/messages$`), discordError(status, code, message));
    const error = await deliveryFailure(discord.frontEnd.send(target, sampleTextDigest(), 'discord:100000000000000001'));
    expect(error.code).toBe(kind);
    expect(error.reason).toMatch(reason);
    expect(discord.fake.requests.filter((r) => r.path === `/channels/${target}/messages`)).toHaveLength(1);
  });

  it('raises a server error as transient', async () => {
    discord.fake.script(new RegExp(`^POST /channels/${channel(4)}/messages$`), { status: 502, body: { message: 'Bad Gateway' } });
    const error = await deliveryFailure(discord.frontEnd.send(channel(4), sampleDigest(), 'discord:100000000000000001'));
    expect(error.code).toBe('transient');
    expect(error.reason).toMatch(/Discord answered 502/);
  });

  it('refuses a channel id that is not a Discord id without calling Discord', async () => {
    const before = discord.fake.requests.length;
    const error = await deliveryFailure(discord.frontEnd.send('../../users/@me', sampleDigest(), 'discord:100000000000000001'));
    expect(error.code).toBe('channel_gone');
    expect(discord.fake.requests.length).toBe(before);
  });

  it('sends @everyone, role mentions and masked links from a headline as inert text', async () => {
    const hostile: Reply = {
      kind: 'alert',
      tone: 'stall',
      title: '@everyone talks collapse',
      blocks: [
        { type: 'text', text: 'Stall alert for <@&123456789012345678>: **3 stall stories** in 6h' },
        {
          type: 'stories',
          stories: [
            { label: 'stall', title: '@everyone [click here](https://evil.example/steal) @here', url: 'javascript:alert(1)', source: '<#123456789012345678>', itemCount: 1 },
            { label: 'stall', title: 'Talks (finally) stall', url: 'https://news.example/a_(b)', source: null, itemCount: 2 },
          ],
        },
      ],
    };
    await discord.frontEnd.send(channel(5), hostile, 'discord:100000000000000001');
    const [message] = discord.fake.messages.get(channel(5))! as RESTPostAPIChannelMessageJSONBody[];
    expect(message!.allowed_mentions).toEqual({ parse: [] });
    const text = JSON.stringify(message!.embeds);
    expect(text).not.toMatch(/@everyone|@here|[^\\]<@&|[^\\]\[click/);
    const [embed] = message!.embeds!;
    expect(embed!.title).toBe('@\u200beveryone talks collapse');
    expect(embed!.description).toBe(
      [
        'Stall alert for \\<@&123456789012345678>: \\*\\*3 stall stories\\*\\* in 6h',
        '',
        '🔴 @\u200beveryone \\[click here\\](https://evil.example/steal) @\u200bhere · \\<#123456789012345678>',
        '🔴 [Talks (finally) stall](https://news.example/a_%28b%29) · 2 articles',
      ].join('\n'),
    );
  });
});

describe('Discord front end stopping', () => {
  it('lets a send in flight finish, turns away new commands meanwhile, then closes the gateway', async () => {
    const discord = await startDiscord();
    try {
      const target = channel(6);
      discord.fake.script(new RegExp(`^POST /channels/${target}/messages$`), {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { message: 'You are being rate limited.', retry_after: 1, global: false },
      });
      const sending = discord.frontEnd.send(target, sampleDigest(), 'discord:100000000000000001');
      await discord.fake.waitFor((r) => r.path === `/channels/${target}/messages`);
      const stopping = discord.frontEnd.stop();

      const { first } = await interact(discord.fake, slashCommand(APPLICATION_ID, commandOptions(['status'])));
      expect(callbackData(first).data).toMatchObject({ flags: 64, embeds: [{ title: 'talkwatch is restarting: try again in a minute' }] });
      expect(discord.calls).toHaveLength(0);

      await sending;
      await stopping;
      expect(discord.fake.messages.get(target)).toHaveLength(1);
      await discord.fake.until(() => discord.fake.connections === 0);
      const after = await deliveryFailure(discord.frontEnd.send(target, sampleDigest(), 'discord:100000000000000001'));
      expect(after.code).toBe('transient');
    } finally {
      await discord.fake.close();
    }
  });
});
