/**
 * The real discord.js Client against a fake Discord on 127.0.0.1: login, command registration, slash commands
 * answered through interaction callbacks, the admin check, deferral, and Discord's 3 s deadline for the first
 * answer to every interaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartupError } from '../../core/ports.ts';
import { note } from '../../core/reply.ts';
import type { Command } from '../../core/commands/grammar.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import { autocomplete, CHANNEL_ID, CHANNEL_MANAGER, commandOptions, GUILD_ID, PLAIN_MEMBER, slashCommand } from '../support/discord-fixtures.ts';
import {
  APPLICATION_ID,
  callbackData,
  interact as send,
  startDiscord,
  stubRunner,
  TOKEN,
  type Call,
  type Started,
} from '../support/discord-harness.ts';
import type { APIInteraction } from 'discord-api-types/v10';
import type { FakeDiscord as Fake, Recorded } from '../support/fake-discord.ts';

/** Discord's deadline for the first answer to an interaction: a protocol limit, so every interaction is held to it. */
const INTERACTION_DEADLINE_MS = 3_000;
const firstAnswers: number[] = [];

async function interact(fake: Fake, interaction: APIInteraction): Promise<Recorded> {
  const { first, delayMs } = await send(fake, interaction);
  firstAnswers.push(delayMs);
  expect(delayMs, 'ms from INTERACTION_CREATE to the first answer').toBeLessThan(INTERACTION_DEADLINE_MS);
  return first;
}

const EPHEMERAL = 64;
const [CHANNEL_MESSAGE, DEFERRED, AUTOCOMPLETE_RESULT] = [4, 5, 8];

describe('Discord front end', () => {
  let discord: Started;
  const calls: Call[] = [];
  /** a command the test holds open, to see the front end defer */
  let release: (() => void) | null = null;

  beforeAll(async () => {
    // the default deferral delay, so the deadline checks below hold for what ships
    discord = await startDiscord({
      runner: stubRunner(calls, async (command: Command) => {
        if (command.name === 'digest' && command.action === 'now') {
          await new Promise<void>((resolve) => (release = resolve));
          return note('ok', 'info', 'Digest sent to this channel');
        }
        if (command.name === 'explain') {
          await new Promise<void>((resolve) => (release = resolve));
          return note('usage', 'warning', 'No item s999 here', undefined, true);
        }
        if (command.name === 'rules-test') throw new Error('database connection lost');
        return note('ok', 'info', `ran ${command.name}`);
      }),
    });
  });

  afterAll(async () => {
    await discord?.stop();
  });

  it('logs in: registers /talks through REST, then identifies once on the gateway', () => {
    const { fake } = discord;
    expect(fake.identifies).toBe(1);
    expect(fake.connections).toBe(1);
    const put = fake.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${APPLICATION_ID}/commands`);
    expect(put?.headers.authorization).toBe(`Bot ${TOKEN}`);
    const talks = fake.commands.get('global');
    expect(talks?.map((c) => c.name)).toEqual(['talks']);
    const names = (talks![0]!.options ?? []).map((o) => o.name);
    expect(names).toEqual(['status', 'latest', 'explain', 'digest', 'subscribe', 'unsubscribe', 'alerts', 'feeds', 'rules', 'topics', 'dashboard', 'help']);
  });

  it('answers a slash command through the interaction callback, with the channel and user it came from', async () => {
    const first = await interact(discord.fake, slashCommand(APPLICATION_ID, commandOptions(['latest'], { label: 'stall', count: 3 })));
    expect(first.method).toBe('POST');
    expect(first.headers.authorization).toBeUndefined();
    const { type, data } = callbackData(first);
    expect(type).toBe(CHANNEL_MESSAGE);
    expect(data).toMatchObject({ embeds: [{ title: 'ran latest' }], allowed_mentions: { parse: [] } });
    const call = calls.at(-1)!;
    expect(call.command).toEqual({ name: 'latest', label: 'stall', count: 3 });
    expect(call.invocation.channel).toEqual({ platform: 'discord', channelId: CHANNEL_ID, tenant: `discord:${GUILD_ID}` });
    expect(call.invocation.user.id).toBe('600000000000000001');
  });

  it('refuses feed and alert changes to a plain member, politely and privately', async () => {
    const first = await interact(discord.fake, slashCommand(APPLICATION_ID, commandOptions(['feeds', 'add'], { url: 'https://www.dawn.com/feeds/home' }), { permissions: PLAIN_MEMBER }));
    expect(calls.at(-1)).toMatchObject({ command: { name: 'feeds-add', url: 'https://www.dawn.com/feeds/home' }, admin: false });
    const { data } = callbackData(first);
    expect(data?.flags).toBe(EPHEMERAL);
    expect(data?.embeds).toMatchObject([{ title: expect.stringMatching(/manage this channel/) }]);
  });

  it('lets a member with Manage Channels change them', async () => {
    const first = await interact(
      discord.fake,
      slashCommand(APPLICATION_ID, commandOptions(['alerts', 'set-stall'], { count: 3, window: '6h' }), { permissions: CHANNEL_MANAGER, userId: '600000000000000002' }),
    );
    expect(calls.at(-1)).toMatchObject({ command: { name: 'alerts-set-stall', count: 3, windowMinutes: 360 }, admin: true });
    const { data } = callbackData(first);
    expect(data?.flags).toBeUndefined();
    expect(data?.embeds).toMatchObject([{ title: 'ran alerts-set-stall' }]);
  });

  it('answers a malformed option with a private usage line and never runs the command', async () => {
    const before = calls.length;
    const first = await interact(discord.fake, slashCommand(APPLICATION_ID, commandOptions(['alerts', 'snooze'], { duration: 'forever' })));
    expect(calls.length).toBe(before);
    const { data } = callbackData(first);
    expect(data?.flags).toBe(EPHEMERAL);
    const [embed] = data?.embeds as Array<{ title: string; description: string }>;
    expect(embed!.title).toMatch(/duration such as 30m/);
    expect(embed!.description).toBe('Usage: /talks alerts snooze \\<duration>');
  });

  it('defers a slow command within the deadline, then edits the answer in', async () => {
    const interaction = slashCommand(APPLICATION_ID, commandOptions(['digest', 'now']));
    const first = await interact(discord.fake, interaction);
    expect(callbackData(first).type).toBe(DEFERRED);
    expect(release).not.toBeNull();
    release!();
    release = null;
    const edit = await discord.fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`);
    expect(edit.body).toMatchObject({ embeds: [{ title: 'Digest sent to this channel' }], allowed_mentions: { parse: [] } });
  });

  it('turns a deferred answer meant for the asker alone into a private follow-up', async () => {
    const interaction = slashCommand(APPLICATION_ID, commandOptions(['explain'], { item: 's999' }));
    expect(callbackData(await interact(discord.fake, interaction)).type).toBe(DEFERRED);
    release!();
    release = null;
    const followUp = await discord.fake.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}`);
    expect(followUp.body).toMatchObject({ flags: EPHEMERAL, embeds: [{ title: 'No item s999 here' }] });
    const deleted = discord.fake.requests.find((r) => r.method === 'DELETE' && r.path.includes(interaction.token));
    expect(deleted).toBeDefined();
    expect(deleted!.at).toBeLessThan(followUp.at);
  });

  it('answers with a private error when the command throws, and keeps serving', async () => {
    const first = await interact(discord.fake, slashCommand(APPLICATION_ID, commandOptions(['rules', 'test'], { text: 'talks collapse' })));
    const { data } = callbackData(first);
    expect(data).toMatchObject({ flags: EPHEMERAL, embeds: [{ title: 'Something went wrong running that command' }] });
    const next = await interact(discord.fake, slashCommand(APPLICATION_ID, commandOptions(['help'])));
    expect(callbackData(next).data?.embeds).toMatchObject([{ title: 'ran help' }]);
  });

  it('suggests time zones while the user types', async () => {
    const first = await interact(discord.fake, autocomplete(APPLICATION_ID, ['subscribe', 'digest'], { timezone: 'karach' }, 'timezone'));
    expect(callbackData(first)).toEqual({ type: AUTOCOMPLETE_RESULT, data: { choices: [{ name: 'Asia/Karachi', value: 'Asia/Karachi' }] } });
  });

  it('gave the first answer to every interaction within Discord\'s 3 s', () => {
    // Each interact() above already failed its own test if late; this states the whole file's record.
    expect(firstAnswers.length).toBeGreaterThanOrEqual(9);
    expect(Math.max(...firstAnswers)).toBeLessThan(INTERACTION_DEADLINE_MS);
  });
});

describe('Discord command registration', () => {
  it('is one bulk overwrite per start: a restart keeps the same single command', async () => {
    const fake = await FakeDiscord.start({ token: TOKEN, applicationId: APPLICATION_ID });
    try {
      const first = await startDiscord({ fake });
      const id = fake.commands.get('global')?.[0]?.id;
      await first.stop();
      const second = await startDiscord({ fake });
      await second.stop();
      expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
      expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/commands'))).toHaveLength(0);
      expect(fake.commands.get('global')).toHaveLength(1);
      expect(fake.commands.get('global')?.[0]?.id).toBe(id);
      expect(fake.commandsCreated).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it('registers per guild when guilds are configured, and not globally', async () => {
    const discord = await startDiscord({ guilds: [GUILD_ID] });
    try {
      expect(discord.fake.commands.get(GUILD_ID)?.map((c) => c.name)).toEqual(['talks']);
      expect(discord.fake.commands.has('global')).toBe(false);
    } finally {
      await discord.stop();
    }
  });

  it('stops with a fix when the token is wrong', async () => {
    const fake = await FakeDiscord.start({ token: TOKEN, applicationId: APPLICATION_ID });
    try {
      const failed = startDiscord({ fake, token: 'not-the-token' });
      await expect(failed).rejects.toBeInstanceOf(StartupError);
      await expect(failed).rejects.toThrow(/DISCORD_TOKEN.*Bot page/);
      expect(fake.identifies).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it('stops with a fix when the application id does not match the token', async () => {
    const fake = await FakeDiscord.start({ token: TOKEN, applicationId: APPLICATION_ID });
    try {
      await expect(startDiscord({ fake, applicationId: '100000000000000999' })).rejects.toThrow(/DISCORD_APPLICATION_ID/);
    } finally {
      await fake.close();
    }
  });

  it('stops with a fix when the bot is not in a configured guild', async () => {
    const fake = await FakeDiscord.start({ token: TOKEN, applicationId: APPLICATION_ID, guilds: [] });
    try {
      await expect(startDiscord({ fake, guilds: [GUILD_ID] })).rejects.toThrow(/applications\.commands scope/);
    } finally {
      await fake.close();
    }
  });
});
