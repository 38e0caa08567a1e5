/**
 * Tenants on Discord: the real discord.js against a fake Discord, the real handler and deliverer, and two servers.
 * A server's feeds need Manage Server; its channel's alerts, Manage Channels; one server never reaches another's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../bots/app.ts';
import { loadConfig } from '../../bots/config.ts';
import { Deliverer } from '../../bots/deliverer.ts';
import { refresh } from '../../bots/pipeline.ts';
import { ManualClock } from '../../core/clock.ts';
import { addTestFeed, addTestItems, silentLog } from '../support/app.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';
import { CHANNEL_MANAGER, commandOptions, PLAIN_MEMBER, SERVER_MANAGER, slashCommand } from '../support/discord-fixtures.ts';
import { APPLICATION_ID, callbackData, interact, startDiscord, TOKEN, type Started } from '../support/discord-harness.ts';
import { FakeDiscord } from '../support/fake-discord.ts';

const GUILD_A = '810000000000000001';
const GUILD_B = '820000000000000002';
const CHANNEL_A = '710000000000000001';
const CHANNEL_B = '720000000000000002';
let database: TestDatabase;
let discord: Started;
let app: App;
let deliverer: Deliverer;
const clock = new ManualClock('2026-11-21T03:00:00Z');

beforeAll(async () => {
  database = await openPglite();
  const fake = await FakeDiscord.start({ token: TOKEN, applicationId: APPLICATION_ID });
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: fake.apiUrl });
  app = createApp(config, silentLog, database, clock);
  discord = await startDiscord({ fake, runner: app.run });
  deliverer = new Deliverer(app.outbox, new Map([['discord', discord.frontEnd]]), clock, silentLog);
});

afterAll(async () => {
  await discord?.stop();
  await discord?.fake.close();
  await database?.dispose();
});

async function talks(server: 'A' | 'B', path: string[], values: Record<string, string | number> = {}, permissions = SERVER_MANAGER): Promise<string> {
  const where = server === 'A' ? { guildId: GUILD_A, channelId: CHANNEL_A } : { guildId: GUILD_B, channelId: CHANNEL_B };
  const { first } = await interact(discord.fake, slashCommand(APPLICATION_ID, commandOptions(path, values), { permissions, ...where }));
  return JSON.stringify(callbackData(first).data ?? {});
}

describe('Discord tenants', () => {
  it('asks Manage Server for feeds and Manage Channels for alerts', async () => {
    expect(await talks('A', ['feeds', 'add'], { url: 'https://desk.example/a.xml?key=SERVER-A' }, CHANNEL_MANAGER)).toContain("only this workspace's or server's admins");
    expect(await talks('A', ['subscribe', 'alerts'], {}, PLAIN_MEMBER)).toContain('only channel or workspace admins');
    expect(await talks('A', ['subscribe', 'alerts'], {}, CHANNEL_MANAGER)).toContain('Stall alerts on iran-us');
  });

  it("keeps one server's feed, items and alerts from another", async () => {
    const added = await talks('A', ['feeds', 'add'], { url: 'https://desk.example/a.xml?key=SERVER-A' });
    expect(added).toMatch(/Added feed #\d+ on iran-us/);
    const id = Number(/#(\d+)/.exec(added)![1]);
    expect(await talks('B', ['feeds', 'list'])).not.toContain('desk.example');
    expect(await talks('B', ['feeds', 'remove'], { id })).toContain(`There is no feed #${id}`);
    expect(await talks('A', ['feeds', 'list'])).toContain('SERVER-A');

    await talks('B', ['subscribe', 'alerts']);
    const own = await addTestFeed(database, 'iran-us', 'Server A Wire', `discord:${GUILD_A}`);
    await addTestItems(
      database,
      own,
      ['Iran-US talks suspended after strike on militia', 'Iranian delegation leaves Islamabad without agreement', 'Washington says Tehran is stalling'].map(
        (title) => ({ title, label: 'stall' as const, at: new Date('2026-11-21T02:30:00Z'), url: `https://desk.example/${title.length}` }),
      ),
    );
    await refresh(app, true);
    await deliverer.runOnce();
    expect(discord.fake.messages.get(CHANNEL_A) ?? []).toHaveLength(1);
    expect(JSON.stringify(discord.fake.messages.get(CHANNEL_A))).toContain('Stall alert: 3 stall stories');
    expect(discord.fake.messages.get(CHANNEL_B) ?? []).toHaveLength(0);
    expect(await talks('B', ['latest'])).toContain('No stories on iran-us yet');
    expect(await talks('B', ['explain'], { item: 'https://desk.example/47' })).toContain('No stored item matches');
  });
});
